"""Synthetic registries at any scale, for the benchmark and for load tests.

``generate(scale, seed)`` fills an empty registry with plausible records: sites
named in Arabic and in several Latin spellings, a few heavily damaged sites and
many lightly damaged ones, event dates bunched in the years each country was at
war, and the share of drafts, withdrawn records, generalised and restricted sites,
pseudonymous and confidential people and confidential sources that a real
registry carries, so that the visibility rules cost what they will cost in real
life. The same seed gives the same records, public identifiers included.

No model instance is built and no ``save()`` runs: each stage draws its rows as
plain column values, written with COPY on PostgreSQL and ``executemany`` on SQLite
(``bulk``), keys given explicitly in dependency order inside the one transaction.
The derived columns that ``save()`` would fill (``search_text``, ``search_keys``,
``date_earliest``, ``date_latest``, ``Name.normalised``) are computed here with the
models' own functions, memoised, in the order the models' ``search_terms()`` gives
their names (the perf tests compare every one with ``derive()``); no history rows
are written (a generated registry has no past).

The package, by concern: ``scale`` (how many of each), ``vocabulary`` (the words
and mixes), ``draws`` (random field values), ``bulk`` (the writer and derived
columns), one stage per kind of record (``actors``, ``sites``, ``events``,
``objects``, ``people``) and ``generator``, which runs them in order.
"""

from registry.perf.synthetic.generator import Generator, generate
from registry.perf.synthetic.scale import Scale

__all__ = ["Generator", "Scale", "generate"]

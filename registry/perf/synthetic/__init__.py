"""Synthetic registries at any scale, for the benchmark and for load tests.

``generate(scale, seed)`` fills an empty registry with plausible records: sites
named in Arabic and in several Latin spellings, a few heavily damaged sites and
many lightly damaged ones, event dates bunched in the years each country was at
war, and the share of drafts, withdrawn records, generalised and restricted sites,
pseudonymous and confidential people and confidential sources that a real
registry carries, so that the visibility rules cost what they will cost in real
life. The same seed gives the same records, identifiers included.

Everything is written with ``bulk_create`` in batches: no ``save()`` runs, so the
derived columns that ``save()`` would fill (``search_text``, ``date_earliest``,
``date_latest``, ``Name.normalised``) are computed here with the same functions,
and no history rows are written (a generated registry has no past).

The package, by concern: ``scale`` (how many of each), ``vocabulary`` (the words
and mixes), ``draws`` (random field values), ``bulk`` (batched writes and derived
columns), one stage per kind of record (``actors``, ``sites``, ``events``,
``objects``, ``people``) and ``generator``, which runs them in order.
"""

from registry.perf.synthetic.generator import Generator, generate
from registry.perf.synthetic.scale import Scale

__all__ = ["Generator", "Scale", "generate"]

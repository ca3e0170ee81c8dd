"""UNESCO's World Heritage List export (``whc-sites-YYYY.csv`` or ``.xlsx``).

``import_file(path)`` reads the file as UNESCO publishes it, validates every row,
then writes it in one transaction; ``python manage.py import_whc FILE`` calls it.
It happens in two steps, each a function of its own:

1. ``parse_file(path)`` reads every row into a ``WhcRow`` (no database). Any error
   refuses the whole file: ``ImportRefused`` carries one "line N: reason" per
   problem, and nothing is written. In a CSV file, N is the line of the file where
   the record starts (a cell may span several lines); in a workbook, the row.
2. ``apply_rows(rows)`` writes them in a single ``transaction.atomic()``: any
   exception rolls everything back. With ``dry_run=True`` the same work is done and
   then rolled back, so the summary is exact and nothing stays written.

Keys. A property is its UNESCO reference ``id_no``: an ``ExternalIdentifier``
(scheme ``unesco_whc``, with its whc.unesco.org URL) finds the site again on every
later import, so its ``public_id`` never changes. A site that has no identifier yet
but holds the World Heritage designation with that reference is found too (and
given the identifier).

What the importer owns, and writes only where it differs from the database:

- on the site: ``name`` (``name_en``) and ``name_ar`` (when the importer creates
  the site, and afterwards only while they are still a name UNESCO gave: a name a
  curator chose is never overwritten), ``country`` and ``other_countries``,
  ``latitude``/``longitude`` (quantised to 6 decimals), ``area_hectares``,
  ``unesco_category`` (cultural, natural, mixed) and ``unesco_regions``. A value
  the file leaves empty never erases the registry's (107 properties have no Arabic
  name, 22 no area, one no coordinates). An area of 0 is UNESCO's "not given" (95
  rows) and is read as empty.
- the ``unesco_whc`` identifier and its URL;
- the ``world_heritage`` designation: reference, criteria, year of inscription;
- the ``in_danger`` designations: one per period of ``danger_list`` (below),
  matched by their start year. A period that ends is closed (``year_to`` set); a
  new period is added. Periods that the file does not mention are left alone.
- ``Name`` rows: the property's name in each of UNESCO's six languages (en, fr,
  es, ru, ar, zh), kind "official". They are only ever added: when UNESCO renames
  a property, its former name stays (readers still search for it).

Everything else belongs to curators and is never touched once the site exists:
description, condition, periods, status, curator notes, location sensitivity and
certainty, site type, administrative division, citations, media… UNESCO's short
descriptions and justifications are not imported at all: they are UNESCO's
copyrighted prose, and the registry takes only the bare facts.

Decisions:

- New sites are drafts (``status`` draft): publishing stays an editor's decision.
- Their ``location_sensitivity`` is "public": UNESCO publishes the coordinates of
  every World Heritage property, so generalising them protects nothing. Their
  ``location_certainty`` is "approximate": UNESCO's point stands for a property
  that may cover thousands of hectares. Curators may change both afterwards.
- Site type (set when the site is created, then the curators'): only what UNESCO
  states. A Natural property is a "natural-site"; any other is "unclassified"
  until a curator says what it is. Nothing is guessed from a name (Aleppo is no
  archaeological site, a forest park neither).
- Countries: ``iso_code`` lists the States Parties' ISO 3166-1 codes, joined by
  commas for a transboundary property ("be,fr"). The first is ``country``, the
  others ``other_countries`` (UNESCO sorts the codes alphabetically; when a
  property is extended across a border, its site keeps its country and gains the
  new one in ``other_countries``). A code that is not ISO 3166-1 refuses the
  file. A row with no code at all is a property of no State Party: UNESCO's only
  one is the Old City of Jerusalem (148, "Jerusalem (Site proposed by Jordan)").
  The registry takes no side on such a question: the site is imported with no
  country, its World Heritage designation noting that UNESCO lists it under no
  State Party (with UNESCO's words), and it is counted in every figure but the
  countries'. A curator may give it a country; later imports keep it.
- ``danger_list`` is a list of periods: "Y 2013" (on the List in Danger since
  2013), "P 1997-2005" (a past period), in any order and number ("Y 1996 P
  1984-1992", "P 1984-1988 P 2000-2006"). Anything else is a row error, as is a
  period that ends before it starts, two current periods, or a ``danger`` flag
  that contradicts the list. ``date_end`` is not read: the list says it better.
- Names lose their HTML (UNESCO writes "<i>Aflaj</i>", "Ulu<U>r</U>u",
  "<br /><small>…</small>") and entities, runs of spaces become one, and text
  that was plainly mis-decoded upstream ("alcÃ¡zar") is repaired.
- Properties no longer in the file are never deleted: their World Heritage (and
  any open In Danger) designation ends in the export's year (its latest year of
  inscription), with the reason as the note: "Merged into 1582 in UNESCO's export
  of 2025" where a row's ``rev_bis`` says so ("-790"), else "Not in UNESCO's
  export of 2025". A property back in a later export is listed again.
- Each import is an ``ImportBatch`` (file name, SHA-256, who, when, the export's
  year, counts, the summary); every site it created or changed points to it.
  ``--publish`` publishes the file's draft and in-review sites (withdrawn ones
  stay withdrawn); an editor can publish a batch from the admin.
- New records are created in bulk with their history (the 2024 export of 1,223
  properties: about 4 s on SQLite, 6 s on PostgreSQL, with Django's start; a
  re-import that changes nothing: about 2 s).
- The file is the truth: importing last year's file after this year's puts last
  year's facts back (the summary says which danger periods reopen). Every row
  written carries the history change reason "import_whc <file name>".
"""

from registry.interchange.whc.parsing import (
    DangerPeriod,
    WhcRow,
    parse_danger,
    parse_file,
)
from registry.interchange.whc.reading import ImportRefused
from registry.interchange.whc.writing import Summary, apply_rows, import_file

__all__ = [
    "DangerPeriod",
    "ImportRefused",
    "Summary",
    "WhcRow",
    "apply_rows",
    "import_file",
    "parse_danger",
    "parse_file",
]

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

- on the site: ``name`` (``name_en``), ``name_ar``, ``country`` and
  ``other_countries``, ``latitude``/``longitude`` (quantised to 6 decimals) and
  ``area_hectares``. A value the file leaves empty never erases the registry's
  (107 properties have no Arabic name, 22 no area, one no coordinates). An area of
  0 is UNESCO's "not given" (95 rows) and is read as empty.
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
- Site type (set when the site is created, then the curators'): Mixed properties
  are "cultural-landscape"; Natural ones "natural-site", a term added to the
  vocabulary the first time it is needed (no seeded type fits a reef or a forest,
  and a wrong type would be worse than a new one); Cultural ones by the first of
  ``CULTURAL_TYPES`` whose keyword occurs in the English name, else
  "archaeological-site".
- Countries: ``iso_code`` lists the States Parties' ISO 3166-1 codes, joined by
  commas for a transboundary property ("be,fr"). The first is ``country``, the
  others ``other_countries`` (UNESCO sorts the codes alphabetically; when a
  property is extended across a border, its site keeps its country and gains the
  new one in ``other_countries``). A code that is not ISO 3166-1 refuses the
  file. A row with no code at all is a property of no State Party: UNESCO's only
  one is the Old City of Jerusalem (148, "Jerusalem (Site proposed by Jordan)").
  The registry takes no side on such a question, and a site must have a country,
  so such a row is *skipped with its reason* in the summary; if a curator records
  the site by hand (with its UNESCO identifier), later imports update everything
  but its countries.
- ``danger_list`` is a list of periods: "Y 2013" (on the List in Danger since
  2013), "P 1997-2005" (a past period), in any order and number ("Y 1996 P
  1984-1992", "P 1984-1988 P 2000-2006"). Anything else is a row error, as is a
  period that ends before it starts, two current periods, or a ``danger`` flag
  that contradicts the list. ``date_end`` is not read: the list says it better.
- Names lose their HTML (UNESCO writes "<i>Aflaj</i>", "Ulu<U>r</U>u",
  "<br /><small>…</small>") and entities, runs of spaces become one, and text
  that was plainly mis-decoded upstream ("alcÃ¡zar") is repaired.
- Properties no longer in the file (delisted, or merged into another) are listed
  in the summary and never deleted.
- The file is the truth: importing last year's file after this year's puts last
  year's facts back (the summary says which danger periods reopen). Every row
  written carries the history change reason "import_whc <file name>".
"""

import contextlib
import csv
import html
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from zipfile import BadZipFile

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django_countries import countries as iso_countries

from registry.models import (
    Designation,
    DesignationKind,
    ExternalIdentifier,
    HeritageSite,
    IdentifierScheme,
    LocationCertainty,
    LocationSensitivity,
    Name,
    NameKind,
    PublicationStatus,
    Term,
    Vocabulary,
)
from registry.publishing.workflow import mark_status

URL = "https://whc.unesco.org/en/list/{id_no}"

REQUIRED_COLUMNS = (
    "id_no",
    "name_en",
    "date_inscribed",
    "danger_list",
    "latitude",
    "longitude",
    "category",
    "iso_code",
)
# Language of each name column, in the order they are stored.
NAME_COLUMNS = (
    ("en", "name_en"),
    ("fr", "name_fr"),
    ("es", "name_es"),
    ("ru", "name_ru"),
    ("ar", "name_ar"),
    ("zh", "name_zh"),
)
NAME_MAX_LENGTH = 300

# Cultural properties: the first rule with a keyword in the English name wins.
CULTURAL_TYPES = (
    (
        "archaeological-site",
        (
            "archaeolog",
            "ruins",
            "ancient",
            "prehistor",
            "rock art",
            "rock paintings",
            "petroglyph",
            "remains",
            "pre-hispanic",
        ),
    ),
    ("cultural-landscape", ("landscape",)),
    (
        "historic-city",
        (
            "historic centre",
            "historic center",
            "historic town",
            "historic city",
            "old town",
            "old city",
            "town of",
            "city of",
            "medina",
            "kasbah",
            "ksar",
            "ksour",
        ),
    ),
    (
        "religious-building",
        (
            "cathedral",
            "church",
            "mosque",
            "masjed",
            "monaster",
            "abbey",
            "temple",
            "basilica",
            "convent",
            "synagogue",
            "pagoda",
            "shrine",
        ),
    ),
    (
        "historic-building",
        (
            "palace",
            "castle",
            "fort",
            "citadel",
            "villa",
            "residence",
            "house",
            "bridge",
        ),
    ),
    ("monument", ("monument", "memorial", "mausoleum")),
)
CULTURAL_DEFAULT = "archaeological-site"
# A keyword matches at the start of a word: "fort" finds "Fortress", not "Comfort".
_CULTURAL_PATTERNS = [
    (code, re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + ")", re.I))
    for code, words in CULTURAL_TYPES
]
CATEGORY_TYPES = {"mixed": "cultural-landscape", "natural": "natural-site"}
# Terms the importer may add to the site-type vocabulary: code -> (English, Arabic).
NEW_TERMS = {"natural-site": ("Natural site", "موقع طبيعي")}

SIX_PLACES = Decimal("0.000001")
TWO_PLACES = Decimal("0.01")


class ImportRefused(Exception):
    """The file was refused; ``errors`` holds one "line N: reason" per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class DangerPeriod:
    year_from: int
    year_to: int | None  # None: still on the List in Danger

    def __str__(self):
        return f"{self.year_from}–{self.year_to or ''}"


@dataclass(frozen=True)
class WhcRow:
    """One validated row of the file. ``line`` is not part of its equality."""

    id_no: str
    name: str
    names: tuple[tuple[str, str], ...]  # (language, name), name_en first
    year_inscribed: int
    criteria: str
    danger: tuple[DangerPeriod, ...]
    latitude: Decimal | None
    longitude: Decimal | None
    area_hectares: Decimal | None
    category: str  # cultural, natural or mixed
    site_type: str  # a Term code of the site_type vocabulary
    countries: tuple[str, ...]  # upper-case ISO 3166-1; empty for no State Party
    states: str  # states_name_en, as UNESCO wrote it
    line: int = field(default=0, compare=False)

    @property
    def name_ar(self):
        return dict(self.names).get("ar", "")

    @property
    def url(self):
        return URL.format(id_no=self.id_no)


@dataclass
class Skipped:
    line: int
    id_no: str
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.id_no}: {self.reason}"


@dataclass
class Summary:
    """What an import did (or, in a dry run, would have done)."""

    rows: int = 0
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    no_longer_listed: list[str] = field(default_factory=list)
    entered_danger: list[str] = field(default_factory=list)
    left_danger: list[str] = field(default_factory=list)
    terms_created: list[str] = field(default_factory=list)
    # id_no -> what changed on an updated site
    changes: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, verbose=False):
        """The summary as a reader should see it, one line each."""
        head = "Dry run, nothing written: " if self.dry_run else ""
        out = [
            f"{head}{self.rows} rows: {len(self.created)} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped."
        ]
        out += [f"  skipped {skipped}" for skipped in self.skipped]
        if self.entered_danger:
            out.append(
                "Entered the List in Danger: " + ", ".join(self.entered_danger) + "."
            )
        if self.left_danger:
            out.append("Left the List in Danger: " + ", ".join(self.left_danger) + ".")
        if self.terms_created:
            out.append("Site types added: " + ", ".join(self.terms_created) + ".")
        if self.no_longer_listed:
            out.append(
                f"No longer in the file (kept, not deleted): "
                f"{len(self.no_longer_listed)}: "
                + ", ".join(self.no_longer_listed)
                + "."
            )
        if verbose:
            out += [
                f"  updated {id_no}: {', '.join(changes)}"
                for id_no, changes in self.changes.items()
            ]
        return out


# Reading ----------------------------------------------------------------------------


def read_table(path):
    """(line, {column: text}) for each non-empty data row of a .csv or .xlsx file.

    Column names are stripped and lower-cased; every value is text ("" if empty).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise ImportRefused([f"{path.name}: not a .csv or .xlsx file"])


def _check_header(header):
    header = [str(column or "").strip().lower() for column in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportRefused(
            [f"line 1: missing column(s) {', '.join(missing)}: is this UNESCO's list?"]
        )
    return header


def _read_csv(path):
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise ImportRefused(
            [f"{path.name}: not UTF-8 text (byte {error.start})"]
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        header = _check_header(next(reader, []))
        line = reader.line_num + 1
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise ImportRefused(
                    [
                        f"line {start}: {len(record)} fields where the header has "
                        f"{len(header)} (a stray quote or delimiter?)"
                    ]
                )
            rows.append((start, dict(zip(header, record, strict=True))))
    except csv.Error as error:
        raise ImportRefused([f"line {reader.line_num}: {error}"]) from error
    return rows


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_xlsx(path):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, OSError, KeyError, ValueError) as error:
        raise ImportRefused([f"{path.name}: not a readable .xlsx file"]) from error
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = _check_header(next(values, ()))
        rows = []
        for line, record in enumerate(values, start=2):
            cells = [_cell_text(value) for value in record]
            if not any(cell.strip() for cell in cells):
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append((line, dict(zip(header, cells, strict=False))))
        return rows
    finally:
        workbook.close()


# Validating -------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc]")


def clean_text(value):
    """A name as plain text: no tags, no entities, no mis-decoding, single spaces."""
    text = _TAG.sub("", _BREAK.sub(" ", value))
    text = html.unescape(text)
    if _MOJIBAKE.search(text):
        with contextlib.suppress(UnicodeError):  # it was not mojibake after all
            text = text.encode("cp1252").decode("utf-8")
    return " ".join(text.split())


_DANGER_PART = re.compile(r"([YP])\s*(\d{4})(?:\s*-\s*(\d{4}))?", re.IGNORECASE)


def parse_danger(text):
    """The periods of a ``danger_list``: "Y 2013", "P 1997-2005", "Y 1996 P 1984-1992".

    Raises ValueError with a reader's explanation when it cannot be read.
    """
    periods = []
    position, text = 0, text.strip()
    while position < len(text):
        if text[position] in " \t\r\n,;":
            position += 1
            continue
        match = _DANGER_PART.match(text, position)
        if match is None:
            raise ValueError(
                f"danger_list {text!r}: cannot read {text[position:]!r} "
                "(expected periods such as 'Y 2013' or 'P 1997-2005')"
            )
        kind, start, end = match.group(1).upper(), int(match.group(2)), match.group(3)
        if kind == "Y" and end:
            raise ValueError(
                f"danger_list {text!r}: 'Y' is a current period and takes no end year"
            )
        if kind == "P" and not end:
            raise ValueError(f"danger_list {text!r}: the past period 'P {start}' ends")
        end = int(end) if end else None
        if end is not None and end < start:
            raise ValueError(
                f"danger_list {text!r}: the period {start}-{end} ends before it starts"
            )
        periods.append(DangerPeriod(start, end))
        position = match.end()
    if sum(period.year_to is None for period in periods) > 1:
        raise ValueError(f"danger_list {text!r}: more than one current period")
    starts = [period.year_from for period in periods]
    if len(set(starts)) != len(starts):
        raise ValueError(f"danger_list {text!r}: two periods start the same year")
    return tuple(sorted(periods, key=lambda period: period.year_from))


def _integer(value, column):
    text = value.strip()
    if not text:
        raise ValueError(f"{column} is missing")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if number != number.to_integral_value() or number <= 0:
        raise ValueError(f"{column} {text!r} is not a whole positive number")
    return int(number)


def _year(value, column):
    year = _integer(value, column)
    if not 1900 <= year <= 2200:
        raise ValueError(f"{column} {value.strip()!r} is not a year")
    return year


def _decimal(value, column, places, low, high):
    text = value.strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if not number.is_finite() or not low <= number <= high:
        raise ValueError(f"{column} {text!r} is out of range ({low} to {high})")
    return number.quantize(places, rounding=ROUND_HALF_UP)


def _countries(value):
    codes = []
    for part in re.split(r"[,;\s]+", value.strip()):
        if not part:
            continue
        code = part.upper()
        if len(code) != 2 or iso_countries.alpha2(code) != code:
            raise ValueError(f"iso_code {value.strip()!r}: {part!r} is not ISO 3166-1")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def site_type_for(category, name):
    """The site-type code for a property (see the module's decisions)."""
    if category in CATEGORY_TYPES:
        return CATEGORY_TYPES[category]
    for code, pattern in _CULTURAL_PATTERNS:
        if pattern.search(name):
            return code
    return CULTURAL_DEFAULT


def parse_row(line, values):
    """A ``WhcRow`` from one row's texts; raises ImportRefused with its errors."""
    errors = []

    def attempt(function, *args):
        try:
            return function(*args)
        except ValueError as error:
            errors.append(str(error))
            return None

    def get(column):
        return (values.get(column) or "").strip()

    id_no = attempt(_integer, get("id_no"), "id_no")
    names = []
    for language, column in NAME_COLUMNS:
        name = clean_text(get(column))
        if len(name) > NAME_MAX_LENGTH:
            errors.append(f"{column} is longer than {NAME_MAX_LENGTH} characters")
        elif name:
            names.append((language, name))
    if not dict(names).get("en"):
        errors.append("name_en is missing")
    year = attempt(_year, get("date_inscribed"), "date_inscribed")
    criteria = get("criteria_txt").replace(" ", "").lower()
    if not re.fullmatch(r"(\([ivx]+\))*", criteria) or len(criteria) > 100:
        errors.append(f"criteria_txt {get('criteria_txt')!r} is not like '(i)(ii)(iv)'")
    danger = attempt(parse_danger, get("danger_list"))
    flag = get("danger")
    if danger is not None and flag in ("0", "1"):
        current = any(period.year_to is None for period in danger)
        if current != (flag == "1"):
            errors.append(
                f"danger is {flag} but danger_list {get('danger_list')!r} "
                + ("has no current period" if flag == "1" else "has one")
            )
    before = len(errors)
    latitude = attempt(_decimal, get("latitude"), "latitude", SIX_PLACES, -90, 90)
    longitude = attempt(_decimal, get("longitude"), "longitude", SIX_PLACES, -180, 180)
    if len(errors) == before and (latitude is None) != (longitude is None):
        errors.append("give both latitude and longitude, or neither")
    area = attempt(
        _decimal, get("area_hectares"), "area_hectares", TWO_PLACES, 0, 10**10 - 1
    )
    category = get("category").lower()
    if category not in ("cultural", "natural", "mixed"):
        errors.append(f"category {get('category')!r} is not Cultural, Natural or Mixed")
    countries = attempt(_countries, get("iso_code"))
    if errors:
        raise ImportRefused(f"line {line}: {error}" for error in errors)
    return WhcRow(
        id_no=str(id_no),
        name=names[0][1],
        names=tuple(names),
        year_inscribed=year,
        criteria=criteria,
        danger=danger,
        latitude=latitude,
        longitude=longitude,
        area_hectares=area or None,  # 0 is UNESCO's "not given"
        category=category,
        site_type=site_type_for(category, names[0][1]),
        countries=countries,
        states=get("states_name_en"),
        line=line,
    )


def parse_rows(table):
    """Validated rows from ``(line, values)`` pairs; ImportRefused lists every error."""
    rows, errors, seen = [], [], {}
    for line, values in table:
        try:
            row = parse_row(line, values)
        except ImportRefused as refused:
            errors += refused.errors
            continue
        if row.id_no in seen:
            errors.append(
                f"line {line}: id_no {row.id_no} is already on line {seen[row.id_no]}"
            )
            continue
        seen[row.id_no] = line
        rows.append(row)
    if errors:
        raise ImportRefused(errors)
    if not rows:
        raise ImportRefused(["the file has no rows"])
    return rows


def parse_file(path):
    """Every row of the file, validated (see ``parse_rows``)."""
    return parse_rows(read_table(path))


# Writing ----------------------------------------------------------------------------


class _Registry:
    """What the database already holds for the file's properties, read at once."""

    def __init__(self, rows, reason):
        self.reason = reason[:100]
        self.content_type = ContentType.objects.get_for_model(HeritageSite)
        ids = [row.id_no for row in rows]
        self.identifiers = {
            identifier.value: identifier
            for identifier in ExternalIdentifier.objects.filter(
                scheme=IdentifierScheme.UNESCO_WHC
            ).select_related("site")
        }
        self.sites = {value: ident.site for value, ident in self.identifiers.items()}
        for designation in Designation.objects.filter(
            kind=DesignationKind.WORLD_HERITAGE, reference__in=ids
        ).select_related("site"):
            self.sites.setdefault(designation.reference, designation.site)
        site_ids = {site.pk for site in self.sites.values()}
        self.designations = defaultdict(list)
        for designation in Designation.objects.filter(
            site_id__in=site_ids,
            kind__in=[DesignationKind.WORLD_HERITAGE, DesignationKind.IN_DANGER],
        ).order_by("pk"):
            self.designations[designation.site_id].append(designation)
        self.names = defaultdict(set)
        for object_id, name, language in Name.objects.filter(
            content_type=self.content_type, object_id__in=site_ids
        ).values_list("object_id", "name", "language"):
            self.names[object_id].add((name, language))
        self.terms = {}

    def site_type(self, code, summary):
        if code not in self.terms:
            term = Term.objects.filter(
                vocabulary=Vocabulary.SITE_TYPE, code=code
            ).first()
            if term is None:
                label_en, label_ar = NEW_TERMS[code]
                term = Term(
                    vocabulary=Vocabulary.SITE_TYPE,
                    code=code,
                    label_en=label_en,
                    label_ar=label_ar,
                )
                self.save(term)
                summary.terms_created.append(code)
            self.terms[code] = term
        return self.terms[code]

    def save(self, record, validate=True):
        if validate:
            record.full_clean()
        record._change_reason = self.reason
        record.save()


def _write(record, values):
    """Set ``values`` on ``record``; the names of the fields that changed."""
    changed = []
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


def _site_values(row, site=None):
    """The site's fields the importer owns, as this row gives them."""
    values = {"name": row.name}
    if row.name_ar:
        values["name_ar"] = row.name_ar
    if row.latitude is not None:
        values["latitude"] = row.latitude
        values["longitude"] = row.longitude
    if row.area_hectares is not None:
        values["area_hectares"] = row.area_hectares
    if row.countries:
        country = row.countries[0]
        current = site.country.code if site is not None and site.country else ""
        if current in row.countries:
            country = current  # an extension across a border keeps the first state
        values["country"] = country
        values["other_countries"] = sorted(set(row.countries) - {country})
    if site is not None and row.countries:  # compare like with like
        if current == values["country"]:
            del values["country"]
        if sorted(c.code for c in site.other_countries) == values["other_countries"]:
            del values["other_countries"]
    return values


def _sync_site(row, registry, summary):
    """The site of ``row``, created or brought up to date; (site, created, changes)."""
    site = registry.sites.get(row.id_no)
    if site is None:
        site = HeritageSite(
            site_type=registry.site_type(row.site_type, summary),
            location_certainty=LocationCertainty.APPROXIMATE,
            location_sensitivity=LocationSensitivity.PUBLIC,
            **_site_values(row),
        )
        mark_status(site, PublicationStatus.DRAFT, previous=PublicationStatus.DRAFT)
        registry.save(site)
        registry.sites[row.id_no] = site
        return site, True, []
    changes = _write(site, _site_values(row, site))
    if changes:
        registry.save(site)
    return site, False, changes


def _sync_identifier(site, row, registry):
    identifier = registry.identifiers.get(row.id_no)
    if identifier is None:
        identifier = ExternalIdentifier(
            site=site, scheme=IdentifierScheme.UNESCO_WHC, value=row.id_no, url=row.url
        )
        registry.save(identifier)
        registry.identifiers[row.id_no] = identifier
        return ["identifier"]
    if _write(identifier, {"url": row.url}):
        registry.save(identifier)
        return ["identifier URL"]
    return []


def _sync_world_heritage(site, row, registry, designations):
    listed = [d for d in designations if d.kind == DesignationKind.WORLD_HERITAGE]
    designation = next((d for d in listed if d.reference == row.id_no), None) or next(
        (d for d in listed if not d.reference), None
    )
    values = {
        "reference": row.id_no,
        "criteria": row.criteria,
        "year_from": row.year_inscribed,
    }
    if designation is None:
        designation = Designation(
            site=site, kind=DesignationKind.WORLD_HERITAGE, **values
        )
        registry.save(designation)
        designations.append(designation)
        return ["World Heritage designation"]
    changed = _write(designation, values)
    if changed:
        registry.save(designation)
        return [f"World Heritage {name}" for name in changed]
    return []


def _sync_danger(site, row, registry, designations, summary, created):
    by_start = {}
    for designation in designations:
        if designation.kind == DesignationKind.IN_DANGER:
            by_start.setdefault(designation.year_from, designation)
    changes = []
    for period in row.danger:
        designation = by_start.get(period.year_from)
        if designation is None:
            designation = Designation(
                site=site,
                kind=DesignationKind.IN_DANGER,
                reference=row.id_no,
                year_from=period.year_from,
                year_to=period.year_to,
            )
            registry.save(designation)
            designations.append(designation)
            if not created:
                changes.append(f"in danger {period}")
                if period.year_to is None:
                    summary.entered_danger.append(row.id_no)
            continue
        was_open = designation.year_to is None
        if _write(designation, {"reference": row.id_no, "year_to": period.year_to}):
            registry.save(designation)
            changes.append(f"in danger {period}")
            if was_open and period.year_to is not None:
                summary.left_danger.append(row.id_no)
            elif period.year_to is None:
                summary.entered_danger.append(row.id_no)
    return changes


def _sync_names(site, row, registry):
    existing = registry.names[site.pk]
    added = []
    for language, name in row.names:
        if (name, language) in existing:
            continue
        registry.save(
            Name(
                content_type=registry.content_type,
                object_id=site.pk,
                name=name,
                language=language,
                kind=NameKind.OFFICIAL,
            ),
            validate=False,  # unique per site and language: checked just above
        )
        existing.add((name, language))
        added.append(language)
    return [f"names ({', '.join(added)})"] if added else []


def apply_row(row, registry, summary):
    """Bring the registry in line with one row, recording the outcome in ``summary``."""
    site = registry.sites.get(row.id_no)
    if site is None and not row.countries:
        states = row.states or "none given"
        summary.skipped.append(
            Skipped(
                row.line,
                row.id_no,
                f"not in any country (States Parties: {states}); the registry does "
                "not assign one: record it by hand with its UNESCO identifier",
            )
        )
        return
    site, created, changes = _sync_site(row, registry, summary)
    designations = registry.designations[site.pk]
    changes += _sync_identifier(site, row, registry)
    changes += _sync_world_heritage(site, row, registry, designations)
    changes += _sync_danger(site, row, registry, designations, summary, created)
    changes += _sync_names(site, row, registry)
    if created:
        summary.created.append(row.id_no)
    elif changes:
        summary.updated.append(row.id_no)
        summary.changes[row.id_no] = changes
    else:
        summary.unchanged.append(row.id_no)


def apply_rows(rows, *, dry_run=False, source="", progress=None):
    """Write validated ``rows`` in one transaction; return the ``Summary``.

    Any exception rolls back everything; a validation error of the models comes out
    as ImportRefused with the row's line. ``progress(done, total)`` is called after
    each row. With ``dry_run`` the transaction is rolled back at the end.
    """
    summary = Summary(rows=len(rows), dry_run=dry_run)
    with transaction.atomic():
        registry = _Registry(rows, f"import_whc {source}".strip())
        for done, row in enumerate(rows, start=1):
            try:
                apply_row(row, registry, summary)
            except ValidationError as error:
                raise ImportRefused(
                    f"line {row.line}: {row.id_no}: {message}"
                    for message in error.messages
                ) from error
            if progress is not None:
                progress(done, len(rows))
        in_file = {row.id_no for row in rows}
        summary.no_longer_listed = sorted(
            (value for value in registry.identifiers if value not in in_file),
            key=lambda value: (len(value), value),
        )
        if dry_run:
            transaction.set_rollback(True)
    return summary


def import_file(path, *, dry_run=False, progress=None):
    """Read, validate and import one UNESCO export; return the ``Summary``.

    Raises ImportRefused, with nothing written, if any row is wrong.
    """
    rows = parse_file(path)
    return apply_rows(rows, dry_run=dry_run, source=Path(path).name, progress=progress)

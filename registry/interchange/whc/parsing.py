"""Every row of UNESCO's export parsed into a ``WhcRow``, without the database: any
error refuses the whole file with its line number."""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django_countries import countries as iso_countries

from registry.interchange.whc.reading import ImportRefused, clean_text, read_table

URL = "https://whc.unesco.org/en/list/{id_no}"

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
# UNESCO states a property's category, never its kind of place: a Natural property is
# a natural site; any other is "unclassified" until a curator says what it is (no
# guess from its name: Aleppo is no more an archaeological site than a forest park).
CATEGORY_TYPES = {"natural": "natural-site"}
UNSTATED_TYPE = "unclassified"
# Terms the importer adds if a database lacks them (they are seeded by migration 0014).
NEW_TERMS = {
    "natural-site": ("Natural site", "موقع طبيعي"),
    "unclassified": ("Unclassified (type not stated)", "غير مصنّف"),
}
# UNESCO's region names -> UnescoRegion codes.
REGIONS = {
    "africa": "africa",
    "arab states": "arab_states",
    "asia and the pacific": "asia_pacific",
    "europe and north america": "europe_north_america",
    "latin america and the caribbean": "latin_america_caribbean",
}

SIX_PLACES = Decimal("0.000001")
TWO_PLACES = Decimal("0.01")


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
    regions: tuple[str, ...]  # UnescoRegion codes
    absorbs: tuple[str, ...]  # references merged into this one ("-894" in rev_bis)
    states: str  # states_name_en, as UNESCO wrote it
    line: int = field(default=0, compare=False)

    @property
    def name_ar(self):
        return dict(self.names).get("ar", "")

    @property
    def url(self):
        return URL.format(id_no=self.id_no)

    @property
    def criteria_codes(self):
        """ "(i)(ii)(iv)" as ["i", "ii", "iv"]."""
        return re.findall(r"[ivx]+", self.criteria)


def export_year(rows):
    """The year of an export: its latest inscription (UNESCO publishes the list after
    each session of the Committee, which inscribes properties that year)."""
    return max(row.year_inscribed for row in rows)


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


def site_type_for(category):
    """The site-type code for a property: only what UNESCO states (see above)."""
    return CATEGORY_TYPES.get(category, UNSTATED_TYPE)


def _regions(value):
    """UnescoRegion codes from ``region_en`` ("Asia and the Pacific,Europe and …")."""
    codes = []
    for name in (part.strip() for part in value.split(",")):
        if not name:
            continue
        code = REGIONS.get(name.lower())
        if code is None:
            raise ValueError(f"region_en {name!r} is not one of UNESCO's regions")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


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
    regions = attempt(_regions, get("region_en"))
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
        site_type=site_type_for(category),
        regions=regions,
        absorbs=tuple(re.findall(r"-\s*(\d+)", get("rev_bis"))),
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

"""A column mapping: any CSV/XLSX list of objects read into the registry's columns.

A mapping is a TOML file (``manage.py import_records objects FILE --mapping M``)::

    [columns]              # registry column = column of the file
    title = "name"
    description = ["circumstances", "place_incident"]   # joined, one per paragraph
    [split]                # cells that list several values, and their separator
    materials = ","        # (a column of one value, such as object_type, takes the
                           # first value the mapping does not leave out)
    [values.object_type]   # a value in the file = a registry code
    "Painting" = "painting"
    "*" = "other-object"   # any other value (without it, unmapped is an error)
    [constants]            # the same value on every row (when its cell is empty)
    country_of_origin = "UA"
    current_status = "missing"
    [issuers]              # who issued a column's reference numbers: the list
    other_reference = "Defence Intelligence of Ukraine (GUR), stolen objects"

The list's own number (``other_reference``) finds the object a row describes, so
that importing the list again changes nothing and an updated list updates its
objects: a row is the object that holds that number, issued by the list's
``[issuers]`` name (or by no one, without it: give each list its issuer, so that
one list's "42" is not taken for another's). A number that two objects hold, or
that two rows give, is refused on its line.

The targets are the columns of the registry's own export. Values are matched as
written, then ignoring case and surrounding spaces; a value mapped to "" is left
out. What the mapping does not map is passed on unchanged, so the import itself
refuses a value that is not a code, naming its line and the closest codes.
"""

import tomllib
from dataclasses import dataclass, field

import tablib

SECTIONS = {"columns", "values", "constants", "split", "issuers"}
# Registry columns that hold several values (joined with "|" for the import).
MULTIPLE = {
    "materials",
    "techniques",
    "inventory_number",
    "interpol_number",
    "case_number",
    "lot_number",
    "other_reference",
}
# Registry columns of reference numbers (an issuer may be named for each).
REFERENCES = MULTIPLE - {"materials", "techniques"}
# The column of the list's own numbers, by which its rows find their objects.
OWN_REFERENCE = "other_reference"


class MappingError(ValueError):
    """The mapping itself is wrong (not a row of the file): nothing is read."""


@dataclass
class Mapping:
    columns: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)
    split: dict = field(default_factory=dict)
    issuers: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path, targets):
        """The mapping in the TOML file ``path``, checked against ``targets`` (the
        registry's column names)."""
        try:
            with open(path, "rb") as file:
                data = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise MappingError(f"{path}: not valid TOML: {error}") from error
        return cls.from_dict(data, targets)

    @classmethod
    def from_dict(cls, data, targets):
        unknown = set(data) - SECTIONS
        if unknown:
            raise MappingError(
                f"unknown section(s) {', '.join(sorted(unknown))}; "
                f"expected {', '.join(sorted(SECTIONS))}"
            )
        mapping = cls(
            columns=data.get("columns", {}),
            values=data.get("values", {}),
            constants=data.get("constants", {}),
            split=data.get("split", {}),
            issuers=data.get("issuers", {}),
        )
        for section in ("columns", "values", "constants", "split", "issuers"):
            for target in getattr(mapping, section):
                if target not in targets or target == "id":
                    raise MappingError(
                        f"[{section}] {target!r} is not a registry column; the "
                        f"columns are: {', '.join(t for t in targets if t != 'id')}"
                    )
        for target, sources in mapping.columns.items():
            if not isinstance(sources, (str, list)):
                raise MappingError(f"[columns] {target}: a column name or a list")
        for target, table in mapping.values.items():
            if not isinstance(table, dict):
                raise MappingError(f"[values.{target}] must be a table")
        for target, issuer in mapping.issuers.items():
            if target not in REFERENCES:
                raise MappingError(
                    f"[issuers] {target!r} is not a column of reference numbers; "
                    f"they are: {', '.join(sorted(REFERENCES))}"
                )
            if not isinstance(issuer, str) or not issuer.strip():
                raise MappingError(f"[issuers] {target}: the issuer's name, a text")
            if len(issuer.strip()) > 300:
                raise MappingError(f"[issuers] {target}: at most 300 characters")
        mapping.issuers = {k: v.strip() for k, v in mapping.issuers.items()}
        return mapping

    @property
    def matches(self):
        """Whether rows find their objects by the list's own number."""
        return OWN_REFERENCE in self.columns

    def check_header(self, header):
        """The file's columns that the mapping names but the file lacks."""
        named = []
        for sources in self.columns.values():
            named += [sources] if isinstance(sources, str) else list(sources)
        present = set(header)
        missing = [name for name in named if name not in present]
        if missing:
            raise MappingError(
                f"the file has no column {', '.join(map(repr, missing))}; "
                f"its columns are: {', '.join(header)}"
            )

    def translate(self, target, value):
        """``value`` (one cell's value) in the registry's terms."""
        table = self.values.get(target)
        if table is None:
            return value
        if value in table:
            return table[value]
        folded = {key.strip().casefold(): code for key, code in table.items()}
        key = value.strip().casefold()
        if key in folded:
            return folded[key]
        return table.get("*", value)

    def cell(self, target, record):
        sources = self.columns.get(target)
        if sources is None:
            text = ""
        elif isinstance(sources, str):
            text = _text(record.get(sources))
        else:
            parts = [_text(record.get(name)) for name in sources]
            text = "\n\n".join(part for part in parts if part)
        if not text and target in self.constants:
            text = str(self.constants[target])
        if not text:
            return ""
        separator = self.split.get(target)
        pieces = text.split(separator) if separator else [text]
        pieces = [piece.strip() for piece in pieces if piece.strip()]
        mapped = [str(self.translate(target, piece)).strip() for piece in pieces]
        mapped = [piece for piece in mapped if piece]
        if target in MULTIPLE:
            return "|".join(dict.fromkeys(mapped))
        if not mapped and target in self.constants:
            return str(self.constants[target])  # every value was left out
        # A column with one value (a type, a country) takes the first of a list.
        return mapped[0] if mapped else ""

    def apply(self, dataset, targets):
        """A dataset with the registry's columns, one row per row of ``dataset``
        (same order, so line numbers stay those of the file)."""
        header = list(dataset.headers or [])
        self.check_header(header)
        wanted = [t for t in targets if t in self.columns or t in self.constants] or [
            "title"
        ]
        out = tablib.Dataset(headers=["id", *wanted])
        for row in dataset:
            record = dict(zip(header, row, strict=False))
            out.append(["", *(self.cell(target, record) for target in wanted)])
        return out


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()

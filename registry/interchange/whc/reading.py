"""Reading UNESCO's export as a table of cells: CSV or XLSX, its header checked,
HTML and mojibake cleaned out of its text."""

import contextlib
import csv
import hashlib
import html
import io
import re
from pathlib import Path
from zipfile import BadZipFile

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


class ImportRefused(Exception):
    """The file was refused; ``errors`` holds one "line N: reason" per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def sha256_of(path):
    """The file's SHA-256, which its import batch records."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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

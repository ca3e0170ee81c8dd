from pathlib import Path

import tablib
from django.core.management.base import BaseCommand, CommandError

from registry.interchange.mapping import Mapping, MappingError
from registry.interchange.spreadsheets import RESOURCES


def read_dataset(path):
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return tablib.Dataset().load(path.read_bytes(), format="xlsx")
    return tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")


def error_lines(result):
    """ "line N: reason" for every refused row (line 1 is the header)."""
    lines = []
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            lines.append(f"line {row.number + 1}: {field}: {' '.join(messages)}")
    for number, errors in result.row_errors():
        for error in errors:
            lines.append(f"line {number + 1}: {error.error}")
    # A row the database refused in a batch is an error of the file, with its line.
    lines += [
        f"line {error.number + 1}: {error.error}"
        if error.number
        else f"file: {error.error}"
        for error in result.base_errors
    ]
    return lines


class Command(BaseCommand):
    help = (
        "Import sites, damage-events, objects or sources from a CSV or XLSX file "
        "(the admin's export format, or any columns with --mapping). All or "
        "nothing; new records arrive as drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--mapping",
            help="A TOML file mapping the file's columns and values to the "
            "registry's (see registry/interchange/mapping.py and the README).",
        )

    def handle(self, *args, kind, file, dry_run, mapping=None, **options):
        resource = RESOURCES[kind](diffs=False)
        dataset = read_dataset(file)
        if mapping:
            targets = resource.get_export_headers()
            try:
                listed = Mapping.load(mapping, targets)
                dataset = listed.apply(dataset, targets)
            except MappingError as error:
                raise CommandError(f"Nothing was imported: {error}") from error
            if hasattr(resource, "listed"):
                resource.listed = listed  # its list's own numbers find the objects
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        problems = error_lines(result)
        if problems:
            raise CommandError("Nothing was imported:\n" + "\n".join(problems))
        totals = result.totals
        self.stdout.write(
            self.style.SUCCESS(
                ("Dry run: " if dry_run else "")
                + f"{totals['new']} new, {totals['update']} updated, "
                f"{totals['skip']} unchanged."
            )
        )

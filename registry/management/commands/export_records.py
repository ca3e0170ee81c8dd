from pathlib import Path

from django.core.management.base import BaseCommand

from registry.interchange.spreadsheets import RESOURCES


class Command(BaseCommand):
    help = (
        "Export sites, damage-events, objects or sources (every status) as CSV or XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("file", help="ends in .csv or .xlsx")

    def handle(self, *args, kind, file, **options):
        dataset = RESOURCES[kind]().export()
        path = Path(file)
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(dataset.export("xlsx"))
        else:
            path.write_text(dataset.export("csv"), encoding="utf-8-sig")
        self.stdout.write(self.style.SUCCESS(f"{len(dataset)} rows written to {file}."))

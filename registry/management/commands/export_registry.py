import sys

from django.core.management.base import BaseCommand

from registry.interchange.registry_json import export_registry


class Command(BaseCommand):
    help = (
        "Write the whole registry (records, names, citations, history) as JSON to FILE "
        "or to standard output. Photograph files are not included: copy "
        "PRIVATE_MEDIA_ROOT alongside."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="output file (default: stdout)")

    def handle(self, *args, file=None, **options):
        if file:
            with open(file, "w", encoding="utf-8") as stream:
                count = export_registry(stream)
            self.stderr.write(f"{count} objects written to {file}.")
        else:
            count = export_registry(sys.stdout)
            self.stderr.write(f"{count} objects written.")

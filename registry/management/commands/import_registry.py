from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from registry.interchange import import_registry


class Command(BaseCommand):
    help = (
        "Load a file written by export_registry into an EMPTY registry "
        "(after migrate). "
        "All or nothing: any error leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as stream:
                count = import_registry(stream)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} objects loaded from {file}."))

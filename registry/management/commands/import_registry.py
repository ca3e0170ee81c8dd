import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from registry.interchange.registry_json import import_registry


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
        except (DatabaseError, DeserializationError) as error:
            # Refused by the database (or an unreadable object) midway: the
            # transaction was rolled back, so nothing of the file remains.
            raise CommandError(f"Nothing was imported: {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"Nothing was imported: {file} is not an export ({error})."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"{count} objects loaded from {file}."))

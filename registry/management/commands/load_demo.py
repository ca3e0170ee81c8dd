from django.core.management.base import BaseCommand, CommandError

from registry.demo.founding import load_demo
from registry.demo.loader import DocumentError


class Command(BaseCommand):
    help = (
        "Load the demonstration data set (Palmyra and the founding case). "
        "Idempotent: running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            created, updated = load_demo()
        except DocumentError as error:
            raise CommandError(f"{error} Nothing was loaded.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {created} created, {updated} updated."
            )
        )

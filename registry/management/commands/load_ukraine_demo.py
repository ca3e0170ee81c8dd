from django.core.management.base import BaseCommand, CommandError

from registry.demo.loader import DocumentError
from registry.demo.ukraine import load_ukraine_demo


class Command(BaseCommand):
    help = (
        "Load the Ukraine demonstration data set (cultural sites whose damage UNESCO "
        "verified, enriched by Linked4Resilience; CC BY 4.0). "
        "Idempotent: running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            created, updated = load_ukraine_demo()
        except DocumentError as error:
            raise CommandError(f"{error} Nothing was loaded.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Ukraine demo data loaded: {created} created, {updated} updated."
            )
        )

from django.core.management.base import BaseCommand

from registry.demo.founding import load_demo


class Command(BaseCommand):
    help = (
        "Load the demonstration data set (Palmyra and the founding case). "
        "Idempotent: running it again changes nothing."
    )

    def handle(self, *args, **options):
        created, updated = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {created} created, {updated} updated."
            )
        )

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from registry.interchange.captures import capture_url
from registry.models import PublicationStatus, Source


class Command(BaseCommand):
    help = (
        "Capture the address of every published source with an address and no "
        "copy yet (or of the sources named): keep what it answers now, with its "
        "SHA-256 (registry.interchange.captures). A page that cannot be read is "
        "reported and left for another run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "sources", nargs="*", help="Public identifiers of sources to capture"
        )
        parser.add_argument(
            "--again",
            action="store_true",
            help="Capture sources that already have a copy too",
        )

    def handle(self, *args, sources=(), again=False, **options):
        queryset = Source.objects.exclude(url="").order_by("pk")
        if sources:
            queryset = queryset.filter(public_id__in=sources)
        else:
            queryset = queryset.filter(status=PublicationStatus.PUBLISHED)
        if not again:
            queryset = queryset.filter(captures__isnull=True)
        kept = failed = 0
        for source in queryset.iterator():
            try:
                capture = capture_url(source)
            except ValidationError as error:
                failed += 1
                self.stderr.write(f"{source.public_id}: {' '.join(error.messages)}")
                continue
            kept += 1
            self.stdout.write(
                f"{source.public_id}: {capture.size} bytes, {capture.sha256}"
            )
        self.stdout.write(f"{kept} sources captured, {failed} could not be read.")

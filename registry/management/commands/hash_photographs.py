from django.core.management.base import BaseCommand

from registry.media.perceptual import photo_hash
from registry.models import Media
from registry.publishing.cache import bump


class Command(BaseCommand):
    help = (
        "Give every photograph without one its perceptual hash (photographs added "
        "before matching by photograph existed); new ones get it with their "
        "renditions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Recompute every hash, not only missing"
        )

    def handle(self, *args, all=False, **options):
        media = Media.objects.all() if all else Media.objects.filter(phash="")
        done = failed = 0
        for item in media.iterator():
            try:
                with item.file.open("rb") as original:
                    value = photo_hash(original)
            except (OSError, ValueError) as error:
                failed += 1
                self.stderr.write(f"{item.public_id}: {error}")
                continue
            Media.objects.filter(pk=item.pk).update(phash=value)
            done += 1
        if done:
            bump(Media)  # photo matches read the hashes
        self.stdout.write(f"{done} photographs hashed, {failed} unreadable.")

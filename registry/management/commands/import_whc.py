from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registry.interchange.whc import ImportRefused, import_file


class Command(BaseCommand):
    help = (
        "Import UNESCO's World Heritage List export (whc-sites-YYYY.csv or .xlsx) "
        "into the heritage sites. The whole file is validated first and written in "
        "one transaction, only where it differs: running it again changes nothing. "
        "See registry/interchange/whc/__init__.py for what it writes and what it "
        "leaves alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="whc-sites-YYYY.csv or whc-sites-YYYY.xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would change, without writing anything.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish every draft or in-review site of the file (UNESCO's own "
            "list: an editor's choice). Withdrawn sites stay withdrawn.",
        )
        parser.add_argument(
            "--user",
            help="Username recorded as the importer (and publisher) in the batch and "
            "the history.",
        )

    def handle(self, *args, file, dry_run, publish, user, verbosity, **options):
        self.quiet = verbosity == 0
        if user is not None:
            try:
                user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"No user {user!r}: nothing was written.") from error
        try:
            summary = import_file(
                file,
                dry_run=dry_run,
                user=user,
                publish=publish,
                progress=self.progress,
            )
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{file} refused ({len(refused.errors)} errors): nothing was written."
            ) from refused
        except FileNotFoundError as error:
            raise CommandError(f"{file}: no such file.") from error
        for line in summary.lines(verbose=verbosity >= 2):
            self.stdout.write(line)

    def progress(self, done, total, width=40):
        """A bar on stderr, redrawn every 50 rows and at the end."""
        if self.quiet or (done % 50 and done != total):
            return
        filled = width * done // total
        bar = "#" * filled + "." * (width - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total}", ending="")
        if done == total:
            self.stderr.write("")
        self.stderr.flush()

from django.core.management.base import BaseCommand, CommandError

from registry.interchange.whc import ImportRefused, import_file


class Command(BaseCommand):
    help = (
        "Import UNESCO's World Heritage List export (whc-sites-YYYY.csv or .xlsx) "
        "into the heritage sites. The whole file is validated first and written in "
        "one transaction, only where it differs: running it again changes nothing. "
        "See registry/importers/whc.py for what it writes and what it leaves alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="whc-sites-YYYY.csv or whc-sites-YYYY.xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would change, without writing anything.",
        )

    def handle(self, *args, file, dry_run, verbosity, **options):
        self.quiet = verbosity == 0
        try:
            summary = import_file(file, dry_run=dry_run, progress=self.progress)
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

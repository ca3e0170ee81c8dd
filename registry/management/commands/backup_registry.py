from django.core.management.base import BaseCommand, CommandError

from registry.interchange.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the whole registry into one .tar.gz archive: the database "
        "(SQLite: an online copy; PostgreSQL: pg_dump), MEDIA_ROOT, PRIVATE_MEDIA_ROOT "
        "and a manifest (migrations, rows per table, SHA-256 of every file). "
        "Restore it with restore_registry."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            default=".",
            help="archive file to write, or a folder to write "
            "registry-backup-<UTC time>.tar.gz in (default: the current folder)",
        )

    def handle(self, *args, destination, **options):
        try:
            path, manifest = create_backup(destination)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup was written: {error}") from error
        counts = manifest["counts"]
        history = sum(n for table, n in counts.items() if "_historical" in table)
        media = manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path} ({path.stat().st_size} bytes): "
                f"{manifest['database']['vendor']} database, "
                f"{sum(counts.values()) - history} registry rows and {history} "
                f"history rows in {len(counts)} tables, {len(media)} media files."
            )
        )

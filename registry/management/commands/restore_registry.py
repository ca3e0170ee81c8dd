import sys

from django.core.management.base import BaseCommand, CommandError

from registry.interchange.backup import (
    BackupError,
    media_roots,
    pending_migrations,
    restore_backup,
)


class Command(BaseCommand):
    help = (
        "Restore a backup written by backup_registry: checks every hash and the "
        "database vendor first, then REPLACES the database, MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT. Stop the web server before restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--verify",
            action="store_true",
            help="only check the archive (hashes, vendor, migrations); change nothing",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, archive, verify, interactive, **options):
        try:
            roots = media_roots()
            if not verify and interactive:
                self.confirm(archive, roots)
            manifest = restore_backup(archive, verify_only=verify)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error

        database, counts, media = (
            manifest["database"],
            manifest["counts"],
            manifest["media"],
        )
        head = "Verified" if verify else "Restored"
        self.stdout.write(
            f"{head} the backup of {manifest['created_at']} "
            f"({database['vendor']} database, {database['size']} bytes):"
        )
        for table, count in sorted(counts.items()):
            if count:
                self.stdout.write(f"  {table}: {count} rows")
        for folder, root in roots.items():
            files = [name for name in media if name.startswith(folder + "/")]
            size = sum(media[name]["size"] for name in files)
            target = "" if verify else f" into {root}"
            self.stdout.write(f"  {folder}: {len(files)} files, {size} bytes{target}")
        if verify:
            self.stdout.write(
                self.style.SUCCESS("Every hash matches; nothing changed.")
            )
            return
        pending = pending_migrations()
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(pending)} migrations of this code: "
                    "run manage.py migrate."
                )
            )
        self.stdout.write(self.style.SUCCESS("Restore complete."))

    def confirm(self, archive, roots):
        if not sys.stdin.isatty():
            # cron, CI, a pipe: nobody can answer the question.
            raise CommandError(
                "Refusing to restore without confirmation: no terminal to ask on. "
                "Run it again with --noinput to replace the database and media "
                "folders; nothing was changed."
            )
        answer = input(
            "This replaces the whole database and the media folders "
            f"({', '.join(str(root) for root in roots.values())}) "
            f"with the contents of {archive}. Type 'yes' to continue: "
        )
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry.operations import layout


class Command(BaseCommand):
    help = (
        "PostgreSQL: rewrite the events, looting incidents, structures, assessments "
        "and objects in their site's order on disk, so that a site's records are "
        "read from a few pages (run it after a large import, and from time to time; "
        "each table is locked while it is rewritten). --check only reports the "
        "order. SQLite keeps its tables in key order: nothing to do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Report how closely each table lies in site order; change nothing.",
        )

    def handle(self, *args, check=False, **options):
        if not layout.supported():
            self.stdout.write(
                f"Nothing to do on {connection.vendor}: only PostgreSQL stores rows "
                "in the order they were written."
            )
            return
        if connection.in_atomic_block and not check:
            raise CommandError("VACUUM cannot run inside a transaction.")
        for model, field in layout.BY_SITE:
            name = model._meta.verbose_name_plural
            if not model._base_manager.filter(**{f"{field}__isnull": False}).exists():
                self.stdout.write(f"{name}: none with a site, nothing to order")
                continue
            before = layout.described(layout.site_order(model, field))
            if check:
                self.stdout.write(f"{name}: {before}")
                continue
            started = time.monotonic()
            index = layout.cluster_by_site(model, field)
            after = layout.described(layout.site_order(model, field))
            self.stdout.write(
                f"{name}: {before} -> {after}"
                f" (by {index}, {time.monotonic() - started:.1f} s)"
            )

"""Time every admin list and change form on the server, as curators meet them.

Run it on a database holding the demo data (``make run`` makes one). Each page is
requested in process with Django's test client as a superuser, after one warm-up
request; the command prints the median and the worst of the runs, in CPU time of
this process (what the server spends, whatever else the machine does) and in wall
time. A change form is timed on the record of its type with the most rows attached
(Palmyra for sites), since that is the slowest form curators open.
"""

import statistics
import time

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse

TARGET_MS = 300


class FakeRequest:
    """Enough of a superuser's request to ask an admin whether it adds records."""

    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


class Rollback(Exception):
    """Leaves the database as it was (the bench user is not kept)."""


def richest(model):
    """The record of ``model`` with the most related rows, or the first one."""
    related = [
        field.name
        for field in model._meta.get_fields()
        if field.one_to_many and field.auto_created and not field.concrete
    ][:6]
    queryset = model._default_manager.all()
    if related:
        queryset = queryset.annotate(
            **{
                f"bench_{i}": Count(name, distinct=True)
                for i, name in enumerate(related)
            }
        ).order_by(*(f"-bench_{i}" for i in range(len(related))), "pk")
    else:
        queryset = queryset.order_by("pk")
    return queryset.first()


class Command(BaseCommand):
    help = (
        "Time every admin change list and change form in process (median and worst "
        f"of --runs, CPU and wall milliseconds); flags pages above {TARGET_MS} ms."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument(
            "--only", help="Only models whose name contains this (e.g. heritagesite)."
        )

    def handle(self, *args, runs, only, **options):
        rows = []
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_superuser(
                    "bench-admin", "bench@example.org", None
                )
                # As behind the production proxy (which terminates HTTPS).
                client = Client(secure=True, headers={"x-forwarded-proto": "https"})
                client.force_login(user)
                for label, kind, shown, url in self.pages(only):
                    rows.append((label, kind, shown, *self.time(client, url, runs)))
                raise Rollback
        except Rollback:
            pass
        self.report(rows)

    def pages(self, only):
        """(model, page, record, url) of every admin page to time."""
        if not only:
            yield "admin", "index", "", reverse("admin:index")
            yield "admin", "review", "", reverse("admin:review_queue")
        for model, model_admin in sorted(
            admin.site._registry.items(), key=lambda item: item[0]._meta.label
        ):
            if only and only not in model._meta.model_name:
                continue
            label = model._meta.label
            info = (model._meta.app_label, model._meta.model_name)
            yield label, "list", "", reverse("admin:{}_{}_changelist".format(*info))
            if model_admin.has_add_permission(FakeRequest):
                yield label, "add", "", reverse("admin:{}_{}_add".format(*info))
            record = richest(model)
            if record is not None:
                url = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
                yield label, "change", str(record)[:30], url

    def time(self, client, url, runs):
        status = client.get(url).status_code  # warm-up
        cpu, wall = [], []
        for _ in range(runs):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            status = client.get(url).status_code
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
        return status, statistics.median(cpu), max(cpu), statistics.median(wall)

    def report(self, rows):
        self.stdout.write(
            f"{'model':32} {'page':6} {'record':30} {'status':>6} "
            f"{'cpu p50':>8} {'cpu max':>8} {'wall p50':>9}"
        )
        slow = 0
        for label, kind, shown, status, cpu, worst, wall in rows:
            flag = ""
            if status != 200:
                flag = f"  answered {status}"
            elif cpu > TARGET_MS:
                flag, slow = f"  > {TARGET_MS} ms", slow + 1
            self.stdout.write(
                f"{label:32} {kind:6} {shown:30} {status:>6} "
                f"{cpu:8.0f} {worst:8.0f} {wall:9.0f}{flag}"
            )
        self.stdout.write(f"{len(rows)} pages, {slow} above {TARGET_MS} ms (cpu p50).")

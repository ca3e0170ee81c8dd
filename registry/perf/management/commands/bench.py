import json
import os
import platform
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry.models import DamageEvent
from registry.operations import layout
from registry.perf.benchmark.after_publication import (
    format_after_publication,
    measure_after_publication,
)
from registry.perf.benchmark.csv_export import measure_csv
from registry.perf.benchmark.load import BenchmarkError
from registry.perf.benchmark.report import (
    build_figures_document,
    format_csv_report,
    format_scenarios_table,
)
from registry.perf.benchmark.scenarios import (
    build_scenarios,
    count_records,
    ensure_datasette_search,
    pick_parameters,
    run_scenario,
)
from registry.perf.benchmark.servers import Servers


def positive(kind):
    """An argparse type: a number of ``kind`` above zero."""

    def parse(value):
        number = kind(value)
        if number <= 0:
            raise ValueError(value)
        return number

    parse.__name__ = f"a positive {kind.__name__}"
    return parse


class Command(BaseCommand):
    help = (
        "Benchmark the registry on the configured database: gunicorn on loopback "
        "driven by wrk, side by side with Datasette on the same SQLite file and with "
        "the raw-SQL floor. Prints p50/p95 latency, throughput and the ratios. Use a "
        "database made by generate_synthetic (it adds a full-text table for Datasette "
        "to a SQLite database)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--duration", type=positive(float), default=10, help="Seconds per run."
        )
        parser.add_argument("--connections", type=positive(int), default=2)
        parser.add_argument("--threads", type=positive(int), default=1)
        parser.add_argument("--workers", type=positive(int), default=2)
        parser.add_argument("--csv-rows", type=positive(int), default=100_000)
        parser.add_argument("--no-datasette", action="store_true")
        parser.add_argument("--json", help="Also write the figures to this file.")

    def handle(self, *args, **options):
        try:
            self.benchmark(options)
        except BenchmarkError as error:
            raise CommandError(str(error)) from error

    def benchmark(self, options):
        duration = options["duration"]
        vendor = connection.vendor
        params = pick_parameters()
        counts = count_records()
        self.stdout.write(
            f"Database: {vendor} ({settings.DATABASES['default']['NAME']}); "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        )
        self.stdout.write(
            f"Machine: {platform.machine()}, {os.cpu_count()} CPUs; gunicorn "
            f"{options['workers']} workers; load: {options['connections']} "
            f"connections for {duration:g} s per question."
        )
        order = layout.site_order(DamageEvent, "site")  # None on SQLite
        if layout.supported():
            self.stdout.write(
                f"Damage events on disk: {layout.described(order)} "
                "(0: as written; 1: after manage.py cluster_by_site)."
            )
        want_datasette = vendor == "sqlite" and not options["no_datasette"]
        if want_datasette:
            ensure_datasette_search()
        scenarios = build_scenarios(params)
        with Servers(
            workers=options["workers"],
            datasette=want_datasette,
            log=self.stdout.write,
        ) as servers:
            for scenario in scenarios:
                self.stdout.write(f"… {scenario.name}", ending="\r")
                self.stdout.flush()
                run_scenario(
                    servers,
                    scenario,
                    duration,
                    options["connections"],
                    options["threads"],
                )
            self.write_lines(format_scenarios_table(scenarios))
            after = measure_after_publication(
                servers, [scenario.ours for scenario in scenarios if scenario.first]
            )
            self.write_lines(format_after_publication(after, bool(settings.CACHE_URL)))
            csv = measure_csv(servers, options["csv_rows"])
        self.write_lines(format_csv_report(csv))
        if options["json"]:
            document = build_figures_document(vendor, counts, scenarios, csv)
            document["after_publication"] = after
            if layout.supported():
                document["events_site_order"] = order
            Path(options["json"]).write_text(json.dumps(document, indent=2))

    def write_lines(self, lines):
        for line in lines:
            self.stdout.write(line)

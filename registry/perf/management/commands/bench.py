import json
import os
import platform
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry.perf import benchmark as b


def positive(kind):
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
        duration = options["duration"]
        vendor = connection.vendor
        try:
            params = b.pick_parameters()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        counts = b.registry_counts()
        self.stdout.write(
            f"Database: {vendor} ({settings.DATABASES['default']['NAME']}); "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        )
        self.stdout.write(
            f"Machine: {platform.machine()}, {os.cpu_count()} CPUs; gunicorn "
            f"{options['workers']} workers; load: {options['connections']} "
            f"connections for {duration:g} s per question."
        )
        want_datasette = vendor == "sqlite" and not options["no_datasette"]
        if want_datasette:
            b.ensure_datasette_search()
        questions = b.scenarios(params)
        db = Path(settings.DATABASES["default"]["NAME"]).stem
        with b.Servers(
            workers=options["workers"],
            datasette=want_datasette,
            log=self.stdout.write,
        ) as servers:
            for question in questions:
                self.stdout.write(f"… {question.name}", ending="\r")
                self.stdout.flush()
                question.results["ours"] = self.drive(
                    servers.ours + question.ours, options
                )
                if servers.datasette and question.datasette:
                    question.results["datasette"] = self.drive(
                        servers.datasette + question.datasette, options
                    )
                if question.floor:
                    question.results["floor"] = b.run_floor(
                        question.floor, min(duration, 5)
                    )
            self.report(questions)
            cut_off, rows = b.csv_cut_off(options["csv_rows"])
            csv = b.measure_csv(servers, cut_off, rows, db) if cut_off else {}
        self.report_csv(csv)
        if options["json"]:
            Path(options["json"]).write_text(
                json.dumps(
                    {
                        "database": vendor,
                        "counts": counts,
                        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
                        "questions": {
                            q.name: {k: v.as_dict() for k, v in q.results.items()}
                            for q in questions
                        },
                        "csv": csv,
                    },
                    indent=2,
                )
            )

    def drive(self, url, options):
        status, body, _seconds = b.fetch(url)
        if status != 200:
            raise CommandError(f"{url} answered {status}: {body[:300]!r}")
        return b.load(
            url, options["duration"], options["connections"], options["threads"]
        )

    def report(self, questions):
        write = self.stdout.write
        header = (
            f"{'question':<34} {'ours p50':>9} {'p95':>8} {'req/s':>8} "
            f"{'Datasette p50':>14} {'p95':>8} {'req/s':>8} {'floor p50':>10} "
            f"{'ours/DS':>8} {'ours/floor':>10}"
        )
        write("")
        write(header)
        write("-" * len(header))
        for q in questions:
            ours, ds, floor = (q.results.get(k) for k in ("ours", "datasette", "floor"))
            cells = [f"{q.name:<34}", ms(ours.p50, 9), ms(ours.p95, 8), rate(ours.rps)]
            cells += (
                [ms(ds.p50, 14), ms(ds.p95, 8), rate(ds.rps)]
                if ds
                else [f"{'—':>14}", f"{'—':>8}", f"{'—':>8}"]
            )
            cells.append(ms(floor.p50, 10) if floor else f"{'—':>10}")
            cells.append(ratio(ours.p50, ds.p50 if ds else None, 8))
            cells.append(ratio(ours.p50, floor.p50 if floor else None, 10))
            write(" ".join(cells))
            errors = ours.errors + (ds.errors if ds else 0)
            if errors:
                write(f"{'':<34} ! {errors} error responses during the run")
        write("(latencies in ms; ratios compare p50; floor = the same SQL run directly")
        write(" and serialised to JSON in one process, no HTTP)")

    def report_csv(self, csv):
        write = self.stdout.write
        if csv:
            write("")
            write("CSV export of damage events (streamed), one request each:")
            for label in ("small", "full"):
                r = csv[label]
                growth = (
                    f"{r['peak_growth_mib']:.1f} MiB"
                    if r["peak_growth_mib"] is not None
                    else "not measurable here"
                )
                if r["status"] != 200:
                    write(f"  ours, {label}: failed (status {r['status']})")
                    continue
                write(
                    f"  ours, {r['rows']:>8,} rows: {r['seconds']:.2f} s "
                    f"({r['rows_per_s']:,.0f} rows/s), worker peak memory growth "
                    f"{growth}"
                )
            if "datasette" in csv:
                r = csv["datasette"]
                write(
                    f"  Datasette, {r['rows']:>8,} rows: {r['seconds']:.2f} s "
                    f"(ours/DS {csv['full']['seconds'] / max(r['seconds'], 1e-9):.2f})"
                )


def ms(value, width):
    return f"{value:>{width}.1f}"


def rate(value):
    return f"{value:>8.0f}"


def ratio(ours, other, width):
    if not other:
        return f"{'—':>{width}}"
    return f"{ours / other:>{width}.2f}"

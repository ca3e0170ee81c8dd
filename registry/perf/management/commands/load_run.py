import json
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.perf.benchmark.load import BenchmarkError
from registry.perf.benchmark.mixed_load import (
    build_load_paths,
    count_answers,
    count_error_answers,
    run_mixed_load,
    warm_up,
)
from registry.perf.benchmark.servers import Servers


class Command(BaseCommand):
    help = (
        "A load run: gunicorn (production settings) on loopback, wrk at a stated "
        "concurrency for a stated time over a mix of API lists, details, exports, "
        "searches and catalogue pages of the configured database. Prints the "
        "answers by status; anything but 2xx (and 429 when the per-address limit is "
        "kept) is an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=60)
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument(
            "--throttle",
            default=None,
            help="The API's per-address limit during the run (default: none, so "
            "that every request is served; pass e.g. 600/min to see intended 429s).",
        )
        parser.add_argument("--json", help="Also write the figures to this file.")

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (apt install wrk).")
        try:
            paths = build_load_paths()
            with Servers(
                workers=options["workers"],
                datasette=False,
                throttle=options["throttle"],
            ) as servers:
                warm_up(servers.ours, paths)
                result = run_mixed_load(
                    servers.ours,
                    paths,
                    options["duration"],
                    options["connections"],
                    options["threads"],
                )
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        statuses = count_answers(result)
        errors = count_error_answers(result, throttled=bool(options["throttle"]))
        seconds = result["duration_us"] / 1e6
        database = settings.DATABASES["default"]
        self.stdout.write(
            f"{database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}: "
            f"{len(paths)} URLs in turn, {options['connections']} connections, "
            f"{options['threads']} wrk threads, {options['workers']} gunicorn "
            f"workers, {seconds:.0f} s"
        )
        self.stdout.write(
            f"{result['requests']:,} requests ({result['requests'] / seconds:,.0f}/s); "
            f"latency p50 {result['p50'] / 1000:.1f} ms, p95 {result['p95'] / 1000:.1f}"
            f" ms, p99 {result['p99'] / 1000:.1f} ms, max {result['max'] / 1000:.0f} ms"
        )
        self.stdout.write(
            "answers: "
            + ", ".join(f"{s}: {n:,}" for s, n in sorted(statuses.items()))
            + f"; socket errors: {result['socket_errors']}"
        )
        if options["json"]:
            with open(options["json"], "w") as out:
                json.dump({**result, "paths": paths, "errors": errors}, out, indent=2)
        if errors:
            raise CommandError(f"{errors} error answers during the run.")
        self.stdout.write(self.style.SUCCESS("No errors."))

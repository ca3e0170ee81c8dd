import json
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from registry.perf import benchmark as b
from registry.publishing import visibility

# Each wrk thread walks the list of paths in turn and counts the answers by status;
# done() adds the threads' counts up.
SCRIPT = """
local paths = {%(paths)s}
local threads = {}
local counter = 1
setup = function(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
init = function(args)
  statuses = {}
  i = id
end
request = function()
  i = (i %% #paths) + 1
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%%d": %%d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD {"requests": %%d, "duration_us": %%d, "socket_errors": %%d, '
    .. '"p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, "statuses": {%%s}}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, table.concat(parts, ", ")))
end
"""


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

    def paths(self):
        site = visibility.sites().order_by("pk").first()
        event = visibility.damage_events().order_by("pk").first()
        if site is None or event is None:
            raise CommandError("No published site and event: load data first.")
        name = site.name.split()[0]
        paths = [
            "/",
            reverse("catalogue:search") + f"?q={name}",
            reverse("catalogue:search") + "?type=damage-event",
            reverse("catalogue:site", args=[site.public_id]),
            reverse("catalogue:damage-event", args=[event.public_id]),
            reverse("catalogue:statistics"),
            reverse("catalogue:map"),
            "/ar/",
            "/api/v1/sites/",
            f"/api/v1/sites/?q={name}",
            f"/api/v1/sites/{site.public_id}/",
            "/api/v1/damage-events/?ordering=-date&certainty_min=medium",
            f"/api/v1/damage-events/{event.public_id}/",
            f"/api/v1/damage-events/?site={site.public_id}&format=csv",
            "/api/v1/sites/?format=geojson&page_size=100&condition=destroyed",
            "/api/v1/objects/",
            "/api/v1/people/",
            "/api/v1/changes/",
            "/api/v1/vocabularies/",
            "/health/",
        ]
        return paths

    def handle(self, *args, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (apt install wrk).")
        paths = self.paths()
        script = SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)}
        with b.Servers(
            workers=options["workers"],
            datasette=False,
            throttle=options["throttle"],
        ) as servers:
            for path in paths:  # warm up, and fail early on a broken page
                status, body, _ = b.fetch(servers.ours + path)
                if status != 200:
                    raise CommandError(f"{path} answered {status}: {body[:200]!r}")
            result = b.run_wrk(
                script,
                servers.ours + "/",
                options["duration"],
                options["connections"],
                options["threads"],
                "LOAD",
            )
        statuses = {int(k): v for k, v in result["statuses"].items()}
        seconds = result["duration_us"] / 1e6
        intended = {429} if options["throttle"] else set()
        errors = (
            sum(
                n
                for status, n in statuses.items()
                if status >= 300 and status not in intended
            )
            + result["socket_errors"]
        )
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

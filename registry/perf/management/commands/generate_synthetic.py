import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from registry.models import DamageEvent, HeritageSite
from registry.perf.synthetic import Generator, Scale


def whole_number(minimum=0):
    """An argparse type: a whole number of at least ``minimum`` (1_000 and 1,000
    are read as 1000)."""

    def parse(value):
        try:
            number = int(value.replace("_", "").replace(",", ""))
        except ValueError:
            number = -1
        if number < minimum:
            raise ValueError(value)
        return number

    parse.__name__ = f"a whole number of at least {minimum}"
    return parse


class Command(BaseCommand):
    help = (
        "Fill an empty registry with synthetic records for benchmarks and load tests: "
        "Arabic and Latin names with variants, skewed damage, dates bunched in war "
        "years, drafts, generalised and restricted sites, confidential people. "
        "Deterministic by --seed. Unset counts follow --events (sites = events/10, "
        "looting = events/20, objects = events/10, people = events/500, "
        "sources = events/100, assessments = events/5)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=whole_number(1), default=1000)
        parser.add_argument("--sites", type=whole_number(1))
        parser.add_argument(
            "--structures-per-site", type=float, default=3.0, dest="structures"
        )
        parser.add_argument("--looting", type=whole_number())
        parser.add_argument("--objects", type=whole_number())
        parser.add_argument("--people", type=whole_number())
        parser.add_argument("--sources", type=whole_number(1))
        parser.add_argument("--actors", type=whole_number(1), default=60)
        parser.add_argument("--assessments", type=whole_number())
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=whole_number(100), default=5000)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a registry that already holds records (not recommended: "
            "the benchmark's figures then mix both).",
        )

    def handle(self, *args, **options):
        if not options["force"] and (
            HeritageSite.objects.exists() or DamageEvent.objects.exists()
        ):
            raise CommandError(
                "The registry already holds records. Generate into an empty database "
                "(for example DATABASE_URL=sqlite:////tmp/bench.sqlite3, then "
                "'manage.py migrate'), or pass --force to add to it."
            )
        scale = Scale(
            events=options["events"],
            sites=options["sites"],
            structures_per_site=options["structures"],
            looting=options["looting"],
            objects=options["objects"],
            people=options["people"],
            sources=options["sources"],
            actors=options["actors"],
            assessments=options["assessments"],
        )
        quiet = options["verbosity"] < 1 or not sys.stderr.isatty()

        def progress(label, total):
            return tqdm(
                desc=label, total=total, unit=" rows", disable=quiet, leave=False
            )

        started = time.perf_counter()
        generator = Generator(
            scale,
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        counts = generator.run()
        elapsed = time.perf_counter() - started
        total = sum(counts.values())
        seconds = generator.seconds
        for model, rows in counts.items():
            self.stdout.write(f"  {model:<20} {rows:>10,} {seconds[model]:>8.1f} s")
        for step in ("(indexes)", "(foreign keys)", "(commit)", "(analyze)"):
            if step in seconds:
                self.stdout.write(f"  {step:<20} {'':>10} {seconds[step]:>8.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"{total:,} rows written in {elapsed:.1f} s "
                f"({total / max(elapsed, 1e-9):,.0f} rows/s), seed {options['seed']}."
            )
        )

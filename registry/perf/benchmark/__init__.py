"""The benchmark the project ships: ``manage.py bench`` (see README, "Performance").

On the configured database it starts the registry under gunicorn (production
settings) on loopback, and — on SQLite — Datasette on the same file, asks both the
same questions with a real load tool (wrk; a small Python client only where wrk is
missing), runs the same SQL directly and serialises it to JSON (the floor), and
prints latency percentiles, throughput and the ratios ours/Datasette and ours/floor.
A streamed CSV export is timed once and the peak memory of the serving worker
measured, for two row counts, to show whether memory grows with the rows.

The package, by concern: ``servers`` (gunicorn, Datasette, their processes),
``load`` (wrk and the Python fallback, one-off GETs, the figures), ``floor`` (the
SQL run directly), ``scenarios`` (the questions and one run of each),
``csv_export`` (the streamed export and worker memory), ``mixed_load`` (the load
run, ``manage.py load_run``) and ``report`` (tables and JSON). The wrk scripts are
in ``registry/perf/wrk/``.
"""

from registry.perf.benchmark.servers import Servers

__all__ = ["Servers"]

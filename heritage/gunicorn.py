"""gunicorn's settings for the registry: ``gunicorn -c python:heritage.gunicorn
heritage.wsgi`` (the README's production command and the benchmark's servers).

Threaded workers (``gthread``): a whole-list CSV or GeoJSON export streams for longer
than ``--timeout``, which kills a sync worker mid-download but not a threaded one.

A worker takes no more connections than it has threads, and closes each after its
response: a request then waits in the listening socket's queue for the first free
thread of any worker. A gthread worker's default is to take up to 1,000 connections
and queue them behind its own threads, kept alive between requests; two clients
that landed on the same worker were served one after the other while the other
worker idled (half the throughput, twice the latency, from one run to the next as
the connections happened to fall). Behind the proxy (README: Production) each
request is a connection of its own anyway.
"""

worker_class = "gthread"
threads = 2
keepalive = 0


def on_starting(server):
    """``worker_connections`` follows ``--threads``, however it was given."""
    server.cfg.set("worker_connections", server.cfg.threads)

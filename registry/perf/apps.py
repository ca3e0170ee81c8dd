from django.apps import AppConfig


class PerfConfig(AppConfig):
    """Development tools: the synthetic registry, the benchmark and the load run.

    Installed for development and tests only (see ``heritage/settings.py``): a
    production server has no use for commands that start gunicorn, Datasette and wrk.
    """

    name = "registry.perf"
    label = "registry_perf"
    verbose_name = "Registry performance tools"

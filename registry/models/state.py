from django.db import models


class DataVersion(models.Model):
    """One row whose number changes whenever any registry record changes.

    Cached results (counts, facets, statistics: see ``registry.publishing.cache``)
    are keyed by it, so a publish, a withdrawal or an edit makes every cached
    figure stale at once, in every process, and nothing withdrawn lingers in a cache.
    """

    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"data version {self.version}"

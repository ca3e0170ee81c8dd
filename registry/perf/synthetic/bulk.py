"""Writing many rows fast: ``bulk_create`` in batches with a progress bar, the
derived columns ``save()`` would have filled, and fresh planner statistics after.

No ``save()`` runs, so ``search_text``, ``search_keys`` and ``Name.normalised`` are
computed here with the same functions as the models' (``fold``, ``search_keys_of``),
and no history rows are written.
"""

from django.apps import apps
from django.db import connection

from registry.models import Name
from registry.search.phonetic import search_keys_of
from registry.search.text import fold


class SilentProgress:
    """A progress bar that shows nothing (when the caller passes none)."""

    def update(self, n):
        pass

    def close(self):
        pass


class BulkWriter:
    """``bulk_create`` in batches of ``batch_size``, counting the rows by model.

    ``progress(label, total)`` returns a bar with ``update(n)`` and ``close()``
    (tqdm's signature); without it nothing is shown.
    """

    def __init__(self, batch_size=5000, progress=None):
        self.batch_size = batch_size
        self.progress = progress or (lambda label, total: SilentProgress())
        self.counts = {}

    def write(self, model, rows, label=None, keys=True):
        """bulk_create ``rows`` (an iterable) in batches; the saved rows' pks, or
        None with ``keys=False`` (through tables, names: nobody needs them)."""
        pks, batch, count = [], [], 0
        bar = self.progress(label or model._meta.verbose_name_plural, None)

        def flush():
            for row in batch:
                if hasattr(row, "search_keys"):
                    row.search_keys = search_keys_of(row.search_text)
            saved = model.objects.bulk_create(batch)
            if keys:
                pks.extend(o.pk for o in saved)
            bar.update(len(batch))
            return len(batch)

        for row in rows:
            batch.append(row)
            if len(batch) >= self.batch_size:
                count += flush()
                batch = []
        if batch:
            count += flush()
        bar.close()
        key = model._meta.model_name
        self.counts[key] = self.counts.get(key, 0) + count
        return pks if keys else None


def build_search_text(*terms):
    """The folded search text of a record, as its ``save()`` would build it."""
    folded = (fold(term) for term in terms if term)
    return " | ".join(dict.fromkeys(term for term in folded if term))


def build_name(ct, pk, name, language, kind):
    """A ``Name`` row for the record ``pk`` of content type ``ct``, normalised."""
    return Name(
        content_type=ct,
        object_id=pk,
        name=name,
        language=language,
        kind=kind,
        normalised=fold(name),
    )


def analyze_tables():
    """On PostgreSQL, what autovacuum would do a while later: fresh planner
    statistics (without them it guessed 8 published sites out of 9,000 and
    chose nested loops that took 100 times longer) and a visibility map (without
    it, counting a site's events from the index read the table too)."""
    if connection.vendor != "postgresql":
        return
    models = apps.get_app_config("registry").get_models(include_auto_created=True)
    # VACUUM cannot run inside a transaction (a caller's, or a test's).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"{command} {table}")

"""The founding case as demo data: Palmyra, Dura-Europos, Mari, Khaled al-Asaad.

Every fact comes from the registry's founding news report or from well-documented
public records (UNESCO's World Heritage List entry for Palmyra), and every fact is
linked to its source. Nothing is invented: where a date, a URL or a figure is not
known, it is left empty, and a claim known from one report is only "reported".

The facts live in ``data/founding_case.json`` (format: ``founding_case.README.md``
beside it); this module loads them with the shared loader.

``load_demo()`` is idempotent: each record has a fixed public identifier, and a row
is written only when it differs from what the database holds, so running it twice
changes nothing (not even the history).
"""

from pathlib import Path

from django.db import transaction

from registry.demo.loader import demo_id, load_document, read_document

__all__ = ["DATA", "demo_id", "load_demo"]

DATA = Path(__file__).resolve().parent / "data" / "founding_case.json"


@transaction.atomic
def load_demo(path=DATA):
    """Load (or bring up to date) the demo data set; returns (created, updated)."""
    load = load_document(read_document(path))
    return load.created, load.updated

"""WSGI entry point (gunicorn heritage.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage.settings")

GC_YOUNGEST = 5000

application = get_wsgi_application()

# Everything a worker loads once (Django, the apps, every view the URLs name) is
# frozen out of the garbage collector's passes: they would otherwise traverse those
# ~200,000 objects again on every full collection, about 75 ms that fell on
# whichever request was running (the API's p99 went from 9 ms without the collector
# to 130 ms with it).
get_resolver().check()  # imports every module the URLs name
gc.freeze()

# The youngest generation is collected after this many new objects, not Python's
# 700. A request makes thousands of short-lived objects (an export's rows by the
# chunk of 500, a page's records); collected every 700, those still in use were
# traversed again and again and promoted, and older collections followed: a CSV
# export of 20,000 events took 24-33 us a row in process, against 20-21 with this
# threshold (and 20 with no collector at all). Cycles, which alone need the
# collector, still go within a few thousand objects.
gc.set_threshold(GC_YOUNGEST, *gc.get_threshold()[1:])

"""A second demo data set: cultural sites in Ukraine whose damage UNESCO verified.

The rows come from ``registry/demo/data/ukraine_damaged_sites.csv``, the registry's
copy of the list enriched by the Linked 4 Resilience (L4R) volunteers (CC BY 4.0;
see ``ukraine_damaged_sites.README.md`` for origin, attribution and what was kept).
Nothing is invented: the data set names no perpetrator, so none is recorded; the
date it gives is the date damage was first reported, so the damage happened on or
before it ("before"); a missing coordinate stays missing.

``load_ukraine_demo()`` uses the shared demo loader: fixed public identifiers,
and a row is written only when it differs, so running it twice changes nothing.
"""

import csv
import datetime
import hashlib
import re
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from registry.demo.loader import Loader, term
from registry.models import Actor, AdminDivision, DamageEvent, HeritageSite, Source

DATA = Path(__file__).resolve().parent / "data" / "ukraine_damaged_sites.csv"

ATTRIBUTION = (
    "Data: “Damaged cultural sites in Ukraine verified by UNESCO” (UNESCO), as "
    "enriched by the Linked 4 Resilience (L4R) volunteer project, licensed under "
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). The registry keeps "
    "the factual columns only and drops the rows the volunteers marked "
    "“Include: No”."
)
DATASET_DESCRIPTION = (
    f"{ATTRIBUTION} The copy was taken from the GitHub repository "
    "csalguero10/DisperseArt_InformationVisualization (raw_data/"
    "unesco_damage_sites.csv, commit b0abf8800ba55b720aaa92ed9111416741edeb6d). "
    "UNESCO's own list carries no explicit Creative Commons licence."
)
UNESCO_LIST_URL = (
    "https://www.unesco.org/en/articles/damaged-cultural-sites-ukraine-verified-unesco"
)

# The region column's spellings -> (oblast name, ISO 3166-2 code).
REGIONS = {
    "chernihiv region": ("Chernihiv Oblast", "UA-74"),
    "dnipropetrovs’k region": ("Dnipropetrovsk Oblast", "UA-12"),
    "donetsk": ("Donetsk Oblast", "UA-14"),
    "kharkiv region": ("Kharkiv Oblast", "UA-63"),
    "kherson region": ("Kherson Oblast", "UA-65"),
    "kyiv region": ("Kyiv Oblast", "UA-32"),
    "l’viv region": ("Lviv Oblast", "UA-46"),
    "luhansk region": ("Luhansk Oblast", "UA-09"),
    "mykolaiv region": ("Mykolaiv Oblast", "UA-48"),
    "odesa region": ("Odesa Oblast", "UA-51"),
    "sumy region": ("Sumy Oblast", "UA-59"),
    "vinnytsya region": ("Vinnytsia Oblast", "UA-05"),
    "zaporizhzhya region": ("Zaporizhzhia Oblast", "UA-23"),
    "zhytomyr region": ("Zhytomyr Oblast", "UA-18"),
}

# The data set's site types -> the seeded site_type terms.
SITE_TYPES = {
    "religious site": "religious-building",
    "museum": "museum",
    "library": "library-archive",
    "archive": "library-archive",
    "monument": "monument",
    "building of historical and/or artistic interest": "historic-building",
    "education": "education",
    "other": "other",
    "": "unclassified",
}

# People live in these: show only a coarse cell, never the exact point.
DWELLING = re.compile(r"residential|apartment building|private residence", re.I)


def read_rows(path=DATA):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_reported(value):
    """The first-report date as "before" date fields; unknown if not parseable."""
    formats = (
        (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d", "day"),
        (r"\d{4}-\d{2}", "%Y-%m", "month"),
        (r"\d{4}", "%Y", "year"),
    )
    for pattern, fmt, precision in formats:
        if re.fullmatch(pattern, value.strip()):
            return {
                "date_mode": "before",
                "date_precision": precision,
                "date_from": None,
                "date_to": datetime.datetime.strptime(value.strip(), fmt).date(),
            }
    return {
        "date_mode": "unknown",
        "date_precision": "",
        "date_from": None,
        "date_to": None,
    }


def coordinate(value):
    return Decimal(value).quantize(Decimal("0.000001")) if value.strip() else None


@transaction.atomic
def load_ukraine_demo(path=DATA):
    """Load (or bring up to date) the Ukraine data set; returns (created, updated)."""
    load = Loader()

    l4r = load.curated(
        Actor,
        "actor:linked4resilience",
        {
            "name": "Linked 4 Resilience (L4R) volunteers",
            "name_ar": "",
            "kind": "other",
            "country": "",
        },
    )
    load.names(l4r, [("Linked4Resilience", "en", "alias"), ("L4R", "en", "alias")])
    dataset = load.curated(
        Source,
        "source:ukraine-unesco-l4r",
        {
            "title": "UNESCO-verified damaged cultural sites in Ukraine, enriched by "
            "Linked4Resilience",
            "kind": "ngo_report",
            "publisher": l4r,
            "url": UNESCO_LIST_URL,
            "description": DATASET_DESCRIPTION,
        },
    )

    divisions = {}
    for name, code in sorted(set(REGIONS.values())):
        divisions[name] = load.upsert(
            AdminDivision, {"country": "UA", "name": name}, {"code": code}
        )

    site_types = {code: term("site_type", code) for code in set(SITE_TYPES.values())}
    reports = {}
    for row in read_rows(path):
        key = row["row_key"]
        region = REGIONS.get(row["region"].strip().lower())
        description = "Cultural site in Ukraine whose damage UNESCO verified."
        if row["site_type"]:
            description += f" Type in the source: {row['site_type']}."
        if row["year_of_construction"]:
            description += (
                f" Year of construction (as given): {row['year_of_construction']}."
            )
        site = load.curated(
            HeritageSite,
            f"site:ua:{key}",
            {
                "name": row["title_en"],
                "site_type": site_types[SITE_TYPES[row["site_type"]]],
                "country": "UA",
                "admin_division": divisions[region[0]] if region else None,
                "latitude": coordinate(row["latitude"]),
                "longitude": coordinate(row["longitude"]),
                "location_certainty": "approximate",
                "location_sensitivity": "generalised"
                if DWELLING.search(row["title_en"])
                else "public",
                "description": description,
            },
        )
        names = []
        if row["name_uk"]:
            names.append((row["name_uk"], "uk", "official"))
        if row["alt_name_en"] and row["alt_name_en"] != row["title_en"]:
            names.append((row["alt_name_en"], "en", "alias"))
        load.names(site, names)
        load.cite(site, dataset, locator=key)

        event = load.curated(
            DamageEvent,
            f"damage:ua:{key}",
            {
                "site": site,
                "title": f"Damage reported at {row['title_en']}",
                **parse_reported(row["date_of_damage_first_reported"]),
                "cause_category": "armed_conflict",
                "extent": "unknown",
                "condition_after": "unknown",
                "perpetrator": None,
                "attribution": "",
                "certainty": "medium",
                "verification": "corroborated",
            },
        )
        load.cite(event, dataset, locator=key)

        url = row["first_report_reference"]
        if url:
            if url not in reports:
                digest = hashlib.sha256(url.encode()).hexdigest()[:16]
                reports[url] = load.curated(
                    Source,
                    f"source:ua-first-report:{digest}",
                    {
                        "title": "First report of the damage, as referenced by "
                        "Linked4Resilience",
                        "kind": "news",
                        "url": url,
                    },
                )
            load.cite(event, reports[url])
    return load.created, load.updated

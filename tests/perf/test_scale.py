"""What keeps the registry fast at scale: the synthetic generator, bounded pages,
cached figures that never outlive a change, constant query counts, and the
benchmark itself (run small: does it run and print figures, not how fast)."""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import (
    Actor,
    Citation,
    ConditionAssessment,
    CulturalObject,
    CustodyEvent,
    DamageEvent,
    DatePrecision,
    HarmEvent,
    HeritageSite,
    LootingIncident,
    Name,
    Person,
    PublicationStatus,
    Source,
    Structure,
)
from registry.perf.synthetic import Scale, generate
from registry.publishing.visibility import NESTED_LIMIT
from registry.search.text import fold
from tests import factories
from tests.support import clear_caches, count_queries

pytestmark = pytest.mark.django_db


# The generator ---------------------------------------------------------------------


class Rollback(Exception):
    pass


def snapshot():
    """The records of a registry, with the keys of other records named by their
    public identifiers (row keys depend on what the database handed out before)."""
    return {
        "sites": sorted(
            HeritageSite.objects.values_list(
                "public_id",
                "name",
                "name_ar",
                "status",
                "location_sensitivity",
                "latitude",
                "search_text",
                "search_keys",
            )
        ),
        "names": sorted(Name.objects.values_list("name", "language", "normalised")),
        "events": sorted(
            DamageEvent.objects.values_list(
                "public_id",
                "site__public_id",
                "title",
                "date_mode",
                "date_from",
                "date_to",
                "date_earliest",
                "status",
                "perpetrator__public_id",
                "attribution",
                "search_keys",
            )
        ),
        "people": sorted(
            Person.objects.values_list("public_id", "visibility", "search_text")
        ),
        "objects": sorted(
            CulturalObject.objects.values_list(
                "public_id", "origin_site__public_id", "title", "current_status"
            )
        ),
        "assessments": sorted(
            ConditionAssessment.objects.values_list(
                "public_id", "site__public_id", "date_from", "condition"
            )
        ),
    }


def generated(seed, events=300):
    """The snapshot of a generated registry, rolled back afterwards."""
    try:
        with transaction.atomic():
            generate(Scale(events=events), seed=seed)
            result = snapshot()
            raise Rollback
    except Rollback:
        return result


def test_the_same_seed_gives_the_same_registry_and_another_seed_another():
    first, again, other = generated(3), generated(3), generated(4)
    assert first == again
    assert first["sites"] and first["events"]
    assert first["events"] != other["events"]


def test_a_generated_registry_carries_what_real_ones_do(client):
    counts = generate(Scale(events=400, people=60, sources=40), seed=2)
    assert counts["damageevent"] == 400
    assert counts["heritagesite"] == 40  # events / 10
    statuses = set(DamageEvent.objects.values_list("status", flat=True))
    assert {"published", "draft"} <= statuses
    sensitivities = set(
        HeritageSite.objects.values_list("location_sensitivity", flat=True)
    )
    assert sensitivities == {"public", "generalised", "restricted"}
    visibilities = set(Person.objects.values_list("visibility", flat=True))
    assert visibilities == {"public", "pseudonymous", "confidential"}
    assert Source.objects.filter(confidential=True).exists()
    # A few sites take most of the damage.
    per_site = sorted(
        (
            DamageEvent.objects.filter(site=site).count()
            for site in HeritageSite.objects.all()
        ),
        reverse=True,
    )
    assert per_site[0] >= 5 * max(1, per_site[len(per_site) // 2])
    # Derived columns are filled as save() would: dates, search text, names.
    event = DamageEvent.objects.filter(date_mode="on").first()
    assert event.date_earliest is not None
    site = HeritageSite.objects.published().exclude(name_ar="").first()
    assert site.search_text == site.build_search_text()
    # …so the API finds a site by its Arabic name and the drafts stay hidden.
    response = client.get("/api/v1/sites/", {"q": site.name_ar})
    assert str(site.public_id) in {r["id"] for r in response.json()["results"]}
    listed = client.get("/api/v1/damage-events/", {"page_size": 500}).json()
    drafts = set(
        DamageEvent.objects.exclude(status="published").values_list(
            "public_id", flat=True
        )
    )
    assert drafts and not drafts & {r["id"] for r in listed["results"]}
    assert listed["count"] == DamageEvent.objects.published().count()
    # Assessments: a fifth of the events' number, "no change" among them, and a
    # structure's current condition that the API states with its date.
    assert counts["conditionassessment"] == 80
    assert ConditionAssessment.objects.filter(no_change=True).exists()
    assessed = (
        ConditionAssessment.objects.published()
        .filter(structure__isnull=False, no_change=False)
        .first()
    )
    detail = client.get(f"/api/v1/structures/{assessed.structure.public_id}/").json()
    assert detail["current_condition"] is not None


DERIVED = ("search_text", "search_keys", "date_earliest", "date_latest", "marks_text")


def derived_columns(record):
    return {name: getattr(record, name) for name in DERIVED if hasattr(record, name)}


def test_generated_derived_columns_are_those_save_computes():
    """The generator writes rows without save(): every derived column it wrote is
    the one the model's own derive() computes from the stored record (its names
    read back from the database, in their order), and a save() keeps it."""
    generate(Scale(events=300, people=40, sources=20, actors=12), seed=5)
    models = [
        Actor,
        Source,
        HeritageSite,
        Structure,
        DamageEvent,
        LootingIncident,
        CulturalObject,
        CustodyEvent,
        Person,
        HarmEvent,
        ConditionAssessment,
    ]
    compared = 0
    for model in models:
        records = model.objects.order_by("pk")
        if hasattr(model, "names"):
            records = records.prefetch_related("names")
        assert records, model
        for record in records:
            stored = derived_columns(record)
            record.derive()
            assert derived_columns(record) == stored, (model.__name__, record.pk)
            compared += 1
    assert compared > 500
    # Sites and actors are found by their names (Name rows, normalised as saved).
    names = Name.objects.all()
    assert names.count() > HeritageSite.objects.count()
    for name in names:
        assert name.normalised == fold(name.name), name.pk
    sites = HeritageSite.objects.filter(names__isnull=False).distinct()
    assert any(len(site.search_text.split(" | ")) > 2 for site in sites)
    # …and save() itself (the path the admin takes) leaves every column as it was.
    for model in (HeritageSite, DamageEvent, Source, CulturalObject, Person):
        record = model.objects.order_by("-pk").first()
        stored = derived_columns(record)
        record.save()
        record.refresh_from_db()
        assert derived_columns(record) == stored, model.__name__
    # Keys were written explicitly: the next record saved takes the next one.
    last = DamageEvent.objects.order_by("-pk").first()
    added = factories.DamageEventFactory(site=last.site)
    assert added.pk > last.pk


def _indexes_and_keys():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
        )
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f'"
        )
        return indexes, set(cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's indexes are set aside"
)
def test_the_generator_leaves_every_index_and_foreign_key_as_it_found_them():
    # It writes without them and makes them again (``bulk.built_after``).
    before = _indexes_and_keys()
    generated(5)
    # A row written before it in the same transaction: its key's check is pending.
    factories.SiteFactory()
    generate(Scale(events=50), seed=6)
    after = _indexes_and_keys()
    assert after == before
    assert len(before[0]) > 100 and len(before[1]) > 50
    # The keys still hold (checked at the commit, as Django defers them).
    event = DamageEvent.objects.order_by("pk").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        DamageEvent.objects.filter(pk=event.pk).update(site_id=10**9)
        connection.check_constraints()


def test_the_generator_refuses_a_registry_that_holds_records():
    factories.SiteFactory()
    with pytest.raises(CommandError, match="already holds records"):
        call_command("generate_synthetic", "--events", "10")


# Bounded pages --------------------------------------------------------------------


def test_a_heavily_damaged_site_shows_its_latest_events_and_the_total(client):
    site = factories.SiteFactory()
    start = datetime.date(2012, 1, 1)
    for day in range(NESTED_LIMIT + 5):
        factories.DamageEventFactory(
            site=site,
            date_precision=DatePrecision.DAY,
            date_from=start + datetime.timedelta(days=day),
        )
    detail = client.get(f"/api/v1/sites/{site.public_id}/").json()
    assert detail["damage_event_count"] == NESTED_LIMIT + 5
    dates = [event["date"]["earliest"] for event in detail["damage_events"]]
    assert len(dates) == NESTED_LIMIT
    assert dates == sorted(dates, reverse=True)  # the newest first
    assert dates[-1] == str(start + datetime.timedelta(days=5))
    page = client.get(reverse("catalogue:site", args=[site.public_id]))
    text = page.content.decode()
    assert f"of {NESTED_LIMIT + 5} damage events" in text
    assert f"?site={site.public_id}&amp;format=csv" in text


def test_an_actor_page_shows_its_latest_events_and_links_to_all(client):
    actor = factories.ActorFactory()
    for _ in range(NESTED_LIMIT + 2):
        factories.DamageEventFactory(perpetrator=actor, attribution="reported")
    text = client.get(reverse("catalogue:actor", args=[actor.public_id])).content
    text = text.decode()
    assert f"{NESTED_LIMIT} most recent of {NESTED_LIMIT + 2}" in text
    assert f"perpetrator={actor.public_id}" in text


# Cached figures follow every change ------------------------------------------------


def test_cached_counts_follow_publication_and_withdrawal(client, editor):
    from registry.publishing.workflow import set_status

    first = factories.SiteFactory(name="Counted one")
    assert client.get("/api/v1/sites/").json()["count"] == 1
    second = factories.SiteFactory(name="Counted two")
    assert client.get("/api/v1/sites/").json()["count"] == 2
    set_status([first], PublicationStatus.WITHDRAWN, editor)
    listed = client.get("/api/v1/sites/").json()
    assert listed["count"] == 1
    assert [r["id"] for r in listed["results"]] == [str(second.public_id)]
    # The catalogue's totals and facets too.
    home = client.get(reverse("catalogue:home")).content.decode()
    search = client.get(reverse("catalogue:search"), {"q": "Counted"})
    assert "Counted one" not in search.content.decode()
    assert "Counted one" not in home


def test_a_repeated_question_is_not_counted_again(client):
    factories.DamageEventFactory()

    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get("/api/v1/damage-events/", {"cause_category": "deliberate"})
        return [q["sql"] for q in context.captured_queries]

    first, second = queries(), queries()
    assert any("COUNT(" in sql for sql in first)
    assert not any("COUNT(" in sql for sql in second)
    factories.DamageEventFactory()
    assert any("COUNT(" in sql for sql in queries())


def test_a_change_to_one_kind_of_record_leaves_the_others_counts_cached(client):
    """Counts are kept by the versions of the tables they read: a published source
    does not make the site list count again; a published site, or an event for a
    list of damaged sites, does."""

    def counted(params=None):
        with CaptureQueriesContext(connection) as context:
            response = client.get("/api/v1/sites/", params or {})
        # The list's count (not the page's counts of events per site).
        recounted = any('AS "__count"' in q["sql"] for q in context.captured_queries)
        return response.json()["count"], recounted

    site = factories.SiteFactory()
    assert counted() == (1, True)
    assert counted({"damaged": "true"}) == (0, True)
    factories.SourceFactory()
    assert counted() == (1, False)
    assert counted({"damaged": "true"}) == (0, False)
    factories.DamageEventFactory(site=site)
    assert counted() == (1, False)
    assert counted({"damaged": "true"}) == (1, True)
    factories.SiteFactory()
    assert counted() == (2, True)


def test_a_repeated_search_reads_its_page_without_ranking_it_again(client):
    """A search's page of keys is kept by question and data version: the second
    reader's queries read the records by their keys, and rank nothing."""
    factories.SiteFactory(name="Tell Ranked")
    factories.SiteFactory(name="Tell Ranked Minor")

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get("/api/v1/sites/", {"q": "Ranked"})
        ranked = [q["sql"] for q in context.captured_queries if "CASE WHEN" in q["sql"]]
        return [r["name"] for r in response.json()["results"]], ranked

    first, ranked = queries()
    assert first == ["Tell Ranked", "Tell Ranked Minor"] and ranked
    again, ranked = queries()
    assert again == first and not ranked


def test_a_cached_search_follows_a_change_to_the_records_it_finds_through(client):
    """An event is found by its site's governorate: the keys of the sites found go
    into the event search as a list, so the search's cached count and page must
    move on when a governorate is renamed, though no event and no site changed."""
    alpha = factories.AdminDivisionFactory(name="Alphaville Governorate", code="SY-AA")
    beta = factories.AdminDivisionFactory(name="Betaville Governorate", code="SY-BB")
    first = factories.DamageEventFactory(
        site=factories.SiteFactory(name="Tell One", admin_division=alpha)
    )
    second = factories.DamageEventFactory(
        site=factories.SiteFactory(name="Tell Two", admin_division=beta)
    )

    def found():
        listed = client.get("/api/v1/damage-events/", {"q": "Alphaville"}).json()
        return listed["count"], {r["id"] for r in listed["results"]}

    assert found() == (1, {str(first.public_id)})
    beta.name = "Alphaville Province"
    beta.save()
    assert found() == (2, {str(first.public_id), str(second.public_id)})


def test_a_cached_object_search_follows_a_changed_reference_number(client):
    """An exact reference number finds its object through the references' table,
    whose keys the search holds as a list: a number corrected since finds nothing,
    at once, though the object itself did not change."""
    from registry.models import ObjectReference

    mosaic = factories.CulturalObjectFactory(title="Mosaic panel")
    reference = ObjectReference.objects.create(
        object=mosaic, kind="interpol", value="2016/1234"
    )

    def found(number):
        listed = client.get("/api/v1/objects/", {"q": number}).json()
        return listed["count"], [r["id"] for r in listed["results"]]

    assert found("2016/1234") == (1, [str(mosaic.public_id)])
    reference.value = "2016/4321"
    reference.save()
    assert found("2016/1234") == (0, [])
    assert found("2016/4321") == (1, [str(mosaic.public_id)])


LISTS = [
    ("/api/v1/sites/", lambda: factories.SiteFactory()),
    ("/api/v1/damage-events/", lambda: factories.DamageEventFactory()),
    ("/api/v1/looting-incidents/", lambda: factories.LootingIncidentFactory()),
    ("/api/v1/objects/", lambda: factories.CulturalObjectFactory()),
    ("/api/v1/people/", lambda: factories.PersonFactory()),
    ("/api/v1/sources/", lambda: factories.SourceFactory()),
]


@pytest.mark.parametrize("path,publish", LISTS)
def test_the_writer_counts_the_whole_list_anew_so_its_first_reader_does_not(
    client, django_capture_on_commit_callbacks, path, publish
):
    """A publication moves the list's data version on; once it commits, the
    writer counts the unfiltered list again, and its next reader finds the total
    counted. A filtered list is still counted by its first reader."""

    def read(params=None):
        with CaptureQueriesContext(connection) as context:
            response = client.get(path, params or {})
        counted = any('AS "__count"' in q["sql"] for q in context.captured_queries)
        return response.json()["count"], counted

    publish()
    before, _ = read()
    with django_capture_on_commit_callbacks(execute=True):
        publish()
    assert read() == (before + 1, False)
    assert read({"page": 1}) == (before + 1, False)  # the same question
    assert read({"updated_since": "2000-01-01T00:00:00Z"}) == (before + 1, True)


def test_a_change_that_is_rolled_back_leaves_the_recount_to_the_next_one(
    client, django_capture_on_commit_callbacks
):
    factories.SiteFactory()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                factories.SiteFactory()
                raise RuntimeError("abandoned")
        except RuntimeError:
            pass
        factories.SiteFactory()
    with CaptureQueriesContext(connection) as context:
        assert client.get("/api/v1/sites/").json()["count"] == 2
    assert not any('AS "__count"' in q["sql"] for q in context.captured_queries)


def _catalogue_search(client, query):
    """(the titles a reader finds, whether finding them counted anything)."""
    from tests.catalogue.pages import titles

    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("catalogue:search"), {"q": query})
    counted = any("COUNT(" in q["sql"] for q in context.captured_queries)
    return sorted(titles(response)), counted


def test_the_writer_finds_the_searches_asked_lately_anew_for_their_next_reader(
    client, django_capture_on_commit_callbacks
):
    """A publication makes every cached search stale; once it commits, the writer
    finds the searches readers asked lately again, so their next reader finds the
    published record without counting anything. A search nobody asked is still
    counted by its first reader."""
    factories.DamageEventFactory(title="Tetrapylon toppled")
    factories.DamageEventFactory(title="Theatre facade shot")
    assert _catalogue_search(client, "tetrapylon") == (["Tetrapylon toppled"], True)
    with django_capture_on_commit_callbacks(execute=True):
        factories.DamageEventFactory(title="Tetrapylon columns blown up")
    assert _catalogue_search(client, "tetrapylon") == (
        ["Tetrapylon columns blown up", "Tetrapylon toppled"],
        False,
    )
    assert _catalogue_search(client, "theatre") == (["Theatre facade shot"], True)


def test_a_withdrawal_leaves_no_trace_in_the_searches_the_writer_finds_anew(
    client, django_capture_on_commit_callbacks
):
    kept = factories.DamageEventFactory(title="Tetrapylon toppled")
    withdrawn = factories.DamageEventFactory(title="Tetrapylon columns blown up")
    assert _catalogue_search(client, "tetrapylon")[0] == [withdrawn.title, kept.title]
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.status = PublicationStatus.DRAFT
        withdrawn.save()
    assert _catalogue_search(client, "tetrapylon") == ([kept.title], False)


def test_the_writer_finds_anew_only_the_searches_asked_lately(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    """The writer's part is bounded: the last ``RECENT`` questions, each for
    ``RECENT_FOR`` seconds after it was last asked."""
    from registry.catalogue import faceted

    monkeypatch.setattr(faceted, "RECENT", 2)
    for word in ("alpha", "beta", "gamma"):
        factories.DamageEventFactory(title=f"Tetrapylon {word}")
        _catalogue_search(client, word)
        time_passes(monkeypatch, faceted, 1)
    with django_capture_on_commit_callbacks(execute=True):
        factories.DamageEventFactory(title="Theatre facade shot")
    assert _catalogue_search(client, "gamma")[1] is False
    assert _catalogue_search(client, "beta")[1] is False
    assert _catalogue_search(client, "alpha")[1] is True  # the oldest: forgotten
    time_passes(monkeypatch, faceted, faceted.RECENT_FOR)
    with django_capture_on_commit_callbacks(execute=True):
        factories.DamageEventFactory(title="Theatre roof burnt")
    assert _catalogue_search(client, "gamma")[1] is True  # asked too long ago


def time_passes(monkeypatch, module, seconds):
    """Move ``module``'s clock (its ``time.time``, not the cache's) on by
    ``seconds``."""
    import time
    from types import SimpleNamespace

    now = module.time.time()
    clock = SimpleNamespace(time=lambda: now + seconds, monotonic=time.monotonic)
    monkeypatch.setattr(module, "time", clock)


def test_a_queryset_asked_twice_is_counted_once():
    """Keying a queryset compiles a copy: compiling the queryset itself set up the
    joins of its ordering, and its second key (a search's count, then its kind's)
    differed from its first."""
    from registry.publishing.cache import cached_count

    factories.DamageEventFactory()
    queryset = DamageEvent.objects.published().order_by("perpetrator__name", "pk")
    with CaptureQueriesContext(connection) as context:
        assert cached_count(queryset) == cached_count(queryset) == 1
    counts = [q for q in context.captured_queries if 'AS "__count"' in q["sql"]]
    assert len(counts) == 1


def test_a_many_to_many_change_moves_the_data_version_on():
    from registry.publishing.cache import data_version

    site = factories.SiteFactory()
    before = data_version()
    site.periods.add(factories.term("period"))
    assert data_version() > before


def test_drafts_leave_cached_figures_valid_and_public_changes_do_not(client, editor):
    """Curators entering drafts do not empty the cache; anything public does."""
    from registry.publishing.cache import data_version
    from registry.publishing.workflow import set_status

    def moved(change):
        before = data_version()
        change()
        return data_version() > before

    factories.SiteFactory(name="Already public")
    assert client.get("/api/v1/sites/").json()["count"] == 1  # now cached
    draft = factories.SiteFactory(name="Drafted", status=PublicationStatus.DRAFT)
    assert not moved(lambda: setattr(draft, "name", "Redrafted") or draft.save())
    assert not moved(lambda: draft.periods.add(factories.term("period")))
    assert client.get("/api/v1/sites/").json()["count"] == 1
    assert moved(lambda: set_status([draft], PublicationStatus.PUBLISHED, editor))
    assert client.get("/api/v1/sites/").json()["count"] == 2
    draft.refresh_from_db()
    assert moved(lambda: setattr(draft, "name", "Renamed") or draft.save())
    assert client.get("/api/v1/sites/", {"q": "Renamed"}).json()["count"] == 1
    assert moved(lambda: set_status([draft], PublicationStatus.WITHDRAWN, editor))
    assert client.get("/api/v1/sites/").json()["count"] == 1
    gone = factories.SiteFactory(name="Deleted while a draft", status="draft")
    assert not moved(gone.delete)
    public = HeritageSite.objects.get(name="Already public")
    assert moved(public.delete)
    assert client.get("/api/v1/sites/").json()["count"] == 0


# Query counts of every catalogue page ---------------------------------------------


def grow(n):
    """``n`` more of everything, attached to the same site, actor and source."""
    site = HeritageSite.objects.get(name="Grown")
    actor = Actor.objects.get(name="Grower")
    source = Source.objects.get(title="Grown source")
    for _ in range(n):
        event = factories.DamageEventFactory(
            site=site, perpetrator=actor, attribution="alleged"
        )
        factories.StructureDamageFactory(event=event)
        factories.attach(Citation, event, source=source)
        incident = factories.LootingIncidentFactory(site=site)
        obj = factories.CulturalObjectFactory(
            origin_site=site, looting_incident=incident
        )
        factories.CustodyEventFactory(object=obj)
        person = factories.PersonFactory()
        person.sites.add(site)
        factories.HarmEventFactory(person=person, site=site)


PAGES = [
    "catalogue:home",
    "catalogue:map",
    "catalogue:statistics",
    "catalogue:methodology",
    "catalogue:search",
    "site",
    "actor",
    "source",
]


@pytest.mark.parametrize("page", PAGES)
def test_catalogue_page_queries_do_not_grow_with_records(client, page):
    site = factories.SiteFactory(name="Grown")
    actor = factories.ActorFactory(name="Grower")
    source = factories.SourceFactory(title="Grown source")
    urls = {
        "site": reverse("catalogue:site", args=[site.public_id]),
        "actor": reverse("catalogue:actor", args=[actor.public_id]),
        "source": reverse("catalogue:source", args=[source.public_id]),
    }
    url = urls.get(page) or reverse(page)
    grow(2)
    client.get(url)  # warm-up: content types and the like are cached after it
    clear_caches()  # …but counts and pages are not: both runs below are made afresh
    few = count_queries(client, url)
    grow(6)
    # (Figures of tables that growing did not touch would still be cached.)
    clear_caches()
    grown = count_queries(client, url)
    if page == "catalogue:search":
        # Records are read for the kinds on the results page only, and newer
        # records of fewer kinds can fill it.
        assert grown <= few
    else:
        assert grown == few


# The benchmark, small --------------------------------------------------------------


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the small benchmark runs once, in the SQLite pass",
)
def test_the_benchmark_runs_and_prints_figures(
    tmp_path, django_db_setup, django_db_blocker
):
    database = tmp_path / "bench.sqlite3"
    # A copy of the migrated test database (SQLite's backup), rather than migrating
    # another one from scratch in the subprocess.
    with django_db_blocker.unblock():
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
    figures = tmp_path / "figures.json"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def run(*args):
        return subprocess.run(
            [*manage, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        ).stdout

    run("migrate", "-v0")  # (nothing to do: the copy is migrated)
    run("generate_synthetic", "--events", "600")
    output = run(
        "bench", "--duration", "0.3", "--csv-rows", "200", "--json", str(figures)
    )
    data = json.loads(figures.read_text())
    questions = data["questions"]
    assert len(questions) >= 9
    for name, results in questions.items():
        assert name in output
        assert results["ours"]["requests"] > 0, name
        assert results["ours"]["errors"] == 0, name
        assert results["ours"]["p50"] > 0, name
    api = [q for name, q in questions.items() if name.startswith("API")]
    assert all("floor" in q for q in api)
    assert any("datasette" in q for q in api), "Datasette ran beside the registry"
    assert data["csv"]["full"]["status"] == 200
    assert data["csv"]["full"]["rows"] > data["csv"]["small"]["rows"] > 0
    assert "ours/DS" in output and "ours/floor" in output
    after = data["after_publication"]
    for round_ in ("asked lately", "not asked lately"):
        assert "/api/v1/damage-events/" in after[round_]
        assert any(path.startswith("/search/?q=") for path in after[round_])
        assert all(len(t) == 5 and min(t) > 0 for t in after[round_].values())
    commits = after["the publication's commit, its recounts included"]
    assert len(commits) == 5 and min(commits) > 0
    assert "The first request after a publication" in output


def test_the_map_table_lists_sites_a_page_at_a_time(client, monkeypatch):
    from registry.catalogue import views

    monkeypatch.setattr(views, "MAP_TABLE_ROWS", 2)
    for name in ("Alpha ruin", "Beta ruin", "Gamma ruin"):
        factories.SiteFactory(name=name)
    first = client.get(reverse("catalogue:map")).content.decode()
    second = client.get(reverse("catalogue:map"), {"page": 2}).content.decode()
    assert "Alpha ruin" in first and "Beta ruin" in first
    assert "Gamma ruin" not in first and 'rel="next"' in first
    assert "Gamma ruin" in second and "Alpha ruin" not in second
    assert client.get(reverse("catalogue:map"), {"page": "x"}).status_code == 200


def _redis_reachable():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def _settings_in_subprocess(code, **env):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "heritage.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_cache_url_shares_one_cache_between_processes():
    """What one worker counts, another sees: the throttle and the cached figures."""
    env = {"CACHE_URL": "redis://127.0.0.1:6379/15"}
    write = _settings_in_subprocess(
        "from django.core.cache import cache; cache.set('shared-check', 42, 30)", **env
    )
    assert write.returncode == 0, write.stderr
    read = _settings_in_subprocess(
        "from django.core.cache import cache; print(cache.get('shared-check'))", **env
    )
    assert read.stdout.strip().splitlines()[-1] == "42"


def test_an_unknown_cache_url_is_refused():
    result = _settings_in_subprocess("pass", CACHE_URL="memcached://somewhere")
    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// URL" in result.stderr

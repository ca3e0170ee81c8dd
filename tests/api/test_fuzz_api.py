"""The public API fuzzed against its own OpenAPI schema (schemathesis, in-process).

Every operation of ``/api/v1/schema/`` is called with generated parameters, valid and
invalid (Schemathesis' coverage phase walks each parameter's edge values, its fuzzing
phase draws combinations), against a database seeded with the demo data and a full
set of published and draft records. Every response must be documented: no 5xx, a
documented status code and content type, a body that conforms to the schema, valid
input accepted and invalid input refused.

Detail operations are called with the identifiers of real records half of the time
(published ones must answer 200, drafts 404), so the detail serialisers are fuzzed
too, not only the 404 path. The run is deterministic (fixed seed, derandomised) and
bounded, so that it fits in ``make test`` on both databases.
"""

import re
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st

from heritage.wsgi import application
from registry.api.vocabularies import vocabularies
from registry.demo.founding import load_demo
from registry.models import (
    Actor,
    CulturalObject,
    DamageEvent,
    Designation,
    HeritageSite,
    LocationSensitivity,
    LootingIncident,
    Person,
    Source,
    Structure,
)
from tests import factories

pytestmark = pytest.mark.django_db

SEED = 20150823  # the day the Temple of Baalshamin was blown up
MAX_EXAMPLES = 20  # fuzzing phase, per operation (the coverage phase comes on top)

# Which model each detail path shows, to draw real identifiers for it.
DETAIL_MODELS = {
    "/api/v1/sites/{public_id}/": HeritageSite,
    "/api/v1/structures/{public_id}/": Structure,
    "/api/v1/damage-events/{public_id}/": DamageEvent,
    "/api/v1/looting-incidents/{public_id}/": LootingIncident,
    "/api/v1/objects/{public_id}/": CulturalObject,
    "/api/v1/people/{public_id}/": Person,
    "/api/v1/actors/{public_id}/": Actor,
    "/api/v1/sources/{public_id}/": Source,
}
VOCABULARY_NAMES = ["site_type", "object_type", "certainty", "condition", "harm"]
VOCABULARY_LINK = re.compile(r"/api/v1/vocabularies/(\w+)/")

CASES = Counter()  # (method path, status) -> cases run


def seed_records():
    """The demo data, one linked record of every kind, and drafts of every kind."""
    factories.full_record_set(arabic=True)
    # The demo's Palmyra holds the same World Heritage reference.
    Designation.objects.filter(reference="23").update(reference="fuzz-23")
    load_demo()
    draft_site = factories.SiteFactory(status="draft", name="Draft site")
    factories.StructureFactory(status="review", site=draft_site)
    factories.DamageEventFactory(status="draft")
    factories.LootingIncidentFactory(status="withdrawn")
    factories.CulturalObjectFactory(status="draft")
    factories.PersonFactory(status="draft")
    factories.PersonFactory(visibility="pseudonymous", pseudonym="Ali")
    factories.PersonFactory(visibility="confidential")
    factories.ActorFactory(status="draft")
    factories.SourceFactory(confidential=True)
    factories.SiteFactory(location_sensitivity=LocationSensitivity.GENERALISED)
    factories.SiteFactory(location_sensitivity=LocationSensitivity.RESTRICTED)


def with_todays_codes(raw):
    """The schema as a client that has read /api/v1/vocabularies/ knows it.

    The published schema holds no data of the day: a parameter that takes codes
    curators add (site types, governorates…) has their pattern, and its description
    points to the vocabulary. A well-formed code the registry does not know is a
    400 that names it, so the fuzzer, to send valid input, learns the codes as a
    client would: each such parameter gets today's codes as its enum (and one whose
    vocabulary is empty, which no value can satisfy, is left out).
    """
    codes = {
        vocabulary["name"]: [term["code"] for term in vocabulary["terms"]]
        for vocabulary in vocabularies()
    }
    for path in raw["paths"].values():
        for operation in path.values():
            kept = []
            for parameter in operation.get("parameters", []):
                named = VOCABULARY_LINK.search(parameter.get("description", ""))
                if named:
                    schema = parameter["schema"]
                    if not codes.get(named[1]):
                        continue
                    schema.get("items", schema)["enum"] = codes[named[1]]
                kept.append(parameter)
            if "parameters" in operation:
                operation["parameters"] = kept
    return raw


def with_real_examples(raw):
    """Each detail operation's identifier gets a published record as its example.

    Schemathesis calls every operation with its examples before it draws (an
    explicit Hypothesis example), so each detail serialiser answers a real record at
    least once whatever the draws; the draws then add more real records (see the
    hooks below).
    """
    for path, model in DETAIL_MODELS.items():
        example = model.objects.published().order_by("pk").first()
        for parameter in raw["paths"][path]["get"]["parameters"]:
            if parameter["in"] == "path" and parameter["name"] == "public_id":
                parameter["example"] = str(example.public_id)
    return raw


@pytest.fixture
def api_schema(db, settings):
    seed_records()
    # Thousands of requests from one address: the throttle is tested elsewhere.
    settings.API_THROTTLE_RATE = "1000000/min"
    known = {
        path: [str(pk) for pk in model.objects.values_list("public_id", flat=True)]
        for path, model in DETAIL_MODELS.items()
    }
    # (Read with Django's test client, which reconnects the signals below.)
    location = "/api/v1/schema/?format=json"
    raw = with_real_examples(with_todays_codes(Client().get(location).json()))
    # The WSGI handler closes the connection after each request, which would end the
    # test's transaction; Django's test client disconnects these signals likewise.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # Unknown query parameters are ignored, as HTTP APIs do (cache busters,
            # tracking tags) and OpenAPI allows: not something to reject.
            "generation": {
                "mode": "all",
                "deterministic": True,
                "allow-extra-parameters": False,
            },
            # Bounded for `make test`: the coverage phase walks every parameter's
            # invalid values (its valid ones, every code of every enum, would be
            # thousands of cases: the fuzzing phase draws valid input instead), and
            # writes with two methods; no stateful phase (the API is read-only).
            "phases": {
                "stateful": {"enabled": False},
                "coverage": {
                    "generation": {"mode": "negative"},
                    "unexpected-methods": ["POST", "DELETE"],
                },
            },
        }
    )
    schema = schemathesis.openapi.from_dict(raw, config=config)
    schema.app, schema.location = application, location

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        path = context.operation.path
        if path in known and known[path] and "public_id" in path_parameters:
            real = st.sampled_from(sorted(known[path]))
            return st.one_of(
                st.just(path_parameters),
                real.map(lambda pk: {**path_parameters, "public_id": pk}),
            )
        if path == "/api/v1/vocabularies/{name}/" and "name" in path_parameters:
            return st.one_of(
                st.just(path_parameters),
                st.sampled_from(VOCABULARY_NAMES).map(
                    lambda name: {**path_parameters, "name": name}
                ),
            )
        return st.just(path_parameters)

    @schema.hook
    def flatmap_query(context, query):
        """A detail as most clients read it, the record itself, half of the time;
        the other half with the versions' parameters as drawn (``version=7``
        of a record with one version is only ever a 404)."""
        if context.operation.path not in known or not query:
            return st.just(query)
        plain = {k: v for k, v in query.items() if k not in ("version", "as_of")}
        return st.one_of(st.just(query), st.just(plain))

    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def node_id_compat(request):
    """schemathesis 4.32 reads and renames ``Node._nodeid``, which pytest 9.2 no
    longer has (the id is ``Node.nodeid``): give it the attribute it expects."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.usefixtures("node_id_compat")
def test_every_operation_answers_as_documented(case):
    response = case.call()
    CASES[(f"{case.method} {case.operation.path}", response.status_code)] += 1
    case.validate_response(response)


@pytest.fixture(scope="module", autouse=True)
def report_cases(request):
    """How many cases ran, by operation and status (shown after the run)."""
    yield
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    total = sum(CASES.values())
    if reporter is None or capture is None or not total:
        return
    lines = [f"schemathesis: {total} cases"]
    for operation in sorted({operation for operation, _status in CASES}):
        statuses = {
            status: count for (op, status), count in CASES.items() if op == operation
        }
        lines.append(f"  {operation}: {dict(sorted(statuses.items()))}")
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line)


def test_details_were_fuzzed_with_real_records():
    """The run above reached real records, not only 404s (runs after it)."""
    if not CASES:
        pytest.skip("the fuzzing test did not run")
    for path in DETAIL_MODELS:
        assert CASES[(f"GET {path}", 200)] > 0, path

"""What cannot be true is refused: by the database (one row), by validation (rows)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CheckConstraint, Q

from registry.models import (
    CustodyEvent,
    Designation,
    ExternalIdentifier,
    Name,
    ObjectReference,
    StructureDamage,
)
from registry.models.validation import python_check
from tests import factories

pytestmark = pytest.mark.django_db


def refused_by_database(factory, **values):
    """Saving ``values`` (skipping model validation) raises IntegrityError."""
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**values)


def test_it_refuses_a_between_date_whose_end_precedes_its_start():
    refused_by_database(
        factories.DamageEventFactory,
        date_mode="between",
        date_precision="day",
        date_from=datetime.date(2016, 3, 30),
        date_to=datetime.date(2015, 9, 2),
    )


def test_it_accepts_a_between_date_in_order():
    event = factories.DamageEventFactory(
        date_mode="between",
        date_precision="day",
        date_from=datetime.date(2015, 9, 2),
        date_to=datetime.date(2016, 3, 30),
    )
    assert event.date_display == "between 2 September 2015 and 30 March 2016"


@pytest.mark.parametrize(
    "values",
    [
        {"date_mode": "on", "date_from": None, "date_precision": "day"},
        {"date_mode": "on", "date_to": datetime.date(2015, 1, 1)},
        {"date_mode": "before", "date_to": None},
        {"date_mode": "unknown", "date_precision": ""},  # a date given with 'unknown'
        {"date_mode": "on", "date_precision": ""},
        {"date_mode": "sometime"},
        {"date_precision": "week"},
    ],
)
def test_it_refuses_dates_that_do_not_fit_their_mode(values):
    refused_by_database(factories.DamageEventFactory, **values)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("91", "38"), ("-90.5", "38"), ("34", "180.5"), ("34", "-181"), ("34", None)],
)
def test_it_refuses_coordinates_out_of_range_or_unpaired(latitude, longitude):
    refused_by_database(factories.SiteFactory, latitude=latitude, longitude=longitude)


def test_it_refuses_a_structure_out_of_range():
    refused_by_database(factories.StructureFactory, latitude="95", longitude="10")


def test_it_refuses_a_duplicate_unesco_reference():
    first, second = factories.SiteFactory(), factories.SiteFactory()
    Designation.objects.create(site=first, kind="world_heritage", reference="23")
    with pytest.raises(IntegrityError), transaction.atomic():
        Designation.objects.create(site=second, kind="world_heritage", reference="23")
    # The same number may recur on another kind of designation (In Danger).
    Designation.objects.create(site=first, kind="in_danger", reference="23")


def test_it_refuses_a_duplicate_external_identifier():
    ExternalIdentifier.objects.create(
        site=factories.SiteFactory(), scheme="wikidata", value="Q1"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalIdentifier.objects.create(
            site=factories.SiteFactory(), scheme="wikidata", value="Q1"
        )


def test_it_refuses_designation_years_out_of_order():
    with pytest.raises(IntegrityError), transaction.atomic():
        Designation.objects.create(
            site=factories.SiteFactory(), kind="in_danger", year_from=2013, year_to=2005
        )


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (factories.SiteFactory, "status", "public"),
        (factories.SiteFactory, "condition", "ruined"),
        (factories.SiteFactory, "location_sensitivity", "secret"),
        (factories.DamageEventFactory, "certainty", "maybe"),
        (factories.DamageEventFactory, "extent", "50%"),
        (factories.DamageEventFactory, "verification", "true"),
        (factories.PersonFactory, "visibility", "hidden"),
        (factories.CulturalObjectFactory, "current_status", "lost"),
        (factories.CulturalObjectFactory, "red_list_category", "pottery"),
    ],
)
def test_it_refuses_a_value_outside_a_fixed_scale(factory, field, value):
    refused_by_database(factory, **{field: value})


def test_it_refuses_a_perpetrator_without_attribution():
    refused_by_database(
        factories.DamageEventFactory,
        perpetrator=factories.ActorFactory(),
        attribution="",
    )


def test_it_refuses_an_attribution_without_perpetrator():
    refused_by_database(factories.DamageEventFactory, attribution="claimed")


def test_it_refuses_a_pseudonymous_person_without_pseudonym():
    refused_by_database(
        factories.PersonFactory, visibility="pseudonymous", pseudonym=""
    )


def test_it_refuses_a_person_with_neither_name_nor_pseudonym():
    refused_by_database(factories.PersonFactory, name="", pseudonym="")


def test_it_refuses_a_price_without_currency_and_a_negative_price():
    refused_by_database(
        factories.CustodyEventFactory, price=Decimal("100"), currency=""
    )
    refused_by_database(
        factories.CustodyEventFactory, price=Decimal("-1"), currency="USD"
    )


def test_it_refuses_a_negative_measurement():
    refused_by_database(factories.CulturalObjectFactory, height_cm=Decimal("-3"))


# Validation reads each CHECK constraint's condition and evaluates it on the record
# in Python (a query per constraint was most of an import's time): it must judge
# every record as the database's query does.
JUDGED = [
    (factories.DamageEventFactory, {}, True),
    (factories.DamageEventFactory, {"date_mode": "on", "date_from": None}, False),
    (factories.DamageEventFactory, {"date_to": datetime.date(2015, 1, 1)}, False),
    (factories.DamageEventFactory, {"date_mode": "unknown", "date_from": None}, False),
    (factories.DamageEventFactory, {"date_precision": ""}, False),
    (factories.DamageEventFactory, {"date_mode": "sometime"}, False),
    (
        factories.DamageEventFactory,
        {
            "date_mode": "between",
            "date_from": datetime.date(2016, 3, 30),
            "date_to": datetime.date(2015, 9, 2),
        },
        False,
    ),
    (factories.DamageEventFactory, {"attribution": "claimed"}, False),
    (factories.DamageEventFactory, {"perpetrator": "actor"}, False),
    (
        factories.DamageEventFactory,
        {"perpetrator": "actor", "attribution": "alleged"},
        True,
    ),
    (factories.SiteFactory, {}, True),
    (factories.SiteFactory, {"latitude": "91", "longitude": "38"}, False),
    (factories.SiteFactory, {"latitude": Decimal("34"), "longitude": None}, False),
    (factories.SiteFactory, {"latitude": None, "longitude": None}, True),
    (factories.SiteFactory, {"condition": "ruined"}, False),
    (factories.PersonFactory, {"visibility": "pseudonymous", "pseudonym": ""}, False),
    (factories.PersonFactory, {"name": "", "pseudonym": ""}, False),
    (factories.CustodyEventFactory, {"price": Decimal("100"), "currency": ""}, False),
    (factories.CustodyEventFactory, {"price": Decimal("-1")}, False),
    (factories.CulturalObjectFactory, {"height_cm": Decimal("-3")}, False),
    (factories.CulturalObjectFactory, {"title": "", "title_ar": ""}, False),
    (factories.CulturalObjectFactory, {"red_list_category": ""}, True),
]


@pytest.mark.parametrize(("factory", "values", "valid"), JUDGED)
def test_validation_judges_every_check_constraint_as_the_database(
    factory, values, valid
):
    record = factory()
    for name, value in values.items():
        setattr(record, name, factories.ActorFactory() if value == "actor" else value)
    model = type(record)
    verdicts = []
    for constraint in model._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        condition, _fields = python_check(model, constraint)
        in_python = condition(record) is not False
        in_database = Q(constraint.condition).check(
            record._get_field_expression_map(meta=model._meta)
        )
        assert in_python == in_database, constraint.name
        verdicts.append(in_python)
    assert all(verdicts) == valid
    if not valid:
        with pytest.raises(ValidationError):
            record.validate_constraints()


def test_it_refuses_the_same_name_twice_on_one_record():
    site = factories.SiteFactory()
    factories.attach(Name, site, name="Tadmur", language="ar-Latn")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.attach(Name, site, name="Tadmur", language="ar-Latn")


def test_validation_explains_a_between_date_out_of_order():
    event = factories.DamageEventFactory.build(
        site=factories.SiteFactory(),
        date_mode="between",
        date_precision="day",
        date_from=datetime.date(2016, 1, 1),
        date_to=datetime.date(2015, 1, 1),
    )
    with pytest.raises(ValidationError, match="end date precedes the start date"):
        event.full_clean()


def test_validation_keeps_only_the_known_part_of_a_date():
    event = factories.DamageEventFactory.build(
        site=factories.SiteFactory(),
        date_mode="on",
        date_precision="month",
        date_from=datetime.date(2015, 8, 23),
    )
    event.full_clean()
    assert event.date_from == datetime.date(2015, 8, 1)
    assert event.date_display == "in August 2015"
    assert event.latest == datetime.date(2015, 8, 31)


def test_validation_refuses_custody_dated_before_the_looting():
    incident = factories.LootingIncidentFactory(
        date_mode="on", date_precision="day", date_from=datetime.date(2014, 6, 1)
    )
    obj = factories.CulturalObjectFactory(
        origin_site=incident.site, looting_incident=incident
    )
    sale = CustodyEvent(
        object=obj,
        kind="sold",
        date_mode="on",
        date_precision="day",
        date_from=datetime.date(2013, 5, 1),
    )
    with pytest.raises(ValidationError, match="dated before the object was looted"):
        sale.full_clean()
    sale.date_from = datetime.date(2015, 5, 1)
    sale.full_clean()  # after the looting: accepted


def test_validation_refuses_custody_dated_before_a_recorded_looted_event():
    obj = factories.CulturalObjectFactory()
    factories.CustodyEventFactory(
        object=obj,
        kind="looted",
        date_mode="on",
        date_precision="year",
        date_from=datetime.date(2015, 1, 1),
    )
    seizure = CustodyEvent(
        object=obj,
        kind="seized",
        date_mode="on",
        date_precision="month",
        date_from=datetime.date(2014, 12, 1),
    )
    with pytest.raises(ValidationError, match="dated before the object was looted"):
        seizure.full_clean()


def test_validation_refuses_damage_to_a_structure_of_another_site():
    event = factories.DamageEventFactory()
    elsewhere = factories.StructureFactory()
    damage = StructureDamage(event=event, structure=elsewhere)
    with pytest.raises(ValidationError, match="is not part of"):
        damage.full_clean()


def test_validation_refuses_a_division_of_another_country():
    division = factories.AdminDivisionFactory(
        country="IQ", name="Nineveh Governorate", code="IQ-NI"
    )
    site = factories.SiteFactory.build(
        site_type=factories.term("site_type"), admin_division=division
    )
    with pytest.raises(ValidationError, match="is not in Syria"):
        site.full_clean()


def test_validation_refuses_an_object_whose_structure_is_elsewhere():
    obj = factories.CulturalObjectFactory.build(
        object_type=factories.term("object_type"),
        origin_site=factories.SiteFactory(),
        origin_structure=factories.StructureFactory(),
    )
    with pytest.raises(ValidationError, match="not part of the site of origin"):
        obj.full_clean()


def test_public_identifier_survives_a_rename():
    site = factories.SiteFactory(name="Palmyra")
    public_id = site.public_id
    site.name = "Tadmur"
    site.save()
    site.refresh_from_db()
    assert site.public_id == public_id


@pytest.mark.parametrize(
    "mode, precision, start, end, english, arabic",
    [
        ("on", "day", (2016, 3, 12), None, "on 12 March 2016", "في 12 مارس"),
        ("on", "month", (2017, 6, 1), None, "in June 2017", "في يونيو 2017"),
        ("on", "year", (2017, 1, 1), None, "in 2017", "في 2017"),
        ("before", "month", None, (2017, 1, 1), "before January 2017", "قبل يناير"),
        ("after", "year", (2014, 1, 1), None, "after 2014", "بعد 2014"),
        ("unknown", "", None, None, "date unknown", "التاريخ غير معروف"),
    ],
)
def test_a_date_reads_as_a_sentence_in_both_languages(
    mode, precision, start, end, english, arabic
):
    from django.utils import translation

    event = factories.DamageEventFactory(
        date_mode=mode,
        date_precision=precision,
        date_from=datetime.date(*start) if start else None,
        date_to=datetime.date(*end) if end else None,
    )
    assert event.date_display == english
    with translation.override("ar"):
        assert event.date_display.startswith(arabic)


def test_an_interpol_number_held_twice_is_refused_and_other_numbers_ask_nothing(
    django_assert_num_queries,
):
    """A unique rule with a condition (one object per INTERPOL number) is checked
    by the database when the condition holds, and passed without a query when it
    does not (an import validates every reference number of every row)."""
    first, second = factories.CulturalObjectFactory(), factories.CulturalObjectFactory()
    ObjectReference.objects.create(object=first, kind="interpol", value="2016/4431")
    ObjectReference.objects.create(object=first, kind="inventory", value="MNS-17")
    again = ObjectReference(object=second, kind="interpol", value="2016/4431")
    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert "value" in refused.value.message_dict or "__all__" in (
        refused.value.message_dict
    )
    # The same inventory number at another museum: allowed, and no query asked.
    inventory = ObjectReference(object=second, kind="inventory", value="MNS-17")
    with django_assert_num_queries(0):
        inventory.validate_constraints()
    inventory.full_clean()


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("country", "SY", True),
        ("country", "", True),  # blank: a property under no State Party
        ("country", "XX", False),
        ("country", "ZZ", False),
        ("other_countries", ["SY", "IQ"], True),
        ("other_countries", ["SY", "XX"], False),
    ],
)
def test_a_country_is_checked_against_the_list_of_countries(field, value, valid):
    site = factories.SiteFactory.build()
    setattr(site, field, value)
    try:
        site.clean_fields(
            exclude=[f.name for f in site._meta.fields if f.name != field]
        )
    except ValidationError as error:
        assert not valid, error
        assert field in error.message_dict
    else:
        assert valid

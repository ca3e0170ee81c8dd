"""Importing UNESCO's World Heritage List export (csv and xlsx) into the sites.

The files are written here, in UNESCO's column layout, from a few hand-made rows:
UNESCO's own files are never part of the test suite.
"""

import csv
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from registry.interchange import whc
from registry.interchange.whc import DangerPeriod, ImportRefused, import_file, writing
from registry.models import Designation, ExternalIdentifier, HeritageSite, Name
from tests import factories

pytestmark = pytest.mark.django_db

# UNESCO's columns, in UNESCO's order (the importer reads only some of them).
COLUMNS = [
    "unique_number",
    "id_no",
    "rev_bis",
    "name_en",
    "name_fr",
    "name_es",
    "name_ru",
    "name_ar",
    "name_zh",
    "short_description_en",
    "date_inscribed",
    "secondary_dates",
    "danger",
    "date_end",
    "danger_list",
    "longitude",
    "latitude",
    "area_hectares",
    "C1",
    "criteria_txt",
    "category",
    "category_short",
    "states_name_en",
    "region_en",
    "iso_code",
    "udnp_code",
    "transboundary",
]


def unesco_row(id_no, name_en, **values):
    """One row as UNESCO writes it; ``values`` override the defaults."""
    danger_list = values.get("danger_list", "")
    row = {
        "unique_number": 1000 + id_no,
        "id_no": id_no,
        "rev_bis": "",
        "name_en": name_en,
        "name_fr": "",
        "name_es": "",
        "name_ru": "",
        "name_ar": "",
        "name_zh": "",
        "short_description_en": f"<p>About {name_en}.</p>",
        "date_inscribed": 1980,
        "secondary_dates": "",
        "danger": 1 if "Y" in danger_list else 0,
        "date_end": "",
        "danger_list": danger_list,
        "longitude": 38.2666666667,
        "latitude": 34.5541666667,
        "area_hectares": 10,
        "C1": 1,
        "criteria_txt": "(i)",
        "category": "Cultural",
        "category_short": "C",
        "states_name_en": "Syrian Arab Republic",
        "region_en": "Arab States",
        "iso_code": "sy",
        "udnp_code": "syr",
        "transboundary": 0,
    }
    row.update(values)
    return row


PALMYRA = unesco_row(
    23,
    "Site of Palmyra",
    name_fr="Site de Palmyre",
    name_es="Sitio de Palmira",
    name_ar="موقع تدمر",
    danger_list="Y 2013",
    area_hectares=1640,
    criteria_txt="(i)(ii)(iv)",
)
ABU_MENA = unesco_row(
    90,
    "Abu Mena",
    name_ar="أبو مينا",
    date_inscribed=1979,
    danger_list="Y 2001",
    latitude=30.8408333333,
    longitude=29.6619444444,
    area_hectares=182.72,
    criteria_txt="(iv)",
    states_name_en="Egypt",
    region_en="Arab States",
    iso_code="eg",
    udnp_code="egy",
)
SANAA = unesco_row(
    385,
    "Old City of Sana'a",
    date_inscribed=1986,
    latitude=15.3555555556,
    longitude=44.2147222222,
    criteria_txt="(iv)(v)(vi)",
    states_name_en="Yemen",
    iso_code="ye",
    udnp_code="yem",
)
PANAMA_VIEJO = unesco_row(
    790,
    "Archaeological Site of Panamá Viejo and Historic District of Panamá",
    date_inscribed=1997,
    latitude=8.9527777778,
    longitude=-79.5350000000,
    criteria_txt="(ii)(iv)(vi)",
    states_name_en="Panama",
    region_en="Latin America and the Caribbean",
    iso_code="pa",
    udnp_code="pan",
)
TRANSISTHMIAN = unesco_row(
    1582,
    "The Colonial Transisthmian Route of Panamá",
    date_inscribed=2025,
    latitude=8.9527777778,
    longitude=-79.5350000000,
    criteria_txt="(ii)(iv)",
    states_name_en="Panama",
    region_en="Latin America and the Caribbean",
    iso_code="pa",
    udnp_code="pan",
)
WESTERN_FRONT = unesco_row(
    1567,
    "Funerary and memory sites of the First World War (Western Front)",
    date_inscribed=2023,
    latitude="",
    longitude="",
    area_hectares=879.91,
    criteria_txt="(iii)(iv)(vi)",
    states_name_en="Belgium,France",
    region_en="Europe and North America",
    iso_code="be,fr",
    udnp_code="bel,fra",
    transboundary=1,
)
JERUSALEM = unesco_row(
    148,
    "Old City of Jerusalem and its Walls",
    date_inscribed=1981,
    danger_list="Y 1982",
    latitude=31.7777777778,
    longitude=35.2316666667,
    area_hectares=0,
    criteria_txt="(ii)(iii)(vi)",
    states_name_en="Jerusalem (Site proposed by Jordan)",
    iso_code="",
    udnp_code="",
)

LAST_YEAR = [PALMYRA, ABU_MENA, SANAA, PANAMA_VIEJO, WESTERN_FRONT, JERUSALEM]
THIS_YEAR = [
    PALMYRA,
    {**ABU_MENA, "danger": 0, "date_end": 2025, "danger_list": "P 2001-2025"},
    {**SANAA, "danger": 1, "danger_list": "Y 2015"},
    WESTERN_FRONT,
    JERUSALEM,
    TRANSISTHMIAN,
]


def write_csv(path, rows):
    """A csv as UNESCO's: CRLF after each record, quoted cells that span lines."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    """A workbook as UNESCO's: one sheet, numbers as numbers, empty cells empty."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "sites XLSX export"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([None if row[column] == "" else row[column] for column in COLUMNS])
    workbook.save(path)
    return path


@pytest.fixture
def last_year(tmp_path):
    return write_csv(tmp_path / "whc-sites-2024.csv", LAST_YEAR)


@pytest.fixture
def this_year(tmp_path):
    return write_csv(tmp_path / "whc-sites-2025.csv", THIS_YEAR)


def site(id_no):
    return HeritageSite.objects.get(
        identifiers__scheme="unesco_whc", identifiers__value=str(id_no)
    )


def danger_periods(id_no):
    return [
        (d.year_from, d.year_to)
        for d in site(id_no).designations.filter(kind="in_danger").order_by("year_from")
    ]


def history_counts():
    return (
        HeritageSite.history.count(),
        Designation.history.count(),
        Name.history.count(),
        ExternalIdentifier.history.count(),
    )


def refused(path):
    with pytest.raises(ImportRefused) as caught:
        import_file(path)
    return caught.value.errors


# What a property becomes ------------------------------------------------------------


def test_palmyra_arrives_with_unesco_facts(last_year):
    import_file(last_year)
    palmyra = site(23)
    assert (palmyra.name, palmyra.name_ar) == ("Site of Palmyra", "موقع تدمر")
    assert palmyra.country.code == "SY"
    assert (palmyra.latitude, palmyra.longitude) == (
        Decimal("34.554167"),
        Decimal("38.266667"),
    )
    assert palmyra.area_hectares == Decimal("1640")
    assert palmyra.identifiers.get().url == "https://whc.unesco.org/en/list/23"
    listed = palmyra.designations.get(kind="world_heritage")
    assert (listed.reference, listed.criteria, listed.year_from) == (
        "23",
        "(i)(ii)(iv)",
        1980,
    )
    assert danger_periods(23) == [(2013, None)]


def test_new_sites_are_drafts_with_their_published_point(last_year):
    import_file(last_year)
    palmyra = site(23)
    assert palmyra.status == "draft"
    assert palmyra.location_sensitivity == "public"
    assert palmyra.location_certainty == "approximate"
    assert not HeritageSite.objects.published().exists()


def test_names_in_every_un_language_given_are_kept(last_year):
    import_file(last_year)
    assert set(site(23).names.values_list("language", "name", "kind")) == {
        ("en", "Site of Palmyra", "official"),
        ("fr", "Site de Palmyre", "official"),
        ("es", "Sitio de Palmira", "official"),
        ("ar", "موقع تدمر", "official"),
    }


def test_a_site_is_found_by_its_arabic_name_after_import(last_year):
    import_file(last_year)
    assert "تدمر" in site(23).search_text


def test_every_site_imported_has_the_search_text_its_save_would_write(
    last_year, this_year
):
    import_file(last_year)
    import_file(this_year)  # new names on some sites, new sites
    for record in HeritageSite.objects.prefetch_related("names"):
        written = (record.search_text, record.search_keys)
        record.derive()
        assert written == (record.search_text, record.search_keys)


def test_html_and_entities_are_stripped_from_names(tmp_path):
    path = write_csv(
        tmp_path / "whc.csv",
        [
            unesco_row(
                1207,
                "<i>Aflaj</i> Irrigation Systems of Oman",
                name_fr="Systèmes d&rsquo;irrigation <i>aflaj</i> d&#8217;Oman",
                iso_code="om",
            ),
            unesco_row(447, "Ulu<U>r</U>u-Kata Tju<U>t</U>a &amp; Park", iso_code="au"),
            unesco_row(
                31,
                "Auschwitz Birkenau <br /><small>German Nazi Camp</small>",
                name_ar="اوشفيتز  بيركينو",
                iso_code="pl",
            ),
        ],
    )
    import_file(path)
    assert site(1207).name == "Aflaj Irrigation Systems of Oman"
    assert site(1207).names.get(language="fr").name == (
        "Systèmes d\u2019irrigation aflaj d\u2019Oman"
    )
    assert site(447).name == "Uluru-Kata Tjuta & Park"
    assert site(31).name == "Auschwitz Birkenau German Nazi Camp"
    assert site(31).name_ar == "اوشفيتز بيركينو"


def test_a_transboundary_property_has_its_other_countries(last_year):
    import_file(last_year)
    front = site(1567)
    assert front.country.code == "BE"
    assert [country.code for country in front.other_countries] == ["FR"]


def test_a_property_extended_across_a_border_keeps_its_country(tmp_path):
    park = unesco_row(951, "Phong Nha-Ke Bang National Park", iso_code="vn")
    import_file(write_csv(tmp_path / "whc-2024.csv", [park]))
    extended = {**park, "iso_code": "la,vn", "transboundary": 1}
    import_file(write_csv(tmp_path / "whc-2025.csv", [extended]))
    assert site(951).country.code == "VN"
    assert [country.code for country in site(951).other_countries] == ["LA"]


def test_a_property_without_coordinates_has_none(last_year):
    import_file(last_year)
    assert site(1567).latitude is None and site(1567).longitude is None


def test_a_property_of_no_state_party_is_imported_with_no_country_and_a_note(
    last_year,
):
    summary = import_file(last_year)
    jerusalem = site(148)
    assert not jerusalem.country and not jerusalem.other_countries
    (listing,) = jerusalem.designations.filter(kind="world_heritage")
    assert "Jerusalem (Site proposed by Jordan)" in listing.note
    assert danger_periods(148) == [(1982, None)]
    assert summary.no_state_party == ["148"]
    assert (
        "Under no State Party (imported without a country, with a note): "
        "UNESCO no. 148."
    ) in summary.lines()


def test_a_property_of_no_state_party_recorded_by_hand_is_updated(last_year):
    jerusalem = factories.SiteFactory(name="Old City of Jerusalem", country="JO")
    jerusalem.identifiers.create(scheme="unesco_whc", value="148")
    summary = import_file(last_year)
    jerusalem.refresh_from_db()
    assert jerusalem.name == "Old City of Jerusalem"  # the curator's name stands
    assert jerusalem.names.filter(name="Old City of Jerusalem and its Walls").exists()
    assert jerusalem.country.code == "JO"  # the curator's choice stands
    assert danger_periods(148) == [(1982, None)]
    assert summary.updated == ["148"]


def test_site_types_are_only_what_unesco_states(tmp_path):
    path = write_csv(
        tmp_path / "whc.csv",
        [
            unesco_row(1, "Galápagos Islands", category="Natural", iso_code="ec"),
            unesco_row(2, "Tikal National Park", category="Mixed", iso_code="gt"),
            unesco_row(3, "Historic Centre of Vienna", iso_code="at"),
            unesco_row(4, "Cistercian Abbey of Fontenay", iso_code="fr"),
            unesco_row(5, "Site of Palmyra"),
        ],
    )
    import_file(path)
    # UNESCO states "Natural", never "historic city" or "abbey": no guess from names.
    assert [site(n).site_type.code for n in range(1, 6)] == [
        "natural-site",
        "unclassified",
        "unclassified",
        "unclassified",
        "unclassified",
    ]


# The danger list --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("", ()),
        ("Y 2013", ((2013, None),)),
        ("P 1997-2005", ((1997, 2005),)),
        ("Y 1996 P 1984-1992", ((1984, 1992), (1996, None))),
        ("P 1984-1988 P 2000-2006", ((1984, 1988), (2000, 2006))),
        ("P 1992-2001 Y 2012", ((1992, 2001), (2012, None))),
    ],
)
def test_the_danger_list_is_read_in_each_of_its_shapes(text, periods):
    assert whc.parse_danger(text) == tuple(DangerPeriod(*p) for p in periods)


@pytest.mark.parametrize(
    "text",
    ["Y 20l3", "since 2013", "P 2005", "Y 2013-2015", "P 2005-1997", "Y 2013 Y 2015"],
)
def test_a_danger_list_that_cannot_be_read_is_refused(text):
    with pytest.raises(ValueError, match="danger_list"):
        whc.parse_danger(text)


def test_every_danger_period_becomes_a_designation(tmp_path):
    path = write_csv(
        tmp_path / "whc.csv",
        [unesco_row(136, "Hatra", danger_list="Y 1996 P 1984-1992")],
    )
    import_file(path)
    assert danger_periods(136) == [(1984, 1992), (1996, None)]
    assert set(
        site(136)
        .designations.filter(kind="in_danger")
        .values_list("reference", flat=True)
    ) == {"136"}


def test_a_malformed_danger_list_refuses_the_file_with_its_line(tmp_path):
    path = write_csv(
        tmp_path / "whc.csv",
        [PALMYRA, ABU_MENA, {**SANAA, "danger": 1, "danger_list": "Y 20l5"}],
    )
    [error] = refused(path)
    assert error.startswith("line 4: danger_list 'Y 20l5'")
    assert not HeritageSite.objects.exists()


def test_a_danger_flag_that_contradicts_the_list_is_refused(tmp_path):
    path = write_csv(tmp_path / "whc.csv", [{**PALMYRA, "danger": 0}])
    [error] = refused(path)
    assert error == "line 2: danger is 0 but danger_list 'Y 2013' has one"


# Re-importing -----------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(last_year):
    import_file(last_year)
    before = history_counts()
    updated_at = dict(HeritageSite.objects.values_list("public_id", "updated_at"))
    summary = import_file(last_year)
    assert history_counts() == before
    assert (
        dict(HeritageSite.objects.values_list("public_id", "updated_at")) == updated_at
    )
    assert (len(summary.unchanged), summary.created, summary.updated) == (6, [], [])


def test_a_site_keeps_its_public_id_across_imports(last_year, this_year):
    import_file(last_year)
    public_id = site(23).public_id
    import_file(this_year)
    assert site(23).public_id == public_id
    assert HeritageSite.objects.filter(name="Site of Palmyra").count() == 1


def test_an_existing_site_with_the_unesco_identifier_is_updated_not_duplicated(
    last_year,
):
    palmyra = factories.SiteFactory(name="Palmyra", status="published")
    palmyra.identifiers.create(scheme="unesco_whc", value="23")
    summary = import_file(last_year)
    palmyra.refresh_from_db()
    assert palmyra.name == "Palmyra"  # a curator's name; UNESCO's is a variant
    assert palmyra.names.filter(name="Site of Palmyra", kind="official").exists()
    assert palmyra.status == "published"
    assert summary.updated == ["23"]
    assert HeritageSite.objects.filter(identifiers__value="23").count() == 1


def test_this_years_file_adds_the_new_property(last_year, this_year):
    import_file(last_year)
    summary = import_file(this_year)
    assert summary.created == ["1582"]
    assert site(1582).name == "The Colonial Transisthmian Route of Panamá"


def test_a_property_leaving_the_danger_list_has_its_period_closed(last_year, this_year):
    import_file(last_year)
    summary = import_file(this_year)
    assert danger_periods(90) == [(2001, 2025)]
    assert summary.left_danger == ["90"]


def test_a_property_entering_the_danger_list_gets_a_new_period(last_year, this_year):
    import_file(last_year)
    summary = import_file(this_year)
    assert danger_periods(385) == [(2015, None)]
    assert summary.entered_danger == ["385"]


def test_a_property_missing_from_the_new_file_is_reported_and_kept(
    last_year, this_year
):
    import_file(last_year)
    summary = import_file(this_year)
    assert summary.no_longer_listed == ["790"]
    assert site(790).name.startswith("Archaeological Site of Panamá Viejo")
    assert "No longer in the file (kept, not deleted): 1: 790." in summary.lines()


def test_unchanged_properties_are_not_saved_by_the_update(last_year, this_year):
    import_file(last_year)
    palmyra_history = site(23).history.count()
    summary = import_file(this_year)
    assert site(23).history.count() == palmyra_history
    assert sorted(summary.updated) == ["385", "90"]
    assert sorted(summary.unchanged) == ["148", "1567", "23"]


def test_a_curators_edits_survive_a_reimport(tmp_path, last_year):
    import_file(last_year)
    palmyra = site(23)
    palmyra.description = "Caravan city of an oasis in the Syrian desert."
    palmyra.location_sensitivity = "generalised"
    palmyra.condition = "poor"
    palmyra.curator_notes = "Check the tower tombs."
    palmyra.save()
    renamed = {**PALMYRA, "name_en": "Site of Palmyra (Tadmur)"}
    import_file(write_csv(tmp_path / "whc-renamed.csv", [renamed]))
    palmyra.refresh_from_db()
    assert palmyra.name == "Site of Palmyra (Tadmur)"  # the importer's field
    assert palmyra.description == "Caravan city of an oasis in the Syrian desert."
    assert palmyra.location_sensitivity == "generalised"
    assert palmyra.condition == "poor"
    assert palmyra.curator_notes == "Check the tower tombs."
    assert {"Site of Palmyra", "Site of Palmyra (Tadmur)"} <= set(
        palmyra.names.values_list("name", flat=True)
    )


def test_an_empty_cell_does_not_erase_a_curators_value(tmp_path, last_year):
    import_file(last_year)
    front = site(1567)
    front.latitude, front.longitude = Decimal("50.1"), Decimal("2.8")
    front.save()
    import_file(last_year)
    front.refresh_from_db()
    assert (front.latitude, front.longitude) == (Decimal("50.1"), Decimal("2.8"))


# All or nothing ---------------------------------------------------------------------


def test_a_broken_row_refuses_the_whole_file_with_its_line(tmp_path):
    path = write_csv(
        tmp_path / "whc.csv",
        [PALMYRA, {**ABU_MENA, "latitude": "abc"}, {**SANAA, "id_no": ""}],
    )
    errors = refused(path)
    assert errors == [
        "line 3: latitude 'abc' is not a number",
        "line 4: id_no is missing",
    ]
    assert not HeritageSite.objects.exists()
    assert history_counts() == (0, 0, 0, 0)


def test_a_duplicated_reference_is_refused(tmp_path):
    path = write_csv(tmp_path / "whc.csv", [PALMYRA, ABU_MENA, PALMYRA])
    assert refused(path) == ["line 4: id_no 23 is already on line 2"]


def test_a_file_that_is_not_unesco_list_is_refused(tmp_path):
    path = tmp_path / "whc.csv"
    path.write_text("id,title\n1,Palmyra\n", encoding="utf-8")
    [error] = refused(path)
    assert error.startswith("line 1: missing column(s) id_no, name_en")


def test_lines_are_counted_in_the_file_when_a_cell_spans_lines(tmp_path):
    long_text = {**PALMYRA, "short_description_en": "<p>One.</p>\n<p>Two.</p>\n"}
    path = write_csv(
        tmp_path / "whc.csv", [long_text, {**ABU_MENA, "date_inscribed": "19x9"}]
    )
    assert refused(path) == ["line 5: date_inscribed '19x9' is not a number"]


def test_a_failure_while_writing_rolls_everything_back(last_year, monkeypatch):
    calls = []

    def failing_new_site(row, registry, summary):
        calls.append(row.id_no)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(row, registry, summary)

    original = writing._new_site
    monkeypatch.setattr(writing, "_new_site", failing_new_site)
    with pytest.raises(RuntimeError):
        import_file(last_year)
    assert not HeritageSite.objects.exists()
    assert history_counts() == (0, 0, 0, 0)


def test_a_dry_run_writes_nothing_and_tells_what_it_would_do(last_year):
    summary = import_file(last_year, dry_run=True)
    assert len(summary.created) == 6
    assert summary.lines()[0].startswith(
        "Dry run, nothing written: 6 rows (export of 2023): 6 created"
    )
    assert not HeritageSite.objects.exists()
    assert history_counts() == (0, 0, 0, 0)


def test_a_dry_run_of_an_update_leaves_the_registry_as_it_was(last_year, this_year):
    import_file(last_year)
    before = history_counts()
    summary = import_file(this_year, dry_run=True)
    assert summary.created == ["1582"] and summary.left_danger == ["90"]
    assert history_counts() == before
    assert danger_periods(90) == [(2001, None)]


# csv and xlsx -----------------------------------------------------------------------


def test_csv_and_xlsx_are_read_alike(tmp_path):
    csv_rows = whc.parse_file(write_csv(tmp_path / "whc.csv", LAST_YEAR))
    xlsx_rows = whc.parse_file(write_xlsx(tmp_path / "whc.xlsx", LAST_YEAR))
    assert csv_rows == xlsx_rows
    assert [row.line for row in xlsx_rows] == [2, 3, 4, 5, 6, 7]


def test_the_xlsx_of_an_imported_csv_changes_nothing(tmp_path, last_year):
    import_file(last_year)
    before = history_counts()
    summary = import_file(write_xlsx(tmp_path / "whc-sites-2024.xlsx", LAST_YEAR))
    assert history_counts() == before
    assert len(summary.unchanged) == 6 and not summary.created + summary.updated


def test_an_xlsx_imports_on_its_own(tmp_path):
    import_file(write_xlsx(tmp_path / "whc.xlsx", LAST_YEAR))
    assert site(23).area_hectares == Decimal("1640")
    assert danger_periods(90) == [(2001, None)]


# The command ------------------------------------------------------------------------


def test_the_command_prints_the_summary(last_year, capsys):
    call_command("import_whc", str(last_year))
    out, err = capsys.readouterr()
    assert "6 rows (export of 2023): 6 created, 0 updated, 0 unchanged." in out
    assert "6/6" in err  # the progress bar


def test_the_command_refuses_a_broken_file_with_its_lines(tmp_path, capsys):
    path = write_csv(tmp_path / "whc.csv", [PALMYRA, {**ABU_MENA, "latitude": "abc"}])
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_whc", str(path))
    assert "line 3: latitude 'abc' is not a number" in capsys.readouterr().err
    assert not HeritageSite.objects.exists()


def test_the_command_has_a_dry_run(last_year, capsys):
    call_command("import_whc", str(last_year), "--dry-run")
    assert "Dry run, nothing written" in capsys.readouterr().out
    assert not HeritageSite.objects.exists()

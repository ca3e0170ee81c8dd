"""Phonetic keys (``registry.search.phonetic``) and what they change for a reader."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry.models import HeritageSite, Name
from registry.search.phonetic import phonetic_key, search_keys_of
from registry.search.text import fold
from tests import factories
from tests.support import json_ids

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "spellings",
    [
        ["Tadmur", "Tadmor", "تدمر", "تَدْمُر"],
        ["Halab", "Haleb", "حلب"],
        ["Busra", "Bosra", "Bousra", "بصرى"],
        ["Krak", "Crac", "Qrak"],
        ["Nuri", "Nouri", "al-Nouri", "an-Nuri", "النوري"],
        ["Deir ez-Zor", "Dayr az-Zawr", "Deir el-Zor", "دير الزور"],
        ["Mosul", "Mawsil", "al-Mawsil", "الموصل"],
        ["Raqqa", "Rakka", "Raqqah", "ar-Raqqah"],
        ["Khaled al-Asaad", "Khalid al-Asad", "خالد الأسعد", "خالد الاسعد"],
        ["Hama", "Hamah", "حماة", "حماه"],
        ["Tetrapylon", "Tetrapilon"],
        ["Pymonenko", "Pimonenko", "Пимоненко"],
        ["Aivazovsky", "Aivazovskyi", "Айвазовський"],
    ],
)
def test_spellings_of_one_name_share_a_key(spellings):
    keys = {phonetic_key(spelling).split()[0] for spelling in spellings}
    assert len(keys) == 1, {s: phonetic_key(s) for s in spellings}


@pytest.mark.parametrize(
    "one, other",
    [
        ("Halab", "خلابة"),  # ح is not خ
        ("Tadmur", "Palmyra"),
        ("Mari", "Marib"),
        ("Damascus", "دمشق"),  # a translation, not a spelling
    ],
)
def test_different_names_have_different_keys(one, other):
    assert phonetic_key(one) != phonetic_key(other)


def test_a_number_has_no_key_and_is_matched_as_typed():
    assert phonetic_key("PM-1234") == "bm"
    assert search_keys_of(fold("1234")) == ""


def test_ta_marbuta_keys_both_forms():
    assert phonetic_key("قلعة") == "kl klt"
    assert set(phonetic_key("Qal'at").split()) <= {"kl", "klt"}


def test_a_latin_query_finds_a_record_whose_only_matching_name_is_arabic(client):
    aleppo = factories.SiteFactory(name="Ancient City of Aleppo", name_ar="")
    factories.attach(Name, aleppo, name="مدينة حلب القديمة", language="ar")
    factories.SiteFactory(name="Tell Halaf", name_ar="تل حلف")
    # (PostgreSQL's trigrams find Halaf too, as a close spelling: after Aleppo.)
    assert json_ids(client, "sites", q="Halab")[0] == str(aleppo.public_id)


def test_halab_finds_aleppo_before_a_name_that_only_sounds_alike(client):
    """In UNESCO's export the Blue and John Crow Mountains are also «Голубые горы…»
    in Russian, folded "holubye": the same consonants as حلب. An Arabic name writes
    no short vowels, so its consonants are all it spells: Aleppo's «حلب» is Halab
    spelt whole, where "Holubye" only sounds alike."""
    aleppo = factories.SiteFactory(name="Ancient City of Aleppo", name_ar="")
    factories.attach(Name, aleppo, name="مدينة حلب القديمة", language="ar")
    mountains = factories.SiteFactory(name="Blue and John Crow Mountains", name_ar="")
    factories.attach(
        Name, mountains, name="Голубые горы и горы Джона Кроу", language="ru"
    )
    found = json_ids(client, "sites", q="Halab")
    assert found[0] == str(aleppo.public_id)
    assert str(mountains.public_id) in found  # still found, by sound, after it


def test_nouri_finds_the_nuri_mosque_before_a_word_of_the_same_consonants(client):
    """«نواعير» (norias) has Nouri's consonants, but writes its long vowels: it is
    not Nouri spelt whole, and the mosque spelt al-Nuri comes first."""
    mosque = factories.SiteFactory(
        name="Great Mosque of al-Nuri", name_ar="جامع النوري الكبير"
    )
    norias = factories.SiteFactory(name="Norias of Hama", name_ar="نواعير حماة")
    found = json_ids(client, "sites", q="Nouri")
    assert found[:2] == [str(mosque.public_id), str(norias.public_id)]


def test_an_arabic_query_finds_a_record_named_in_latin_letters_only(client):
    palmyra = factories.SiteFactory(name="Palmyra", name_ar="")
    factories.attach(Name, palmyra, name="Tadmur", language="ar-Latn")
    assert json_ids(client, "sites", q="تدمر") == [str(palmyra.public_id)]


def test_a_short_arabic_query_does_not_match_inside_another_word(client):
    aleppo = factories.SiteFactory(name="Aleppo", name_ar="حلب")
    factories.SiteFactory(name="Tell Mahlaba", name_ar="تل محلبة")
    factories.SiteFactory(name="Ahwar", name_ar="المناظر الخلابة")
    assert json_ids(client, "sites", q="حلب") == [str(aleppo.public_id)]


def test_a_folded_match_comes_before_a_phonetic_one(client):
    phonetic = factories.SiteFactory(name="Site of Palmyra", name_ar="")
    factories.attach(Name, phonetic, name="Tadmur", language="ar-Latn")
    spelt = factories.SiteFactory(name="Hotel Tadmor", name_ar="")
    assert json_ids(client, "sites", q="Tadmor") == [
        str(spelt.public_id),
        str(phonetic.public_id),
    ]


def test_a_consonant_typo_finds_the_record_spelt_nearest(client):
    petra = factories.SiteFactory(name="Petra", name_ar="")
    bosra = factories.SiteFactory(
        name="Ancient City of Bosra", name_ar="مدينة بصرى القديمة"
    )
    found = json_ids(client, "sites", q="Bostra")
    assert found[0] == str(bosra.public_id)
    assert set(found) == {str(bosra.public_id), str(petra.public_id)}


def test_a_ukrainian_name_typed_in_cyrillic_finds_it_transliterated_and_back(client):
    """The officer types the painter's name as it is written in Ukrainian; the list
    the registry imported wrote it in Latin letters. And the other way round."""
    painting = factories.CulturalObjectFactory(
        title="Palm Sunday", maker="Mykola Pymonenko"
    )
    factories.CulturalObjectFactory(title="Sea", maker="Ivan Aivazovsky")
    museum = factories.SiteFactory(name="Херсонський художній музей", name_ar="")
    factories.SiteFactory(name="Kyiv Pechersk Lavra", name_ar="")
    for query in ("Пимоненко", "Микола Пимоненко", "Пімоненко"):
        assert json_ids(client, "objects", q=query) == [str(painting.public_id)]
    assert json_ids(client, "sites", q="Khersonskyi") == [str(museum.public_id)]
    # A title typed in Latin with a Cyrillic н for h, as in the list it came from.
    snow = factories.CulturalObjectFactory(title="First snow / Persнyi snih")
    assert json_ids(client, "objects", q="Pershyi snih") == [str(snow.public_id)]
    page = client.get(reverse("catalogue:search"), {"q": "Пимоненко"})
    assert "Palm Sunday" in page.content.decode()


def test_the_migration_refolds_what_was_stored_in_cyrillic(client):
    """Records saved before Cyrillic was transliterated kept it, case folded, and
    kept their soft hyphens: the migration gives them what saving them now gives
    (but for й, whose breve the old folding dropped: the same keys, so found all the
    same), and leaves the others alone."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "registry.migrations.0064_refold_cyrillic_and_invisible"
    )
    city = factories.SiteFactory(name="Херсон", name_ar="")
    name = factories.attach(Name, city, name="Місто Шовкуненка", language="uk")
    museum = factories.SiteFactory(name="Художній музей", name_ar="")
    railway = factories.SiteFactory(name="Lí\u00adnea de Semmering", name_ar="")
    palmyra = factories.SiteFactory(name="Palmyra", name_ar="تدمر")
    fresh = {
        site.pk: HeritageSite.objects.values_list("search_text", "search_keys").get(
            pk=site.pk
        )
        for site in (city, museum, railway, palmyra)
    }
    # What the earlier folding stored (Cyrillic and the soft hyphen kept; й lost
    # its breve).
    for site, before in (
        (city, "херсон | місто шовкуненка"),
        (museum, "художніи музеи"),
        (railway, "li\u00adnea de semmering"),
    ):
        HeritageSite.objects.filter(pk=site.pk).update(
            search_text=before, search_keys=search_keys_of(before)
        )
    Name.objects.filter(pk=name.pk).update(normalised="місто шовкуненка")
    assert json_ids(client, "sites", q="Kherson") == []
    assert json_ids(client, "sites", q="Khudozhnii") == []

    migration.refold(apps, None)

    after = {
        site.pk: HeritageSite.objects.values_list("search_text", "search_keys").get(
            pk=site.pk
        )
        for site in (city, museum, railway, palmyra)
    }
    assert after[city.pk] == fresh[city.pk]
    assert after[railway.pk] == fresh[railway.pk]
    assert after[palmyra.pk] == fresh[palmyra.pk]
    assert after[museum.pk] == ("khudozhniy muzey", fresh[museum.pk][1])
    assert Name.objects.get(pk=name.pk).normalised == "misto shovkunenka"
    assert json_ids(client, "sites", q="Kherson") == [str(city.public_id)]
    assert json_ids(client, "sites", q="Khudozhnii muzei") == [str(museum.public_id)]
    assert json_ids(client, "sites", q="Línea") == [str(railway.public_id)]


def test_rebuild_search_fills_the_keys(client):
    site = factories.SiteFactory(name="Palmyra", name_ar="تدمر")
    HeritageSite.objects.filter(pk=site.pk).update(search_keys="")
    assert json_ids(client, "sites", q="Tadmor") == []
    call_command("rebuild_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    site.refresh_from_db()
    assert site.search_keys == "| blmr =balmara | tdmr |"
    assert json_ids(client, "sites", q="Tadmor") == [str(site.public_id)]


def test_the_catalogue_says_which_name_matched(client):
    aleppo = factories.SiteFactory(name="Ancient City of Aleppo", name_ar="")
    factories.attach(Name, aleppo, name="مدينة حلب القديمة", language="ar")
    palmyra = factories.SiteFactory(name="Site of Palmyra", name_ar="")
    factories.attach(Name, palmyra, name="Tadmur", language="ar-Latn")
    search = reverse("catalogue:search")
    page = client.get(search, {"q": "Halab"}).content.decode()
    assert "matched «<bdi>مدينة حلب القديمة</bdi>»" in page
    page = client.get(search, {"q": "Tadmor"}).content.decode()
    assert "matched «<bdi>Tadmur</bdi>»" in page
    # The name shown is the one matched: nothing more to say.
    assert "matched" not in client.get(search, {"q": "Aleppo"}).content.decode()

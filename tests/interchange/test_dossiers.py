"""Dossiers: a version of a record and its evidence in one ZIP with a MANIFEST;
the public one for anyone, the investigator's for investigators, logged."""

import hashlib
import io
import json
import zipfile

import pypdf
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from registry.interchange.captures import capture_upload
from registry.media import files
from registry.models import Citation, DossierAccess, Name
from registry.publishing import workflow
from registry.publishing.roles import INVESTIGATOR
from tests import factories

pytestmark = pytest.mark.django_db

EXACT = ("34.551234", "38.269876")


def unzip(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    (top,) = {name.split("/", 1)[0] for name in archive.namelist()}
    return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def pdf_text(data):
    return "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages
    )


def check_manifest(files):
    """Every file is in the MANIFEST with its SHA-256 (what sha256sum -c checks),
    under comments that give the registry's data version and the time."""
    listed = {}
    lines = files["MANIFEST"].decode().splitlines()
    assert lines[1].startswith("# data version: ")
    assert lines[2].startswith("# data as of: 20")
    for line in lines:
        if line.startswith("#"):
            continue
        digest, path = line.split("  ", 1)
        listed[path] = digest
    assert set(listed) == set(files) - {"MANIFEST"}
    for path, digest in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == digest, path


def photographed_site(**values):
    site = factories.SiteFactory(
        name="Palmyra",
        name_ar="تدمر",
        latitude=EXACT[0],
        longitude=EXACT[1],
        location_sensitivity="public",
        **values,
    )
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker of a witness"  # Make
    Image.new("RGB", (40, 30), (120, 90, 40)).save(buffer, "JPEG", exif=exif)
    files.add_media(
        site,
        SimpleUploadedFile("before.jpg", buffer.getvalue()),
        kind="before",
        status="published",
        caption="The Temple of Bel in 2010",
    )
    return site


def rec(record, number, kind="site", extension="json"):
    return f"records/{kind}-{record.public_id}-v{number}.{extension}"


def dossier_url(record, prefix="sites", **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/{prefix}/{record.public_id}/dossier/" + (f"?{query}" if query else "")


def test_a_public_dossier_holds_the_version_its_history_and_evidence(client):
    site = photographed_site()
    source = factories.SourceFactory(title="UNESCO World Heritage List entry")
    factories.attach(
        Citation, site, source=source, locator="ref. 23", quote="Caravan city"
    )
    copy = capture_upload(source, SimpleUploadedFile("entry.pdf", b"%PDF-1.4\n%%EOF\n"))
    site.description = "Caravan city."
    site.save()
    files = unzip(client.get(dossier_url(site)))
    stem = f"records/site-{site.public_id}"
    assert {
        "README.txt",
        "MANIFEST",
        rec(site, 1),
        rec(site, 2),
        rec(site, 3),
        rec(site, 3, extension="jsonld"),
        f"{stem}-versions.json",
        "report/report-en.html",
        "report/report-ar.html",
        "report/report-en.pdf",
        "report/report-ar.pdf",
        "sources.json",
        "photos.json",
    } <= set(files)
    check_manifest(files)
    record = json.loads(files[rec(site, 3)])
    served = client.get(f"/api/v1/sites/{site.public_id}/?version=3").json()
    assert record["record"] == served["record"] and record["sha256"] == served["sha256"]
    versions = json.loads(files[f"{stem}-versions.json"])
    assert [v["version"] for v in versions] == [1, 2, 3]
    linked = json.loads(files[rec(site, 3, extension="jsonld")])
    assert linked["type"] == "Place" and linked["_label"] == "Palmyra"
    assert linked == client.get(f"/api/v1/sites/{site.public_id}/?format=jsonld").json()
    sources = json.loads(files["sources.json"])
    assert sources[0]["captures"][0]["sha256"] == copy.sha256
    assert sources[0]["captures"][0]["download"] is None  # not publishable
    assert not [path for path in files if path.startswith("captures/")]
    (photo,) = [
        path for path in files if path.startswith("photos/") and path.endswith(".jpg")
    ]
    served_photo = Image.open(io.BytesIO(files[photo]))
    assert dict(served_photo.getexif()) == {}
    assert photo.startswith(f"photos/{hashlib.sha256(files[photo]).hexdigest()[:16]}-")
    english = pdf_text(files["report/report-en.pdf"])
    assert "Palmyra" in english and "version 3" in english.lower()
    assert record["sha256"] in english
    # Its Arabic name too: shaped, although the English lines around it are not.
    assert "تدمر" in english
    arabic = pdf_text(files["report/report-ar.pdf"])
    assert "تدمر" in arabic and record["sha256"] in arabic
    assert "ملاحظة التغيير" in arabic  # "Change note", in Arabic
    html = files["report/report-en.html"].decode()
    assert "ref. 23" in html and "Caravan city" in html and record["sha256"] in html
    assert f"/sites/{site.public_id}/v/3/" in html
    arabic_html = files["report/report-ar.html"].decode()
    assert 'dir="rtl"' in arabic_html and "تدمر" in arabic_html


def test_the_same_version_gives_the_same_bytes_in_every_language(client):
    site = photographed_site()
    first = client.get(dossier_url(site)).content
    assert client.get("/ar" + dossier_url(site)).content == first
    from django.core.cache import cache

    cache.clear()  # made again, not read from the cache
    assert client.get(dossier_url(site)).content == first


def test_an_earlier_versions_dossier_stops_at_it(client):
    site = factories.SiteFactory(name="Mari")
    site.name = "Mari (Tell Hariri)"
    site.save()
    files = unzip(client.get(dossier_url(site, version=1)))
    assert rec(site, 2) not in files
    assert json.loads(files[rec(site, 1)])["record"]["name"] == "Mari"
    linked = json.loads(files[rec(site, 1, extension="jsonld")])
    assert linked["type"] == "Place" and linked["_label"] == "Mari"
    assert linked["id"].endswith(f"/api/v1/sites/{site.public_id}/?version=1")
    assert client.get(dossier_url(site, version=3)).status_code == 404
    assert client.get(dossier_url(site, version="first")).status_code == 400


def test_an_earlier_version_is_in_linked_art_with_its_own_content(client):
    event = factories.DamageEventFactory(title="Blast")
    incident = factories.LootingIncidentFactory(title="Digging")
    for record, prefix, kind, first in (
        (event, "damage-events", "damage-event", "Blast"),
        (incident, "looting-incidents", "looting-incident", "Digging"),
    ):
        record.title = f"{first}, as now known"
        record.save()
        files = unzip(client.get(dossier_url(record, prefix=prefix, version=1)))
        linked = json.loads(files[rec(record, 1, kind=kind, extension="jsonld")])
        assert linked["_label"] == first
        (place,) = linked["took_place_at"]
        assert place["id"].endswith(f"/api/v1/sites/{record.site.public_id}/")
        assert place["_label"] == record.site.name
        assert linked["attributed_by"][0]["certainty"] == record.certainty


def test_a_dossier_follows_todays_rules(client):
    site = photographed_site()
    pseudonymous = factories.PersonFactory(name="Real Name Of Ali", deceased=True)
    factories.attach(Name, pseudonymous, name="Another Real Spelling")
    confidential = factories.SourceFactory(title="Eyewitness Omar's account")
    factories.attach(Citation, site, source=confidential, quote="I saw the charges")
    site.location_sensitivity = "restricted"
    site.save()
    pseudonymous.visibility = "pseudonymous"
    pseudonymous.pseudonym = "Ali"
    pseudonymous.save()
    confidential.confidential = True
    confidential.save()
    for record, prefix, secrets in (
        (site, "sites", ("34.55", "38.26", "Omar", "I saw the charges")),
        (pseudonymous, "people", ("Real Name", "Another Real Spelling")),
    ):
        files = unzip(client.get(dossier_url(record, prefix)))
        text = "\n".join(
            pdf_text(data) if path.endswith(".pdf") else data.decode("latin-1")
            for path, data in files.items()
        )
        for secret in secrets:
            assert secret not in text, (prefix, secret)
    assert "photos/" not in " ".join(
        unzip(client.get(dossier_url(pseudonymous, "people")))
    )


def test_no_dossier_of_a_record_that_is_not_public(client, editor):
    withdrawn = factories.SiteFactory()
    workflow.set_status([withdrawn], "withdrawn", editor)
    assert client.get(dossier_url(withdrawn)).status_code == 410
    assert (
        client.get(dossier_url(factories.SiteFactory(status="draft"))).status_code
        == 404
    )


@pytest.fixture
def investigator(django_user_model):
    user = django_user_model.objects.create_user(
        "investigator", password="pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=INVESTIGATOR))
    return user


def test_an_investigator_dossier_holds_what_the_public_never_sees(
    client, investigator, editor
):
    site = photographed_site()
    confidential = factories.SourceFactory(title="Eyewitness Omar", confidential=True)
    factories.attach(Citation, site, source=confidential, quote="I saw the charges")
    statement = b"<html><body>Omar's statement</body></html>"
    copy = capture_upload(confidential, SimpleUploadedFile("w.html", statement))
    site.curator_notes = "Internal: call DGAM"
    site.save()
    # Withdrawn since: no public dossier any more, an investigator's still.
    workflow.set_status([site], "withdrawn", editor)
    client.force_login(investigator)
    url = reverse("catalogue:investigator-dossier")
    assert client.get(url, {"record": site.public_id}).status_code == 200
    refused = client.post(url, {"record": site.public_id})
    assert refused.status_code == 200 and "purpose" in refused.context["form"].errors
    response = client.post(
        url,
        {"record": site.public_id, "purpose": "ICC request 2016/17"},
    )
    files = unzip(response)
    assert response["Cache-Control"] == "private, no-store"
    check_manifest(files)
    raw = json.loads(files["investigator/versions-raw.json"])
    assert raw[0]["content"]["latitude"] == EXACT[0]
    assert "Internal" not in files["investigator/history.json"].decode()
    originals = json.loads(files["investigator/photographs.json"])
    assert originals[0]["sha256_matches"] is True
    assert originals[0]["metadata"]["Make"] == "Camera maker of a witness"
    (original,) = [
        p
        for p in files
        if p.startswith("investigator/photos/") and not p.endswith(".json")
    ]
    assert (
        hashlib.sha256(files[original]).hexdigest() == originals[0]["sha256_recorded"]
    )
    sources = json.loads(files["investigator/sources.json"])
    assert sources[0]["confidential"] is True
    kept = sources[0]["captures"][0]
    assert files[kept["file"]] == statement and kept["sha256"] == copy.sha256
    assert "ICC request 2016/17" in files["README.txt"].decode()
    (log,) = DossierAccess.objects.all()
    assert (log.user, log.public_id, log.version) == (investigator, site.public_id, 2)
    assert log.purpose == "ICC request 2016/17"
    assert log.manifest_sha256 == hashlib.sha256(files["MANIFEST"]).hexdigest()
    assert log.manifest_sha256 == response["X-Dossier-Manifest-SHA256"]


def test_investigator_dossiers_are_for_investigators_only(client, contributor):
    site = factories.SiteFactory()
    url = reverse("catalogue:investigator-dossier")
    anonymous = client.post(url, {"record": site.public_id, "purpose": "curious"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(contributor)
    assert (
        client.post(url, {"record": site.public_id, "purpose": "x"}).status_code == 403
    )
    assert not DossierAccess.objects.exists()


def test_the_access_log_cannot_be_changed_in_the_admin(client, superuser, investigator):
    site = factories.SiteFactory()
    client.force_login(investigator)
    client.post(
        reverse("catalogue:investigator-dossier"),
        {"record": site.public_id, "purpose": "case 12"},
    )
    log = DossierAccess.objects.get()
    client.force_login(superuser)
    change = reverse("admin:registry_dossieraccess_change", args=[log.pk])
    page = client.get(change)
    assert page.status_code == 200 and "case 12" in page.content.decode()
    assert client.post(change, {"purpose": "nothing"}).status_code == 403
    delete = reverse("admin:registry_dossieraccess_delete", args=[log.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:registry_dossieraccess_add")).status_code == 403


def test_curators_read_the_raw_versions_and_start_a_dossier_from_them(
    client, superuser
):
    from registry.models import PublicVersion

    site = factories.SiteFactory(name="Palmyra", location_sensitivity="restricted")
    version = PublicVersion.objects.get(public_id=site.public_id)
    client.force_login(superuser)
    page = client.get(
        reverse("admin:registry_publicversion_change", args=[version.pk])
    ).content.decode()
    assert site.latitude in page  # raw, for curators
    assert f"?record={site.public_id}&amp;version=1" in page
    assert client.get(reverse("admin:registry_publicversion_add")).status_code == 403


def test_two_photographs_of_the_same_file_name_are_two_files(client):
    site = factories.SiteFactory(name="Apamea")
    for colour in ((120, 90, 40), (10, 200, 40)):
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
        files.add_media(
            site,
            SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue()),
            kind="after",
            status="published",
        )
    unzipped = unzip(client.get(dossier_url(site)))
    photos = sorted(p for p in unzipped if p.startswith("photos/"))
    assert len(photos) == 2 and len({unzipped[p] for p in photos}) == 2
    # Named by their content and what they show, never by the original name.
    assert not any("img" in p for p in photos)
    described = json.loads(unzipped["photos.json"])
    assert sorted(photo["file"] for photo in described) == photos
    check_manifest(unzipped)


def test_a_publishable_capture_is_in_the_public_dossier_the_others_as_hashes(
    client, investigator
):
    site = factories.SiteFactory(name="Nimrud")
    source = factories.SourceFactory(title="Ministry statement")
    factories.attach(Citation, site, source=source, locator="p. 2")
    public = capture_upload(
        source,
        SimpleUploadedFile("statement.pdf", b"%PDF-1.4\n% public\n%%EOF\n"),
        publishable=True,
    )
    private = capture_upload(
        source, SimpleUploadedFile("statement.pdf", b"%PDF-1.4\n% private\n%%EOF\n")
    )
    unzipped = unzip(client.get(dossier_url(site)))
    kept = [p for p in unzipped if p.startswith("captures/")]
    assert [unzipped[p] for p in kept] == [b"%PDF-1.4\n% public\n%%EOF\n"]
    views = json.loads(unzipped["sources.json"])[0]["captures"]
    assert [view["sha256"] for view in views] == [public.sha256, private.sha256]
    assert views[0]["file"] == kept[0] and "file" not in views[1]
    client.force_login(investigator)
    response = client.post(
        reverse("catalogue:investigator-dossier"),
        {"record": site.public_id, "purpose": "UNESCO mission"},
    )
    copies = [p for p in unzip(response) if p.startswith("investigator/captures/")]
    assert len(copies) == 2


def search_dossier(client, query):
    response = client.get(f"/search/dossier/?{query}")
    return unzip(response)


def test_a_search_dossier_holds_every_public_record_found_never_a_hidden_one(
    client, settings
):
    found = factories.SiteFactory(name="Hatra temple")
    event = factories.DamageEventFactory(site=found, title="Hatra bulldozed")
    factories.SiteFactory(name="Hatra draft", status="draft")
    factories.SiteFactory(name="Ashur")  # not found by the search
    page = client.get("/search/?q=hatra").content.decode()
    assert 'href="/search/dossier/?q=hatra"' in page
    refused = client.get("/search/dossier/?q=hatra&year=last")
    assert refused.status_code == 400 and "year" in refused.content.decode()
    unzipped = search_dossier(client, "q=hatra")
    check_manifest(unzipped)
    records = json.loads(unzipped["search.json"])["records"]
    assert {(r["type"], r["id"]) for r in records} == {
        ("site", str(found.public_id)),
        ("damage-event", str(event.public_id)),
    }
    assert rec(found, 1) in unzipped
    assert rec(event, 1, kind="damage-event", extension="jsonld") in unzipped
    text = "\n".join(
        pdf_text(data) if path.endswith(".pdf") else data.decode("utf-8")
        for path, data in unzipped.items()
    )
    assert "Hatra temple" in text and "Hatra bulldozed" in text
    assert "Hatra draft" not in text and "Ashur" not in text
    # Bounded: the first records only, and the dossier says so.
    settings.DOSSIER_SEARCH_LIMIT = 1
    unzipped = search_dossier(client, "q=hatra&type=site,damage-event")
    described = json.loads(unzipped["search.json"])
    assert (described["held"], described["found"], described["truncated"]) == (
        1,
        2,
        True,
    )
    assert "# truncated: 1 of 2 records" in unzipped["MANIFEST"].decode()


def test_a_sites_dossier_holds_its_public_events_never_a_draft(client):
    site = factories.SiteFactory(name="Nineveh")
    event = factories.DamageEventFactory(site=site, title="Mashki gate bulldozed")
    factories.DamageEventFactory(site=site, title="Draft of a gate", status="draft")
    unzipped = unzip(client.get(dossier_url(site)))
    assert rec(event, 1, kind="damage-event") in unzipped
    report = unzipped["report/report-en.html"].decode()
    assert "Mashki gate bulldozed" in report and "Draft of a gate" not in report
    assert not any(
        "Draft of a gate" in data.decode("latin-1") for data in unzipped.values()
    )

"""Photographs as evidence: only real images are stored; clean copies for the public."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from registry.media import files
from registry.models import Media
from tests import factories

pytestmark = pytest.mark.django_db

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (34.0, 33.0, 15.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (38.0, 16.0, 3.0),
}


def photo(fmt="JPEG", size=(60, 40), gps=False, orientation=None, name=None):
    """An image made in the test, optionally with GPS and orientation EXIF tags."""
    image = Image.new("RGB", size, (180, 90, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Artist] = "Photographer Name"
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    options = {"exif": exif} if fmt in ("JPEG", "WEBP", "PNG", "TIFF") else {}
    image.save(buffer, fmt, **options)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "TIFF": "tif"}[fmt]
    return SimpleUploadedFile(name or f"photo.{extension}", buffer.getvalue())


def add(target, file, **values):
    return files.add_media(target, file, kind="after", **values)


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_real_images_are_accepted_with_hash_and_metadata(private_root, fmt):
    site = factories.SiteFactory()
    upload = photo(fmt, gps=True)
    original = upload.read()
    upload.seek(0)
    media = add(site, upload)
    assert media.format == fmt
    assert (media.width, media.height) == (60, 40)
    assert media.sha256 == hashlib.sha256(original).hexdigest()
    with media.file.open("rb") as stored:  # the evidence is kept byte for byte
        assert hashlib.sha256(stored.read()).hexdigest() == media.sha256
    if fmt != "PNG":  # PNG keeps EXIF only in an eXIf chunk, which Pillow may skip
        assert media.metadata["Make"] == "TestCam"
    assert set(media.renditions) == {"thumbnail", "medium", "large"}


def test_gps_is_kept_for_curators_and_absent_from_the_public_copy(client, private_root):
    site = factories.SiteFactory(location_sensitivity="restricted")
    media = add(site, photo(gps=True), status="published")
    assert media.metadata["GPSInfo"]["GPSLatitudeRef"] == "N"
    for size in ("thumbnail", "medium", "large"):
        response = client.get(reverse("media-rendition", args=[media.public_id, size]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        data = b"".join(response.streaming_content)
        served = Image.open(io.BytesIO(data))
        assert dict(served.getexif()) == {}
        assert served.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        for marker in (
            b"Exif",
            b"GPS",
            b"TestCam",
            b"Photographer",
            b"http://ns.adobe.com/xap",
        ):
            assert marker not in data


def test_orientation_is_applied_to_the_public_copy(client, private_root):
    media = add(
        factories.SiteFactory(), photo(size=(60, 40), orientation=6), status="published"
    )
    response = client.get(reverse("media-rendition", args=[media.public_id, "large"]))
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert served.size == (40, 60)  # rotated upright


def test_renditions_are_web_sized_and_never_upscaled(private_root):
    media = add(factories.SiteFactory(), photo(size=(3000, 1500)))
    storage = media.file.storage
    sizes = {
        name: Image.open(storage.open(path)).size
        for name, path in media.renditions.items()
    }
    assert sizes == {
        "thumbnail": (320, 160),
        "medium": (1024, 512),
        "large": (2048, 1024),
    }
    small = add(factories.SiteFactory(), photo(size=(100, 50)))
    assert Image.open(storage.open(small.renditions["large"])).size == (100, 50)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("photo.jpg", b"this is a text file, not a photograph"),
            "not an image",
        ),
        (SimpleUploadedFile("photo.gif", b"GIF89a" + b"\x00" * 40), "not an image"),
    ],
)
def test_non_images_are_refused_and_nothing_is_stored(private_root, upload, message):
    site = factories.SiteFactory()
    with pytest.raises(ValidationError, match=message):
        add(site, upload)
    assert Media.objects.count() == 0
    assert stored_files(private_root) == [] if private_root.exists() else True


def test_a_truncated_image_is_refused(private_root):
    whole = photo(size=(400, 300)).read()
    truncated = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2])
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        add(factories.SiteFactory(), truncated)
    assert Media.objects.count() == 0


def test_a_decompression_bomb_is_refused(private_root, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    buffer = io.BytesIO()
    Image.new("L", (2000, 2000)).save(buffer, "PNG")  # 4 Mpx in a few kilobytes
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue())
    assert bomb.size < 50_000
    with pytest.raises(ValidationError, match="million pixels"):
        add(factories.SiteFactory(), bomb)
    assert Media.objects.count() == 0


def test_an_oversize_file_is_refused(private_root, settings):
    settings.IMAGE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="the limit is"):
        add(factories.SiteFactory(), photo(size=(400, 400)))
    assert Media.objects.count() == 0


def test_the_admin_refuses_a_text_file_named_jpg(client, editor, private_root):
    client.force_login(editor)
    site = factories.SiteFactory()
    from django.contrib.contenttypes.models import ContentType

    response = client.post(
        reverse("admin:registry_media_add"),
        {
            "content_type": ContentType.objects.get_for_model(site).pk,
            "object_id": site.pk,
            "kind": "after",
            "file": SimpleUploadedFile("photo.jpg", b"not an image at all"),
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert "not an image" in response.content.decode()
    assert Media.objects.count() == 0


def test_the_admin_stores_a_photograph_with_renditions(client, editor, private_root):
    client.force_login(editor)
    site = factories.SiteFactory()
    from django.contrib.contenttypes.models import ContentType

    response = client.post(
        reverse("admin:registry_media_add"),
        {
            "content_type": ContentType.objects.get_for_model(site).pk,
            "object_id": site.pk,
            "kind": "after",
            "file": photo(gps=True),
            "status": "draft",
        },
    )
    assert response.status_code == 302
    media = Media.objects.get()
    assert set(media.renditions) == {"thumbnail", "medium", "large"}
    assert media.metadata["GPSInfo"]
    change = client.get(reverse("admin:registry_media_change", args=[media.pk])).content
    assert b"GPSLatitude" in change  # curators see the original's metadata
    original = client.get(
        reverse("admin:registry_media_file", args=[media.pk, "original"])
    )
    assert original.status_code == 200


@pytest.mark.parametrize("case", ["draft photo", "draft record", "withdrawn site"])
def test_public_copies_only_of_published_photos_of_public_records(
    client, private_root, case
):
    site = factories.SiteFactory()
    media = add(site, photo(), status="draft" if case == "draft photo" else "published")
    url = reverse("media-rendition", args=[media.public_id, "medium"])
    if case == "draft photo":
        assert client.get(url).status_code == 404
        return
    assert client.get(url).status_code == 200
    site.status = "draft" if case == "draft record" else "withdrawn"
    site.save()
    assert client.get(url).status_code == 404


def test_no_public_url_serves_an_original(client, private_root):
    media = add(factories.SiteFactory(), photo(gps=True), status="published")
    assert (
        client.get(
            reverse("media-rendition", args=[media.public_id, "original"])
        ).status_code
        == 404
    )
    assert client.get("/media/" + media.file.name).status_code == 404
    assert (
        client.get(
            reverse("admin:registry_media_file", args=[media.pk, "original"])
        ).status_code
        == 302
    )  # to the login page


def test_site_page_and_api_show_published_photographs_only(client, private_root):
    site = factories.SiteFactory()
    shown = add(
        site, photo(), status="published", caption="After the blast", credit="ASOR"
    )
    add(site, photo(), status="draft", caption="SECRET draft photo")
    page = client.get(reverse("catalogue:site", args=[site.public_id])).content.decode()
    assert "After the blast" in page and "SECRET" not in page
    assert reverse("media-rendition", args=[shown.public_id, "medium"]) in page
    data = client.get(f"/api/v1/sites/{site.public_id}/").json()
    assert [p["caption"] for p in data["media"]] == ["After the blast"]
    assert data["media"][0]["large"].endswith(f"/media/{shown.public_id}/large.jpg")


def test_a_pseudonymous_persons_photograph_is_never_public(client, private_root):
    ali = factories.PersonFactory(
        name="Real", pseudonym="Ali", visibility="pseudonymous"
    )
    media = add(ali, photo(), status="published")
    assert client.get(f"/api/v1/people/{ali.public_id}/").json()["media"] == []
    url = reverse("media-rendition", args=[media.public_id, "thumbnail"])
    assert client.get(url).status_code == 404

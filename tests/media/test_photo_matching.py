"""Matching by photograph (issue 15): a copy of a registered photograph, rotated,
rescaled or recompressed, still finds its object; the uploaded image is kept nowhere;
drafts never appear."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFilter

from registry.media import files
from registry.models import Media, PublicationStatus
from tests import factories
from tests.support import API, pid

pytestmark = pytest.mark.django_db


def picture(seed, size=(640, 480)):
    """A photograph-like image: soft shapes in colour, different for each seed."""
    chance = random.Random(seed)
    image = Image.new("RGB", size, tuple(chance.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = chance.randrange(size[0]), chance.randrange(size[1])
        w, h = chance.randrange(40, 260), chance.randrange(40, 260)
        colour = tuple(chance.randrange(256) for _ in range(3))
        shape = draw.ellipse if chance.random() < 0.5 else draw.rectangle
        shape((x - w // 2, y - h // 2, x + w // 2, y + h // 2), fill=colour)
    return image.filter(ImageFilter.GaussianBlur(3))


def jpeg(image, quality=90, name="photo.jpg"):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


TRANSFORMS = {
    "rotated a quarter turn": lambda im: im.rotate(90, expand=True),
    "rotated 3 degrees": lambda im: im.rotate(3, resample=Image.Resampling.BICUBIC),
    "rescaled to 40%": lambda im: im.resize((256, 192), Image.Resampling.LANCZOS),
    "mirrored": lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    "cropped 5%": lambda im: im.crop((16, 12, 624, 468)),
}


@pytest.fixture
def registered(private_root):
    """Three public objects and a draft, each with its photograph."""
    records = {}
    for seed in (1, 2, 3):
        obj = factories.CulturalObjectFactory(title=f"Object {seed}")
        files.add_media(
            obj, jpeg(picture(seed)), kind="object", status=PublicationStatus.PUBLISHED
        )
        records[seed] = obj
    draft = factories.CulturalObjectFactory(
        title="Draft object", status=PublicationStatus.DRAFT
    )
    files.add_media(
        draft, jpeg(picture(4)), kind="object", status=PublicationStatus.PUBLISHED
    )
    records["draft"] = draft
    return records


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def search(client, image, quality=90):
    return client.post(
        reverse("catalogue:photo-search"), {"photograph": jpeg(image, quality)}
    )


def test_every_public_photograph_carries_a_perceptual_hash(registered):
    hashes = set(Media.objects.values_list("phash", flat=True))
    assert len(hashes) == 4
    assert all(len(value) == 16 for value in hashes)


@pytest.mark.parametrize("transform", TRANSFORMS)
def test_a_transformed_copy_finds_its_object_first(client, registered, transform):
    copy = TRANSFORMS[transform](picture(2))
    response = search(client, copy, quality=35)  # recompressed too
    assert response.status_code == 200
    matches = response.context["matches"]
    assert matches, transform
    assert matches[0][0] == registered[2]
    assert registered[1] not in [obj for obj, _ in matches]


def test_an_unrelated_photograph_finds_nothing(client, registered):
    response = search(client, picture(99))
    assert response.context["matches"] == []
    assert "No public object has a photograph" in response.content.decode()


def test_a_drafts_photograph_is_never_found(client, registered):
    response = search(client, picture(4))
    assert response.context["matches"] == []
    assert "Draft object" not in response.content.decode()


def test_the_uploaded_image_is_kept_nowhere(client, registered, settings, tmp_path):
    def everything():
        return {path for path in tmp_path.rglob("*") if path.is_file()}

    before, media = everything(), Media.objects.count()
    large = picture(2).resize((4000, 3000))
    # Django writes an upload beyond this size to a temporary file, in a folder
    # that here does not exist: the search would fail if it tried.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "no-such-folder")
    response = search(client, large)
    assert response.context["matches"][0][0] == registered[2]
    assert everything() == before  # no file written: media, private, temporary
    assert Media.objects.count() == media


def test_a_file_that_is_not_an_image_is_refused(client, registered):
    upload = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(reverse("catalogue:photo-search"), {"photograph": upload})
    assert response.status_code == 400
    assert "matches" not in response.context


def test_the_api_finds_objects_with_the_closest_photographs(client, registered):
    twin = factories.CulturalObjectFactory(title="Same photograph, another record")
    copy = picture(1).resize((320, 240))
    files.add_media(
        twin, jpeg(copy, quality=40), kind="object", status=PublicationStatus.PUBLISHED
    )
    response = client.get(f"{API}photo-matches/", {"similar_to": pid(registered[1])})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["id"] for row in results] == [pid(twin)]
    assert 0 <= results[0]["distance"] <= response.json()["max_distance"]
    other = client.get(f"{API}photo-matches/", {"similar_to": pid(registered[3])})
    assert other.json()["results"] == []


def test_the_api_answers_404_for_a_draft_and_400_for_a_malformed_id(client, registered):
    draft = client.get(f"{API}photo-matches/", {"similar_to": pid(registered["draft"])})
    assert draft.status_code == 404
    bad = client.get(f"{API}photo-matches/", {"similar_to": "palmyra"})
    assert bad.status_code == 400
    assert "similar_to" in bad.json()

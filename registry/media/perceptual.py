"""Matching by photograph: perceptual hashes of the objects' public photographs.

Every photograph of a record gets a 64-bit pHash (imagehash) of its upright image
when its renditions are made (``registry.media.files``). A rescaled, recompressed or
slightly cropped copy of the same photograph lies a few bits away; a copy turned by
a quarter turn or mirrored is found because the query is hashed in its eight
orientations and the nearest counts. Photographs of different objects lie about 32
bits apart (half of 64), so a match is a distance of at most ``MAX_DISTANCE``.

An image a person uploads to search with is read from memory, hashed and dropped:
nothing of it is written anywhere (``registry.catalogue.photo_search``).
"""

import io

import imagehash
from django.contrib.contenttypes.models import ContentType
from PIL import Image, ImageOps

from registry.media.images import inspect
from registry.models import CulturalObject, Media

MAX_DISTANCE = 12
ORIENTATIONS = (
    None,
    Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_180,
    Image.Transpose.ROTATE_270,
    Image.Transpose.FLIP_LEFT_RIGHT,
    Image.Transpose.TRANSPOSE,
    Image.Transpose.FLIP_TOP_BOTTOM,
    Image.Transpose.TRANSVERSE,
)


def _upright(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return ImageOps.exif_transpose(image).convert("RGB")


def _hash(image):
    return int(str(imagehash.phash(image)), 16)


def photo_hash(file):
    """The stored hash of an image file: 16 hex digits."""
    file.seek(0)
    data = file.read()
    return f"{_hash(_upright(data)):016x}"


def query_hashes(file):
    """The hashes of an uploaded image in each of its eight orientations, read from
    memory after the same checks as a curator's upload (a real image, within the
    size limits: ValidationError otherwise)."""
    inspect(file)
    file.seek(0)
    image = _upright(file.read())
    return [
        _hash(image.transpose(turn) if turn is not None else image)
        for turn in ORIENTATIONS
    ]


def distance(a, b):
    return (a ^ b).bit_count()


def public_photo_hashes(exclude=None):
    """(object pk, hash) of every public photograph of a public object."""
    objects = CulturalObject.objects.published()
    if exclude is not None:
        objects = objects.exclude(pk=exclude.pk)
    rows = (
        Media.objects.published()
        .filter(
            content_type=ContentType.objects.get_for_model(CulturalObject),
            object_id__in=objects.values("pk"),
        )
        .exclude(phash="")
        .values_list("object_id", "phash")
    )
    return [(pk, int(value, 16)) for pk, value in rows]


def closest_objects(hashes, exclude=None, limit=20, max_distance=MAX_DISTANCE):
    """[(object, distance)] of the public objects whose photographs lie within
    ``max_distance`` bits of any of ``hashes``, nearest first."""
    best = {}
    for pk, stored in public_photo_hashes(exclude):
        nearest = min(distance(stored, query) for query in hashes)
        if nearest <= max_distance and nearest < best.get(pk, 65):
            best[pk] = nearest
    ranked = sorted(best.items(), key=lambda item: (item[1], item[0]))[:limit]
    objects = CulturalObject.objects.published().in_bulk([pk for pk, _d in ranked])
    return [(objects[pk], d) for pk, d in ranked if pk in objects]


def hashes_of_object(obj):
    """The stored hashes of ``obj``'s public photographs."""
    rows = (
        Media.objects.published()
        .filter(
            content_type=ContentType.objects.get_for_model(CulturalObject),
            object_id=obj.pk,
        )
        .exclude(phash="")
        .values_list("phash", flat=True)
    )
    return [int(value, 16) for value in rows]

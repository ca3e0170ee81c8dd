"""Photographs as evidence: stored privately, with public renditions made from them."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction

from registry.media.images import make_renditions
from registry.media.perceptual import photo_hash
from registry.models import Media
from registry.publishing.cache import bump


def store_renditions(media):
    """Make (or remake) the public renditions of ``media``'s original."""
    storage = media.file.storage
    paths = {}
    with media.file.open("rb") as original:
        renditions = make_renditions(original)
        # Matching by photograph (registry.media.perceptual) compares these.
        phash = photo_hash(original)
    for name, data in renditions.items():
        path = f"renditions/{media.public_id}/{name}.jpg"
        if storage.exists(path):
            storage.delete(path)
        paths[name] = storage.save(path, ContentFile(data))
    type(media).objects.filter(pk=media.pk).update(renditions=paths, phash=phash)
    bump(type(media))  # the pages that show it, kept before its renditions
    media.renditions, media.phash = paths, phash
    return paths


def add_media(target, file, user=None, **values):
    """Attach a photograph to ``target``: validated, hashed, stored, with renditions.

    Raises ValidationError (and stores nothing) for anything but a sound image.
    """
    media = Media(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        file=file,
        **values,
    )
    media.full_clean()
    with transaction.atomic():
        if user is not None:
            media._history_user = user
        media.save()
        store_renditions(media)
    return media

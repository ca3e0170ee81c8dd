"""Template helpers of the catalogue: languages, labels, citations."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from registry.publishing.documents import KIND_BY_MODEL
from registry.publishing.privacy import person_display_name, public_citation
from registry.publishing.versions import latest_version

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language of the catalogue."""
    request = context["request"]
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current}
        )
    return links


@register.filter
def label(record):
    """A record's name in the reader's language, where it exists."""
    if record is None:
        return ""
    if hasattr(record, "visibility"):
        return person_display_name(record)
    return getattr(record, "label", None) or str(record)


@register.filter
def public_cite(citation):
    """A citation as the public may read it (a confidential source stays anonymous)."""
    return public_citation(citation)


@register.simple_tag(takes_context=True)
def cite_record(context, record, title, version=None):
    """ "Cite this record": title, registry, version, its permanent URL, access date.

    The version is the record's current public version unless one is given; the
    address cited is the version's own page, which keeps saying what was cited.
    """
    request = context["request"]
    if version is None:
        version = latest_version(record)
    values = {
        "title": title,
        "id": record.public_id,
        "today": timezone.localdate().isoformat(),
    }
    if version is None:  # a record from before versions were kept, not yet edited
        values["updated"] = record.updated_at.date().isoformat()
        values["url"] = request.build_absolute_uri(request.path)
        return (
            _(
                "“%(title)s”. Heritage damage registry, record %(id)s (version of "
                "%(updated)s). %(url)s (accessed %(today)s)."
            )
            % values
        )
    kind = KIND_BY_MODEL[type(record)]
    values["number"] = version.number
    values["published"] = version.recorded_at.date().isoformat()
    values["url"] = request.build_absolute_uri(
        kind.page(record.public_id, version.number)
    )
    return (
        _(
            "“%(title)s”. Heritage damage registry, record %(id)s, version "
            "%(number)s (published %(published)s). %(url)s (accessed %(today)s)."
        )
        % values
    )


@register.simple_tag
def public_history(record):
    """The record's current version and the addresses of its versions and dossier
    (for the "cite this record" box)."""
    kind = KIND_BY_MODEL.get(type(record))
    if kind is None:
        return None
    page = kind.page(record.public_id)
    return {
        "version": latest_version(record),
        "versions": f"{page}versions/",
        "dossier": f"{page}dossier/",
    }


@register.filter
def record_page(kind, public_id):
    """The catalogue's page of the record ``public_id`` of ``kind``."""
    return kind.page(public_id)


@register.filter
def version_page(kind, version):
    """The catalogue's page of one public version."""
    return kind.page(version.public_id, version.number)


@register.filter
def coordinate(value):
    """A coordinate with the digits it has (34.7, not 34.700000), never localised."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text

"""Template helpers of the catalogue: languages, labels, citations."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from registry.publishing.privacy import person_display_name, public_citation

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
def cite_record(context, record, title):
    """ "Cite this record": title, registry, permanent URL, version, access date."""
    request = context["request"]
    values = {
        "title": title,
        "id": record.public_id,
        "updated": record.updated_at.date().isoformat(),
        "url": request.build_absolute_uri(request.path),
        "today": timezone.localdate().isoformat(),
    }
    return (
        _(
            "“%(title)s”. Heritage damage registry, record %(id)s (version of "
            "%(updated)s). %(url)s (accessed %(today)s)."
        )
        % values
    )


@register.filter
def coordinate(value):
    """A coordinate with the digits it has (34.7, not 34.700000), never localised."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text

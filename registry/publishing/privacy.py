"""The protection rules of the public surfaces, one function each.

Every serializer, export, filter and page goes through these; none re-implements them.

- ``public_location_q`` / ``annotate_public_location``: where the public may see a site
  (or something inside one): the exact point, a coarse cell, or nothing.
- ``person_public_name``: a public person's name, a pseudonymous person's pseudonym.
- ``public_citation``: what the public may know of a citation (a confidential source is
  "confidential source" and nothing else).

Which records are public at all is ``published()`` on each model (models/base.py).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Case, DecimalField, Value, When
from django.db.models.functions import Coalesce, Round
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.models import LocationSensitivity, PublicationStatus, Visibility

CONFIDENTIAL_SOURCE = _("confidential source")


def _cell(value):
    """Round a coordinate to the generalised cell (half away from zero, as SQL does)."""
    step = Decimal(1).scaleb(-settings.GENERALISED_LOCATION_DECIMALS)
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def public_point(latitude, longitude, sensitivity):
    """(latitude, longitude) as the public may see them, or None.

    *public*: the point itself; *generalised*: only the coarse cell; *restricted*:
    nothing. Structures and find spots pass their site's sensitivity.
    """
    if latitude is None or longitude is None:
        return None
    if sensitivity == LocationSensitivity.PUBLIC:
        return Decimal(latitude), Decimal(longitude)
    if sensitivity == LocationSensitivity.GENERALISED:
        return _cell(latitude), _cell(longitude)
    return None


def annotate_public_location(queryset, *, site_prefix="", point_prefixes=("",)):
    """Annotate ``public_latitude`` / ``public_longitude``: the only coordinates that
    filters (bbox), ordering, maps and exports may use.

    ``site_prefix`` reaches the site whose sensitivity rules ("" for a site itself,
    "site__" for a structure or an event). ``point_prefixes`` lists where the point is
    taken from, first match wins: a structure's own point, else its site's.
    """
    sensitivity = f"{site_prefix}location_sensitivity"

    def coordinate(name):
        fields = [f"{prefix}{name}" for prefix in point_prefixes]
        value = fields[0] if len(fields) == 1 else Coalesce(*fields)
        return Case(
            When(**{sensitivity: LocationSensitivity.PUBLIC}, then=value),
            When(
                **{sensitivity: LocationSensitivity.GENERALISED},
                then=Round(value, settings.GENERALISED_LOCATION_DECIMALS),
            ),
            default=Value(None),
            output_field=DecimalField(max_digits=9, decimal_places=6),
        )

    return queryset.annotate(
        public_latitude=coordinate("latitude"), public_longitude=coordinate("longitude")
    )


def public_precision(latitude, longitude, sensitivity):
    """What the public is told of a point: 'exact', 'generalised', 'withheld' (the
    site is protected), or 'not_recorded' (no point was ever recorded: withholding
    nothing, the registry should not claim to)."""
    if latitude is None or longitude is None:
        return "not_recorded"
    return location_precision(sensitivity)


def location_precision(sensitivity):
    """How precise the shown point is: 'exact', 'generalised' or 'withheld'."""
    return {
        LocationSensitivity.PUBLIC: "exact",
        LocationSensitivity.GENERALISED: "generalised",
    }.get(sensitivity, "withheld")


def person_public_name(person):
    """The name under which ``person`` may appear publicly (None: must not appear)."""
    if person.visibility == Visibility.PUBLIC:
        return person.name or person.pseudonym
    if person.visibility == Visibility.PSEUDONYMOUS:
        return person.pseudonym
    return None


def person_display_name(person):
    """``person_public_name`` in the reader's language (Arabic name on Arabic pages)."""
    arabic = (get_language() or "").startswith("ar")
    if arabic and person.visibility == Visibility.PUBLIC and person.name_ar:
        return person.name_ar
    return person_public_name(person)


def person_is_named(person):
    """Whether the person's real name and identifying details may be shown."""
    return person.visibility == Visibility.PUBLIC


def public_citation(citation):
    """A citation as the public may read it: a confidential source is only that."""
    source = citation.source
    if source.confidential:
        return {"source": None, "title": str(CONFIDENTIAL_SOURCE), "confidential": True}
    return {
        "source": source,
        "title": source.title,
        "confidential": False,
        "locator": citation.locator,
        "quote": citation.quote,
        "accessed_on": citation.accessed_on,
    }


def public_comparison(record):
    """The (before, after) images of ``record`` (a site or a structure) that the
    public may see side by side, or None.

    Both must be published photographs with public renditions. Never for a
    restricted site (an image can show where it is); for a generalised site only
    when a curator marked both images as not revealing the location.
    """
    before, after = record.before_image, record.after_image
    if before is None or after is None:
        return None
    site = getattr(record, "site", record)
    sensitivity = site.location_sensitivity
    if sensitivity == LocationSensitivity.RESTRICTED:
        return None
    if sensitivity == LocationSensitivity.GENERALISED and (
        before.reveals_location or after.reveals_location
    ):
        return None
    for media in (before, after):
        if media.status != PublicationStatus.PUBLISHED or not media.renditions:
            return None
    return before, after

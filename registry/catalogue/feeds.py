"""Atom feeds of newly published and updated records, for those who follow a
country, a site, an actor, a kind of record or any catalogue search.

An entry is one version of one public record: its id names the record and the
moment it last changed (``tag:HOST,2026:site/<id>/<updated>``), so a record that
changes again comes back as a new entry, and the same version keeps its id however
often the feed is read. Only public records, through the same querysets as every
other public surface; people under their public name (a pseudonym, never a
confidential person). Validators: the ETag of the body (ConditionalGetMiddleware);
no Last-Modified, which a withdrawal (an entry gone, no newer date) would not move.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from heapq import nlargest

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from registry.catalogue import faceted
from registry.catalogue.kinds import KINDS, Kind
from registry.models import ConditionAssessment
from registry.publishing import visibility
from registry.publishing.privacy import person_display_name
from registry.search.assessments import AssessmentFilterSet
from registry.search.filtersets import in_countries

LIMIT = 50

# The catalogue's kinds, and the assessments (which the search box does not cover).
ASSESSMENT = Kind(
    "assessment",
    gettext_lazy("Condition assessments"),
    ConditionAssessment,
    visibility.assessments,
    AssessmentFilterSet,
    "catalogue:assessment",
)
FEED_KINDS = [*KINDS, ASSESSMENT]
FEED_KIND_BY_CODE = {kind.code: kind for kind in FEED_KINDS}
SINGULAR = {"assessment": gettext_lazy("Condition assessment")}


@dataclass
class Entry:
    kind: Kind
    record: object

    @property
    def label(self):
        record = self.record
        if self.kind.code == "person":
            return person_display_name(record)
        return str(getattr(record, "label", None) or record)


def newest(kind, queryset, limit=LIMIT):
    """The ``limit`` most recently changed records of ``queryset``, as entries."""
    records = queryset.order_by("-updated_at", "-pk")[:limit]
    return [Entry(kind, record) for record in records]


def merged(groups, limit=LIMIT):
    """The newest ``limit`` entries of several kinds together."""
    entries = [entry for group in groups for entry in group]
    return nlargest(limit, entries, key=lambda entry: entry.record.updated_at)


class AtomFeed(Atom1Feed):
    def latest_post_date(self):
        """The newest entry's date; for a feed with none, a fixed moment rather
        than Django's "now", which would change the body (and its ETag) on every
        read."""
        if not self.items:
            return EMPTY_FEED_UPDATED
        return super().latest_post_date()


EMPTY_FEED_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)


class RegistryFeed(Feed):
    feed_type = AtomFeed
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        self.request = request
        try:
            response = super().__call__(request, *args, **kwargs)
        except faceted.SearchError as error:
            # A malformed search parameter: a 400 that names it, as on the page.
            return error.response()
        if response.has_header("Last-Modified"):
            del response["Last-Modified"]
        return response

    # The feed ------------------------------------------------------------------

    def feed_url(self, obj):
        """The feed's own address, its query (a search's parameters) included."""
        query = self.request.GET.urlencode()
        return self.request.path + (f"?{query}" if query else "")

    def feed_guid(self, obj):
        # Each feed its own permanent id (Django's default is the page it links
        # to, which several feeds share).
        return self.request.build_absolute_uri(self.feed_url(obj))

    def link(self, obj):
        return reverse("catalogue:feeds")

    def subtitle(self, obj):
        return _(
            "Records of the heritage damage registry, newest changes first: each "
            "entry is a record as it was published or updated."
        )

    # Entries ---------------------------------------------------------------------

    def item_title(self, entry):
        singular = SINGULAR.get(entry.kind.code) or entry.kind.singular
        return f"{singular}: {entry.label}"

    def item_link(self, entry):
        return reverse(entry.kind.view, args=[entry.record.public_id])

    def item_guid(self, entry):
        record = entry.record
        moment = record.updated_at.strftime("%Y%m%dT%H%M%S%fZ")
        host = self.request.get_host().split(":")[0]
        return f"tag:{host},2026:{entry.kind.code}/{record.public_id}/{moment}"

    def item_updateddate(self, entry):
        return entry.record.updated_at

    def item_pubdate(self, entry):
        return entry.record.published_at or entry.record.updated_at

    def item_description(self, entry):
        """The change note: published or updated, and when."""
        record = entry.record
        published = record.published_at
        when = formats.date_format(record.updated_at, "DATE_FORMAT")
        if published and abs((record.updated_at - published).total_seconds()) < 60:
            note = _("Published on %(date)s.") % {"date": when}
        else:
            note = _("Updated on %(date)s.") % {"date": when}
        date_display = getattr(record, "date_display", None)
        if date_display and getattr(record, "date_mode", "unknown") != "unknown":
            note += " " + _("Dated %(date)s.") % {"date": date_display}
        return note


class EverythingFeed(RegistryFeed):
    def title(self, obj):
        return _("Heritage damage registry: everything")

    def items(self, obj):
        return merged(newest(kind, kind.queryset()) for kind in FEED_KINDS)


class KindFeed(RegistryFeed):
    def get_object(self, request, kind):
        if kind not in FEED_KIND_BY_CODE:
            raise Http404
        return FEED_KIND_BY_CODE[kind]

    def title(self, kind):
        return _("Heritage damage registry: %(kind)s") % {"kind": kind.label}

    def items(self, kind):
        return newest(kind, kind.queryset())


# Where each kind's country is, for the country feeds (people, actors and sources
# have none).
COUNTRY_PATHS = {
    "site": "country",
    "structure": "site__country",
    "damage-event": "site__country",
    "looting-incident": "site__country",
    "object": "origin_site__country",
    "assessment": "site__country",
}


class CountryFeed(RegistryFeed):
    def get_object(self, request, code):
        code = code.upper()
        if code not in countries:
            raise Http404
        return code

    def title(self, code):
        return _("Heritage damage registry: %(country)s") % {
            "country": countries.name(code)
        }

    def items(self, code):
        groups = []
        for kind in FEED_KINDS:
            path = COUNTRY_PATHS.get(kind.code)
            if path is None:
                continue
            if kind.code == "site":  # a transboundary property is in each country
                queryset = kind.queryset().filter(in_countries([code]))
            else:
                queryset = kind.queryset().filter(**{path: code})
            groups.append(newest(kind, queryset))
        return merged(groups)


# What belongs to a site, kind by kind.
SITE_PATHS = {
    "structure": "site",
    "damage-event": "site",
    "looting-incident": "site",
    "object": "origin_site",
    "assessment": "site",
}


class SiteFeed(RegistryFeed):
    def get_object(self, request, public_id):
        return get_object_or_404(visibility.sites(), public_id=public_id)

    def title(self, site):
        return _("Heritage damage registry: %(site)s") % {"site": site.label}

    def link(self, site):
        return reverse("catalogue:site", args=[site.public_id])

    def items(self, site):
        site_kind = FEED_KIND_BY_CODE["site"]
        groups = [newest(site_kind, site_kind.queryset().filter(pk=site.pk))]
        for code, path in SITE_PATHS.items():
            kind = FEED_KIND_BY_CODE[code]
            groups.append(newest(kind, kind.queryset().filter(**{path: site})))
        return merged(groups)


class ActorFeed(RegistryFeed):
    def get_object(self, request, public_id):
        return get_object_or_404(visibility.actors(), public_id=public_id)

    def title(self, actor):
        return _("Heritage damage registry: %(actor)s") % {"actor": actor.label}

    def link(self, actor):
        return reverse("catalogue:actor", args=[actor.public_id])

    def items(self, actor):
        actor_kind = FEED_KIND_BY_CODE["actor"]
        groups = [newest(actor_kind, actor_kind.queryset().filter(pk=actor.pk))]
        for code, path in (
            ("damage-event", "perpetrator"),
            ("looting-incident", "perpetrator"),
            ("assessment", "organisation"),
        ):
            kind = FEED_KIND_BY_CODE[code]
            groups.append(newest(kind, kind.queryset().filter(**{path: actor})))
        return merged(groups)


class SearchFeed(RegistryFeed):
    """The catalogue's search, newest changes first: the same parameters, the same
    records (``faceted``), at the search's URL with ``feed/``."""

    def get_object(self, request):
        query = (request.GET.get("q") or "").strip()
        return query, faceted.active_facets(request.GET)

    def title(self, obj):
        query, _active = obj
        if query:
            return _("Heritage damage registry: search for “%(query)s”") % {
                "query": query
            }
        return _("Heritage damage registry: search")

    def link(self, obj):
        return reverse("catalogue:search") + (
            f"?{self.request.GET.urlencode()}" if self.request.GET else ""
        )

    def items(self, obj):
        query, active = obj
        return search_entries(query, active)


def search_entries(query, active, since=None, limit=LIMIT):
    """The newest entries of a catalogue search (``faceted``'s records), changed
    after ``since`` when given: a search's feed, and a saved search's digest."""
    groups = []
    for kind in KINDS:
        queryset = faceted.filtered(kind, query, active)
        if queryset is None:
            continue
        if since is not None:
            queryset = queryset.filter(updated_at__gt=since)
        groups.append(newest(kind, queryset, limit))
    return merged(groups, limit)

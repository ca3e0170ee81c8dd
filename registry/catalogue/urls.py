"""The catalogue's permanent URLs: one per record, by its public identifier."""

from django.urls import path

from registry.catalogue import (
    dossiers,
    feeds,
    photo_search,
    receipts,
    versions,
    views,
)
from registry.catalogue.versions import tombstoned
from registry.publishing.documents import KINDS

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="feed-search"),
    path("search/dossier/", dossiers.search_dossier_view, name="search-dossier"),
    path(
        "search/photograph/",
        photo_search.search_by_photograph,
        name="photo-search",
    ),
    path("feeds/", views.feeds_help, name="feeds"),
    path("feeds/all/", feeds.EverythingFeed(), name="feed-all"),
    path("feeds/type/<str:kind>/", feeds.KindFeed(), name="feed-kind"),
    path("feeds/country/<str:code>/", feeds.CountryFeed(), name="feed-country"),
    path("feeds/site/<uuid:public_id>/", feeds.SiteFeed(), name="feed-site"),
    path("feeds/actor/<uuid:public_id>/", feeds.ActorFeed(), name="feed-actor"),
    path("map/", views.site_map, name="map"),
    path("statistics/", views.statistics, name="statistics"),
    path("methodology/", views.methodology, name="methodology"),
    path("sites/<uuid:public_id>/", tombstoned("site")(views.site_detail), name="site"),
    path(
        "structures/<uuid:public_id>/",
        tombstoned("structure")(views.structure_detail),
        name="structure",
    ),
    path(
        "damage-events/<uuid:public_id>/",
        tombstoned("damage-event")(views.damage_event_detail),
        name="damage-event",
    ),
    path(
        "looting-incidents/<uuid:public_id>/",
        tombstoned("looting-incident")(views.looting_incident_detail),
        name="looting-incident",
    ),
    path("objects/receipt/", receipts.object_receipt, name="object-receipt"),
    path(
        "objects/<uuid:public_id>/",
        tombstoned("object")(views.object_detail),
        name="object",
    ),
    path(
        "people/<uuid:public_id>/",
        tombstoned("person")(views.person_detail),
        name="person",
    ),
    path(
        "actors/<uuid:public_id>/",
        tombstoned("actor")(views.actor_detail),
        name="actor",
    ),
    path(
        "sources/<uuid:public_id>/",
        tombstoned("source")(views.source_detail),
        name="source",
    ),
    path(
        "sources/<uuid:public_id>/captures/<str:sha256>/",
        views.source_capture,
        name="source-capture",
    ),
    path(
        "assessments/<uuid:public_id>/",
        tombstoned("assessment")(views.assessment_detail),
        name="assessment",
    ),
    # Every record's public versions (registry.catalogue.versions).
    *(
        route
        for kind in KINDS
        for route in (
            path(
                f"{kind.prefix}/<uuid:public_id>/versions/",
                versions.version_list,
                {"kind": kind.code},
                name=f"{kind.code}-versions",
            ),
            # A version's one address (cited, printed in dossiers): /v/<n>/.
            path(
                f"{kind.prefix}/<uuid:public_id>/v/<int:number>/",
                versions.version_page,
                {"kind": kind.code},
                name=f"{kind.code}-version",
            ),
            # Its first address, kept for citations made with it.
            path(
                f"{kind.prefix}/<uuid:public_id>/versions/<int:number>/",
                versions.old_version_address,
                {"kind": kind.code},
                name=f"{kind.code}-version-old",
            ),
            path(
                f"{kind.prefix}/<uuid:public_id>/dossier/",
                dossiers.public_dossier_view,
                {"kind": kind.code},
                name=f"{kind.code}-dossier",
            ),
        )
    ),
    path(
        "investigators/dossier/",
        dossiers.investigator_dossier_view,
        name="investigator-dossier",
    ),
]

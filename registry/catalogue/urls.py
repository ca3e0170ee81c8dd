"""The catalogue's permanent URLs: one per record, by its public identifier."""

from django.urls import path

from registry.catalogue import feeds, photo_search, receipts, views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="feed-search"),
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
    path("sites/<uuid:public_id>/", views.site_detail, name="site"),
    path("structures/<uuid:public_id>/", views.structure_detail, name="structure"),
    path(
        "damage-events/<uuid:public_id>/",
        views.damage_event_detail,
        name="damage-event",
    ),
    path(
        "looting-incidents/<uuid:public_id>/",
        views.looting_incident_detail,
        name="looting-incident",
    ),
    path("objects/receipt/", receipts.object_receipt, name="object-receipt"),
    path("objects/<uuid:public_id>/", views.object_detail, name="object"),
    path("people/<uuid:public_id>/", views.person_detail, name="person"),
    path("actors/<uuid:public_id>/", views.actor_detail, name="actor"),
    path("sources/<uuid:public_id>/", views.source_detail, name="source"),
    path("assessments/<uuid:public_id>/", views.assessment_detail, name="assessment"),
]

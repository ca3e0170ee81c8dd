"""The change feed: what a mirror must apply since a moment (publications, updates,
tombstones), computed from the records' history."""

from django.db.models import Q

from registry.models import (
    Actor,
    ConditionAssessment,
    CulturalObject,
    DamageEvent,
    HeritageSite,
    LootingIncident,
    Person,
    PublicationStatus,
    Source,
    Structure,
)
from registry.publishing import visibility

FEED = [
    ("site", HeritageSite, visibility.sites, "api:site-detail"),
    ("structure", Structure, visibility.structures, "api:structure-detail"),
    ("damage-event", DamageEvent, visibility.damage_events, "api:damageevent-detail"),
    (
        "looting-incident",
        LootingIncident,
        visibility.looting_incidents,
        "api:lootingincident-detail",
    ),
    (
        "object",
        CulturalObject,
        visibility.cultural_objects,
        "api:culturalobject-detail",
    ),
    ("person", Person, visibility.people, "api:person-detail"),
    ("actor", Actor, visibility.actors, "api:actor-detail"),
    ("source", Source, visibility.sources, "api:source-detail"),
    (
        "assessment",
        ConditionAssessment,
        visibility.assessments,
        "api:assessment-detail",
    ),
]


def parent_paths(model, prefix=""):
    """The relation paths to every record ``model``'s publication depends on."""
    for name in model.publication_parents:
        path = f"{prefix}{name}"
        yield path
        yield from parent_paths(model._meta.get_field(name).related_model, f"{path}__")


def ever_public_q(model, prefix=""):
    """Records that were public at some point: their own history shows them
    published (and, for people, not confidential), and so does each parent's."""
    own = Q(status=PublicationStatus.PUBLISHED) & model.extra_published_q("")
    q = Q(**{f"{prefix}id__in": model.history.filter(own).values("id")})
    for name in model.publication_parents:
        field = model._meta.get_field(name)
        parent_q = ever_public_q(field.related_model, f"{prefix}{name}__")
        if field.null:
            parent_q |= Q(**{f"{prefix}{name}__isnull": True})
        q &= parent_q
    return q


def change_feed(since):
    """What a mirror must apply since ``since``: publications, updates, tombstones."""
    entries = []
    for type_name, model, public_queryset, view in FEED:
        visible = public_queryset().order_by()
        changed = visible.filter(updated_at__gt=since) if since else visible
        for public_id, updated_at, status_changed_at in changed.values_list(
            "public_id", "updated_at", "status_changed_at"
        ):
            newly = since is None or (status_changed_at and status_changed_at > since)
            entries.append(
                (
                    updated_at,
                    type_name,
                    public_id,
                    "published" if newly else "updated",
                    view,
                )
            )

        # Tombstones: records once public that are not public now, because they or a
        # record they depend on changed since, or because they were deleted.
        paths = list(parent_paths(model))
        touched = Q(updated_at__gt=since) if since else Q()
        for path in paths:
            if since:
                touched |= Q(**{f"{path}__status_changed_at__gt": since})
        gone = (
            model.objects.filter(ever_public_q(model))
            .exclude(pk__in=visible.values("pk"))
            .filter(touched)
            .select_related(*paths)
        )
        for record in gone:
            moments = [record.updated_at]
            for path in paths:
                parent = record
                for step in path.split("__"):
                    parent = getattr(parent, step, None)
                if parent is not None and parent.status_changed_at:
                    moments.append(parent.status_changed_at)
            entries.append(
                (max(moments), type_name, record.public_id, "withdrawn", None)
            )
        deleted = model.history.filter(ever_public_q(model), history_type="-")
        if since:
            deleted = deleted.filter(history_date__gt=since)
        for public_id, moment in deleted.values_list("public_id", "history_date"):
            entries.append((moment, type_name, public_id, "withdrawn", None))
    entries.sort(key=lambda entry: (entry[0], entry[1], str(entry[2])))
    return entries

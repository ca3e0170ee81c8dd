"""Similar objects: what else in the public registry looks like this object.

Same type of object, at least one material in common (when materials are recorded),
each recorded measurement within ``SIZE_MARGIN`` of this one's (or not recorded),
and the same period (or none recorded); nearest in height first.
"""

from decimal import Decimal

from django.db.models import F, Q
from django.db.models.functions import Abs

from registry.models import CulturalObject
from registry.models.objects import MEASUREMENTS

SIZE_MARGIN = Decimal("0.25")


def similar_objects(obj, limit=8):
    """Up to ``limit`` public objects like ``obj`` (never ``obj`` itself)."""
    objects = CulturalObject.objects.published().exclude(pk=obj.pk)
    objects = objects.filter(object_type_id=obj.object_type_id)
    materials = list(obj.materials.values_list("pk", flat=True))
    if materials:
        sharing = CulturalObject.objects.filter(materials__in=materials)
        objects = objects.filter(pk__in=sharing.values("pk"))
    for name in MEASUREMENTS:
        value = getattr(obj, name)
        if value:
            low, high = value * (1 - SIZE_MARGIN), value * (1 + SIZE_MARGIN)
            objects = objects.filter(
                Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__range": (low, high)})
            )
    if obj.period_id:
        objects = objects.filter(Q(period__isnull=True) | Q(period_id=obj.period_id))
    order = ["title", "pk"]
    if obj.height_cm:
        objects = objects.annotate(height_gap=Abs(F("height_cm") - obj.height_cm))
        order = [F("height_gap").asc(nulls_last=True), *order]
    return list(objects.order_by(*order)[:limit])

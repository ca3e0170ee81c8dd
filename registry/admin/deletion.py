"""What the admin's delete confirmation lists: the records a curator recognises.

Django's own list names every row that goes with a record, including the rows of
its many-to-many tables ("Damageevent-term relationship: DamageEvent_effects object
(6)"). Here such a row reads as what it links to ("Effects: Burning"), counted
under the field's name; everything else is listed as Django lists it.
"""

from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst


def _link_field(row):
    """The many-to-many field whose automatic table ``row`` belongs to, or None."""
    opts = row._meta
    if not opts.auto_created:
        return None
    for field in opts.auto_created._meta.many_to_many:
        if field.remote_field.through is type(row):
            return field
    return None


def deleted_objects(objs, request, admin_site):
    """``ModelAdmin.get_deleted_objects``, with link rows named by what they link."""
    try:
        using = router.db_for_write(objs[0]._meta.model)
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=using, origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def describe(obj):
        field = _link_field(obj)
        if field is not None:
            target = getattr(obj, field.m2m_reverse_field_name())
            return f"{capfirst(field.verbose_name)}: {target}"
        opts = obj._meta
        plain = f"{capfirst(opts.verbose_name)}: {obj}"
        if not admin_site.is_registered(type(obj)):
            return plain
        if not admin_site.get_model_admin(type(obj)).has_delete_permission(
            request, obj
        ):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=(quote(obj.pk),),
            )
        except NoReverseMatch:
            return plain
        return format_html(
            '{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj
        )

    to_delete = collector.nested(describe)
    protected = [describe(obj) for obj in collector.protected]
    counts = {}
    for model, rows in collector.model_objs.items():
        field = _link_field(next(iter(rows))) if rows else None
        name = field.verbose_name if field else model._meta.verbose_name_plural
        counts[name] = counts.get(name, 0) + len(rows)
    return to_delete, counts, perms_needed, protected

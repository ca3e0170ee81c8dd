"""Condition assessments in the admin, what they propose for damage events, and the
before/after images of sites and structures."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from registry.admin.base import CuratedAdmin, CuratorFieldsMixin
from registry.admin.inlines import CitationInline, MediaInline
from registry.interchange import spreadsheets
from registry.models import (
    ConditionAssessment,
    DateMode,
    DatePrecision,
    Disturbance,
    Media,
    Threat,
)
from registry.publishing.monitoring import proposed_dates


class DisturbanceInline(CuratorFieldsMixin, admin.TabularInline):
    model = Disturbance
    extra = 0
    fields = ("effect", "cause", "certainty")
    autocomplete_fields = ("effect", "cause")


class ThreatInline(CuratorFieldsMixin, admin.TabularInline):
    model = Threat
    extra = 0
    fields = ("category", "probability")
    autocomplete_fields = ("category",)


@admin.register(ConditionAssessment)
class ConditionAssessmentAdmin(ImportExportMixin, CuratedAdmin):
    resource_classes = [spreadsheets.AssessmentResource]
    list_display = (
        "__str__",
        "site",
        "structure",
        "method",
        "condition_display",
        "priority",
        "status_badge",
    )
    list_filter = ("status", "method", "condition", "no_change", "priority")
    list_select_related = ("site", "structure")
    search_fields = ("site__name", "site__name_ar", "structure__name", "assessor")
    autocomplete_fields = ("site", "structure", "organisation")
    inlines = (DisturbanceInline, ThreatInline, CitationInline, MediaInline)
    fieldsets = (
        (None, {"fields": ("site", "structure")}),
        (
            _("When"),
            {
                "fields": (("date_mode", "date_precision"), ("date_from", "date_to")),
                "description": _(
                    "The day of the assessment (for imagery: the day it was read; "
                    "the image's own date goes below)."
                ),
            },
        ),
        (
            _("How and by whom"),
            {
                "fields": (
                    "method",
                    ("assessor", "organisation"),
                    ("imagery_provider", "imagery_date"),
                )
            },
        ),
        (
            _("What was found"),
            {
                "fields": (
                    ("condition", "no_change"),
                    ("certainty", "verification"),
                    ("priority", "recommendation"),
                    "description",
                    "description_ar",
                )
            },
        ),
        CuratedAdmin.curated_fieldset,
    )

    @admin.display(description=_("condition"), ordering="condition")
    def condition_display(self, obj):
        if obj.no_change:
            return _("no change")
        return obj.get_condition_display()


class AssessmentBracketMixin:
    """On a damage event: the dates its structures' assessments propose (the last
    that found them intact, the first that found them damaged), shown on the form
    and taken only when a curator asks (the action below), never silently."""

    @admin.display(description=_("dates the assessments propose"))
    def assessment_bracket(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        proposal = proposed_dates(obj, published_only=False)
        if proposal is None:
            return _("No assessment brackets this damage.")
        start, end, brackets = proposal
        lines = format_html_join(
            "",
            "<li>{}: {} → {}</li>",
            ((bracket.target, bracket.intact, bracket.damaged) for bracket in brackets),
        )
        return format_html(
            "{} <ul>{}</ul>",
            _("between %(start)s and %(end)s")
            % {"start": start.isoformat(), "end": end.isoformat()},
            lines,
        )

    @admin.action(
        description=_("Date selected events from their assessments"),
        permissions=("change",),
    )
    def date_from_assessments(self, request, queryset):
        dated, skipped = 0, []
        with transaction.atomic():
            for event in queryset:
                proposal = proposed_dates(event, published_only=False)
                if proposal is None:
                    skipped.append(str(event))
                    continue
                event.date_mode = DateMode.BETWEEN
                event.date_precision = DatePrecision.DAY
                event.date_from, event.date_to = proposal[0], proposal[1]
                event._change_reason = "Dated between two assessments"
                event.full_clean()
                event.save()
                dated += 1
        if dated:
            self.message_user(
                request,
                _("%(count)d event(s) dated between two assessments.")
                % {"count": dated},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("No assessment brackets: %(events)s.")
                % {"events": ", ".join(skipped)},
                messages.WARNING,
            )


class ComparedAdminMixin:
    """The before/after images of a site or structure: chosen among the record's
    own images (a new record has none yet: save it with its photographs first)."""

    # Chosen among the record's own images: a select, not an autocomplete.
    own_choice_fields = ("before_image", "after_image")
    comparison_fieldset = (
        _("Before and after"),
        {
            "fields": (("before_image", "after_image"),),
            "description": _(
                "Two of this record's images to show side by side. Never shown for "
                "a restricted site; for a generalised site only images marked as "
                "not revealing the location."
            ),
        },
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("before_image", "after_image"):
            record_id = request.resolver_match.kwargs.get("object_id")
            own = Media.objects.none()
            if record_id:
                own = Media.objects.filter(
                    content_type=ContentType.objects.get_for_model(self.model),
                    object_id=record_id,
                )
            kwargs["queryset"] = own
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

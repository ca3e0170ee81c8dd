"""Form fields as curators need them: text direction, and vocabulary pop-ups."""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from registry.models import Term


def vocabulary_of(db_field):
    """The vocabulary a relation to ``Term`` is limited to, or None."""
    if db_field.related_model is not Term:
        return None
    limit = db_field.remote_field.limit_choices_to
    return dict(getattr(limit, "children", ())).get("vocabulary")


class VocabularyWidgetWrapper(RelatedFieldWidgetWrapper):
    """The "+" beside a vocabulary field opens a new term of that vocabulary only
    (``TermAdmin`` reads ``?vocabulary=`` and offers no other)."""

    def __init__(self, wrapper, vocabulary):
        super().__init__(
            wrapper.widget,
            wrapper.rel,
            wrapper.admin_site,
            can_add_related=wrapper.can_add_related,
            can_change_related=wrapper.can_change_related,
            can_delete_related=wrapper.can_delete_related,
            can_view_related=wrapper.can_view_related,
        )
        self.vocabulary = vocabulary

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["url_params"] += f"&vocabulary={self.vocabulary}"
        return context


def with_vocabulary_popup(formfield, db_field):
    """``formfield`` with its "+" bound to the vocabulary ``db_field`` is limited to."""
    vocabulary = vocabulary_of(db_field)
    if vocabulary and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
        formfield.widget = VocabularyWidgetWrapper(formfield.widget, vocabulary)
    return formfield


class LongListMixin:
    """A select of hundreds of options (the world's countries) written in one pass:
    Django's widgets render a template per option, which made a form with a few
    country fields spend most of its time on them. The page's script makes it
    searchable as typed (``place-picker.js``)."""

    css_class = "long-list"

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        widget["attrs"]["class"] = " ".join(
            filter(None, [widget["attrs"].get("class"), self.css_class])
        )
        options = []
        for _group, choices, _index in widget["optgroups"]:
            for option in choices:
                options.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                )
        multiple = mark_safe(" multiple") if self.allow_multiple_selected else ""
        return format_html(
            '<select name="{}"{}{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            multiple,
            mark_safe("".join(options)),
        )


class LongSelect(LongListMixin, forms.Select):
    pass


class LongSelectMultiple(LongListMixin, forms.SelectMultiple):
    pass


def as_long_list(formfield):
    """``formfield`` with its many choices written fast (see ``LongListMixin``)."""
    widget = formfield.widget
    long = LongSelectMultiple if widget.allow_multiple_selected else LongSelect
    formfield.widget = long(attrs=widget.attrs, choices=widget.choices)
    return formfield

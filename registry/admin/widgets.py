"""Form fields as curators need them: text direction, and vocabulary pop-ups."""

from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

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

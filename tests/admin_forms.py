"""Build the POST data of an admin change form from the form the admin rendered."""


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return "on" if value else ""
    return value


def _form_data(form, data):
    for bound_field in form:
        value = _value(bound_field)
        if (
            value == ""
            and getattr(bound_field.field.widget, "input_type", None) == "checkbox"
        ):
            continue
        data[bound_field.html_name] = value


def admin_form_data(response, **changes):
    """The admin form as the curator sees it, with ``changes`` applied."""
    data = {}
    context = response.context
    _form_data(context["adminform"].form, data)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_data(formset.management_form, data)
        # Only the rows that exist: the empty "extra" rows are left out.
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        for form in formset.initial_forms:
            _form_data(form, data)
    data = {key: value for key, value in data.items() if value != ""}
    data.update(changes)
    return data

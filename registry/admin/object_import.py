"""The admin's Import of objects, with an optional column mapping (the same TOML
file as ``import_records objects FILE --mapping``): the mapping is read and checked
with the file, shown again at the confirmation step (a hidden field) and applied to
the rows before they are validated, in the preview and in the import alike."""

import tomllib

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from registry.interchange.mapping import Mapping, MappingError

# Through spreadsheets, which imports object_sheets once its own classes exist.
from registry.interchange.spreadsheets import CulturalObjectResource


def parse_mapping(text):
    """The Mapping written in ``text`` (ValidationError naming what is wrong)."""
    try:
        data = tomllib.loads(text)
        return Mapping.from_dict(data, CulturalObjectResource().get_export_headers())
    except (tomllib.TOMLDecodeError, MappingError) as error:
        raise ValidationError(str(error)) from error


class MappingImportForm(ImportForm):
    mapping = forms.FileField(
        label=_("Column mapping (TOML, optional)"),
        required=False,
        help_text=_(
            "For a list whose columns are not the registry's: which of its columns "
            "fills which registry column, and which of its values is which code. "
            "See the README, “Looted objects”."
        ),
    )

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return ""
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(_("The mapping is not UTF-8 text.")) from error
        parse_mapping(text)
        return text


class MappingConfirmForm(ConfirmImportForm):
    mapping = forms.CharField(widget=forms.HiddenInput(), required=False)

    def clean_mapping(self):
        text = self.cleaned_data.get("mapping", "")
        if text:
            parse_mapping(text)
        return text


class MappingImportMixin:
    """For an ImportExportMixin admin whose resource is CulturalObjectResource."""

    import_form_class = MappingImportForm
    confirm_form_class = MappingConfirmForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["mapping"] = import_form.cleaned_data.get("mapping", "")
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        options = super().get_import_resource_kwargs(request, **kwargs)
        form = kwargs.get("form")
        text = getattr(form, "cleaned_data", {}).get("mapping") if form else ""
        if text:
            options["mapping"] = parse_mapping(text)
        return options

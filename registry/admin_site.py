from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class RegistryAdminSite(admin.AdminSite):
    site_header = _("Heritage damage registry")
    site_title = _("Heritage registry")
    index_title = _("Curation")

"""The admin pages' benchmark runs over every admin page and reports each one."""

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_bench_admin_opens_every_admin_page_and_leaves_no_user(demo):
    out = StringIO()
    call_command("bench_admin", runs=1, stdout=out)
    report = out.getvalue()
    # Every registered model's list, and Palmyra's form as the richest site.
    for model in admin.site._registry:
        assert f"{model._meta.label} " in report, model
    assert "Palmyra" in report
    assert "answered" not in report  # every page answered 200
    assert not get_user_model().objects.filter(username="bench-admin").exists()

"""The Content-Security-Policy breaks nothing: real Chromium reports no violation on
the catalogue's pages, the admin (Django's, django-import-export's and
django-simple-history's pages) and the API documentation."""

import pytest
from django.urls import reverse

from registry.models import HeritageSite

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " " +
    (event.sourceFile || "") + ":" + event.lineNumber
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation it reports collected (console and event)."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(LISTEN)

    def violations(url):
        console.clear()
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response.status < 400, (url, response.status)
        assert "'self'" in response.headers["content-security-policy"]
        return page.evaluate("window.__cspViolations") + console

    def visit(url):
        found = violations(url)
        assert found == [], (url, found)

    visit.violations = violations
    return visit


def test_the_catalogue_and_the_api_docs_run_under_the_csp(
    page, watched, live_server, demo
):
    site = HeritageSite.objects.published().order_by("pk").first()
    for path in [
        "/",
        reverse("catalogue:map"),
        reverse("catalogue:site", args=[site.public_id]),
        reverse("catalogue:site-versions", args=[site.public_id]),
        reverse("catalogue:site-version", args=[site.public_id, 1]),
        reverse("catalogue:statistics"),
        "/ar/",
        reverse("api:docs"),
    ]:
        watched(live_server.url + path)
    # Swagger UI really started (its init script came from ?script).
    page.goto(live_server.url + reverse("api:docs"))
    page.wait_for_selector(".swagger-ui .information-container", timeout=15000)
    # Leaflet drew the map.
    page.goto(live_server.url + reverse("catalogue:map"))
    page.wait_for_selector(".leaflet-container", timeout=15000)


def test_the_admin_runs_under_the_csp(
    page, watched, live_server, demo, django_user_model
):
    django_user_model.objects.create_superuser("root", password="pw-for-browser")
    watched(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "root")
    page.fill("#id_password", "pw-for-browser")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    site = HeritageSite.objects.order_by("pk").first()
    for name, args in [
        ("admin:registry_heritagesite_changelist", []),
        ("admin:index", []),
        ("admin:registry_heritagesite_change", [site.pk]),
        ("admin:registry_heritagesite_history", [site.pk]),
        ("admin:registry_heritagesite_export", []),
        ("admin:registry_heritagesite_import", []),
        ("admin:deleted_records", []),
        ("admin:registry_publicversion_changelist", []),
        ("admin:registry_sourcecapture_add", []),
        ("catalogue:investigator-dossier", []),
    ]:
        watched(live_server.url + reverse(name, args=args))

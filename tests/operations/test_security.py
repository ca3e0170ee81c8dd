"""Hardening: production settings, security headers, admin lockout, safe uploads, and
error pages that never show a traceback."""

import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from registry.media import files
from tests import factories
from tests.support import closed_port

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def production_env(database_url):
    """The environment README.md's "Production" section asks for."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="registry.example.org",
        CSRF_TRUSTED_ORIGINS="https://registry.example.org",
        DATABASE_URL=database_url,
    )
    return env


def run(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_security_checks_pass_in_production():
    """The deploy checks (secure cookies, HSTS, SSL redirect, secret key, DEBUG,
    X-Frame-Options…) with production settings: no warning at all."""
    url = f"postgres://heritage:x@127.0.0.1:{closed_port()}/heritage"
    result = run(
        ["manage.py", "check", "--deploy", "--tag", "security", "--fail-level=DEBUG"],
        production_env(url),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="production runs on PostgreSQL"
)
def test_check_deploy_is_clean_in_production_on_postgresql():
    """Every check, on a migrated PostgreSQL database (the test database), as
    production would run it; the API schema check reads the database."""
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level=DEBUG"], production_env(url)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


PRODUCTION_KEYS = [
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


@pytest.fixture
def production(settings):
    """This test's settings, with the security settings that heritage/settings.py
    gives a production environment (read in a fresh interpreter)."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    env = production_env(f"postgres://heritage:x@127.0.0.1:{closed_port()}/heritage")
    env["DJANGO_SETTINGS_MODULE"] = "heritage.settings"
    result = run(["-c", script], env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    for key, value in values.items():
        setattr(settings, key, value)
    return values


def test_production_redirects_plain_http_to_https(client, production):
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_production_sends_hsts_behind_the_tls_proxy(client, production):
    response = client.get("/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_production_session_and_csrf_cookies_are_secure_and_httponly(
    production, superuser
):
    client = Client(enforce_csrf_checks=True)
    https = {"x-forwarded-proto": "https"}
    login = reverse("admin:login")
    page = client.get(login, headers=https, secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    response = client.post(
        login,
        {
            "username": "root",
            "password": "pw",
            "csrfmiddlewaretoken": token.group(1).decode(),
            "next": "/admin/",
        },
        headers={**https, "referer": "https://testserver/admin/login/"},
        secure=True,
    )
    assert response.status_code == 302, response.content[:500]
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert client.get("/admin/", headers=https, secure=True).status_code == 200


# Security headers ------------------------------------------------------------------


def csp(response):
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


@pytest.mark.parametrize(
    "path", ["/", "/ar/", "/search/?q=x", "/api/v1/sites/", "/admin/login/"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


@pytest.mark.parametrize(
    "template",
    sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html")),
)
def test_templates_have_no_inline_script_handler_or_style(template):
    text = (ROOT / template).read_text()
    assert not INLINE_SCRIPT.search(text)
    assert not EVENT_HANDLER.search(text)
    if template not in LEAVE_THE_SITE:
        assert not STYLE.search(text)
    assert not JS_URL.search(text)


# Files written into downloads, never served as pages: a dossier's report is opened
# from its ZIP, offline, where the site's stylesheet cannot be fetched, so it
# carries its styles with it (and still no script).
LEAVE_THE_SITE = {"templates/registry/dossier_report.html"}


def test_a_template_that_leaves_the_site_is_never_served_as_a_page(client):
    for template in LEAVE_THE_SITE:
        name = template.removeprefix("templates/")
        for module in ("registry/catalogue", "registry/api"):
            for path in (ROOT / module).rglob("*.py"):
                assert name not in path.read_text(), (path, name)


def test_api_docs_load_their_init_script_from_a_url(client):
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not STYLE.search(html)
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# Password guessing -----------------------------------------------------------------


def admin_login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_username_out_even_with_the_right_one(
    client, superuser, caplog
):
    with caplog.at_level(logging.INFO, logger="axes"):
        for _ in range(5):
            response = admin_login(client, "root", "wrong")
            assert response.status_code in (200, 429)
        refused = admin_login(client, "root", "pw")
    assert refused.status_code == 429
    assert b"Too many failed sign-in attempts" in refused.content
    assert b"Heritage damage registry" in refused.content
    assert b"Django administration" not in refused.content
    assert "_auth_user_id" not in client.session
    assert any(
        record.name.startswith("axes")
        and record.levelno == logging.WARNING
        and "locking out" in record.getMessage().lower()
        for record in caplog.records
    ), [r.getMessage() for r in caplog.records]


def test_each_failure_is_logged(client, superuser, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        admin_login(client, "root", "wrong")
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any("failed" in message.lower() for message in messages), messages


def test_a_lockout_leaves_other_users_and_addresses_alone(
    client, superuser, django_user_model
):
    django_user_model.objects.create_superuser("other", password="pw2")
    for _ in range(5):
        admin_login(client, "root", "wrong")
    assert admin_login(client, "root", "pw").status_code == 429
    assert admin_login(Client(), "other", "pw2").status_code == 302
    assert admin_login(Client(), "root", "pw", address="10.0.0.2").status_code == 302


def test_four_failures_do_not_lock_out(client, superuser):
    for _ in range(4):
        admin_login(client, "root", "wrong")
    assert admin_login(client, "root", "pw").status_code == 302


# Uploads ---------------------------------------------------------------------------


@pytest.fixture
def photograph(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    site = factories.SiteFactory()
    return files.add_media(
        site, factories.image_file(), kind="after", status="published"
    )


def test_a_public_rendition_is_an_inline_jpeg_that_browsers_may_not_sniff(
    client, photograph
):
    response = client.get(
        reverse("media-rendition", args=[photograph.public_id, "medium"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_the_admin_serves_an_original_only_as_a_download(client, editor, photograph):
    client.force_login(editor)
    response = client.get(
        reverse("admin:registry_media_file", args=[photograph.pk, "original"])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] in ("image/jpeg", "application/octet-stream")


# Errors ----------------------------------------------------------------------------


def test_an_unknown_catalogue_page_is_a_translated_404_page(client):
    english = client.get("/no-such-page/")
    assert english.status_code == 404
    assert b"Page not found" in english.content
    assert b"<html" in english.content
    arabic = client.get("/ar/no-such-page/")
    assert arabic.status_code == 404
    assert "الصفحة غير موجودة" in arabic.content.decode()


def test_an_unknown_api_url_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.fixture
def crashing(monkeypatch):
    """The catalogue's home page and the API's site list raise an unexpected error."""
    from registry.api import views as api_views
    from registry.publishing import visibility

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(visibility, "damage_events", boom)
    monkeypatch.setattr(api_views.SiteViewSet, "list", boom)
    return Client(raise_request_exception=False)


def test_a_crash_in_the_catalogue_is_a_plain_page_without_traceback(crashing):
    response = crashing.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Server error" in body
    assert "secret internals" not in body
    assert "Traceback" not in body
    arabic = crashing.get("/ar/")
    assert arabic.status_code == 500
    assert "خطأ في الخادم" in arabic.content.decode()


def test_a_crash_in_the_api_is_a_json_error(crashing):
    response = crashing.get("/api/v1/sites/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "A server error occurred.",
        "code": "server_error",
    }
    assert "secret internals" not in response.content.decode()


def test_a_refused_form_says_why_on_a_page_of_the_registry():
    """Django's own CSRF page styles itself inline, which the CSP blocks."""
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "password": "y"}
    )
    body = response.content.decode()
    assert response.status_code == 403
    assert "The form could not be accepted" in body
    assert "Nothing was changed." in body
    assert "registry/site.css" in body
    assert "<style" not in body

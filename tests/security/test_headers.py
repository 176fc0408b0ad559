"""Headers and input (issue 7.4): HSTS, secure and HttpOnly cookies, a Content-Security-Policy with no
inline script (django-csp), X-Frame-Options DENY, Referrer-Policy; user text escaped everywhere (see
test_abuse.py) and any HTML a feature allows through nh3; uploads checked by content, with a size
limit, served with a safe content type."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines

from socialgov.sanitize import clean_html
from tests.api.test_posts import PNG
from tests.conftest import PASSWORD
from tests.runtime.test_settings import PRODUCTION_KEY, run_django

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STATIC = Path(settings.BASE_DIR) / "socialgov" / "static"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_has_a_strict_content_security_policy(client, chief):
    client.force_login(chief)
    for url in ("/login/", "/", "/posts/", "/api/docs/", "/profile/"):
        response = client.get(url)
        policy = directives(response)
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_template_has_inline_script_style_or_event_handlers():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"{path}: inline <script>"
        assert "<style" not in text, f"{path}: inline <style>"
        assert not re.search(r"\sstyle=", text), f"{path}: style attribute"
        assert not re.search(r"\son[a-z]+=", text), f"{path}: inline event handler"
        assert "javascript:" not in text.lower(), path


def test_no_template_marks_text_safe_except_through_the_sanitiser():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        assert "|safe" not in text and "autoescape off" not in text, path
    for path in Path(settings.BASE_DIR).glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text()
        if "mark_safe(" in source:
            assert path.name == "sanitize.py", f"{path} marks text safe"


def test_the_api_docs_load_swagger_from_this_server(client):
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(src.startswith("/") for src in scripts)
    assert any("drf_spectacular_sidecar" in src for src in scripts)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


def test_cookies_are_http_only_and_same_site(browser_client, member):
    response = browser_client.post("/login/", {"username": "member", "password": PASSWORD})
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == 30 * 60
    csrf = browser_client.get("/login/").cookies.get(settings.CSRF_COOKIE_NAME) or response.cookies.get(
        settings.CSRF_COOKIE_NAME
    )
    assert csrf is None or csrf["httponly"]


@pytest.fixture
def browser_client():
    from django.test import Client

    return Client()


PRODUCTION_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({
    "hsts": s.SECURE_HSTS_SECONDS, "subdomains": s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "preload": s.SECURE_HSTS_PRELOAD,
    "ssl": s.SECURE_SSL_REDIRECT, "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
    "session_httponly": s.SESSION_COOKIE_HTTPONLY, "csrf_httponly": s.CSRF_COOKIE_HTTPONLY,
    "session_cookie": s.SESSION_COOKIE_NAME, "frame": s.X_FRAME_OPTIONS, "referrer": s.SECURE_REFERRER_POLICY,
    "csp": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
}))
"""


def test_production_turns_on_hsts_and_secure_http_only_cookies(tmp_path):
    result = run_django(
        ["-c", "import django; django.setup()\n" + PRODUCTION_SETTINGS],
        tmp_path,
        DEBUG="0",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="socialgov.example.org",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found == {
        "hsts": 31536000,
        "subdomains": True,
        "preload": True,
        "ssl": True,
        "session_secure": True,
        "csrf_secure": True,
        "session_httponly": True,
        "csrf_httponly": True,
        "session_cookie": "__Host-sessionid",
        "frame": "DENY",
        "referrer": "same-origin",
        "csp": ["'self'"],
    }


def test_uploads_are_checked_by_content_limited_in_size_and_served_safely(
    client, chief, pio, account, tmp_path, settings
):
    from tests.web import grant

    settings.MEDIA_ROOT = tmp_path
    grant(chief, pio, [account])
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(pio)

    def upload(content, name):
        return api.post(
            "/api/v1/media/", {"file": SimpleUploadedFile(name, content), "rights_attested": True}, format="multipart"
        )

    html = b"<html><script>alert(document.cookie)</script></html>"
    assert upload(html, "photo.png").status_code == 400
    assert upload(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "x.svg").status_code == 400
    settings.MEDIA_MAX_UPLOAD_BYTES = len(PNG) - 1
    too_big = upload(PNG, "photo.png")
    assert too_big.status_code == 400 and "the limit is" in too_big.json()["file"][0]
    settings.MEDIA_MAX_UPLOAD_BYTES = 1024
    media = upload(PNG, "photo.html").json()
    download = api.get(f"/api/v1/media/{media['id']}/file/")
    assert download["Content-Type"] == "image/png" and download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["Content-Disposition"] == f'inline; filename="{media["sha256"]}"'


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Lobby <b>closed</b></p><script>alert(1)</script>", "<p>Lobby <b>closed</b></p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ("<img src=x onerror=alert(1)>", ""),
        (
            '<a href="https://oakleypd.example.gov" onclick="steal()">site</a>',
            '<a href="https://oakleypd.example.gov" rel="noopener noreferrer nofollow">site</a>',
        ),
        ('<p style="position:fixed">x</p>', "<p>x</p>"),
    ],
)
def test_allowed_html_goes_through_nh3(dirty, clean):
    assert clean_html(dirty) == clean
    rendered = engines["django"].from_string("{% load sanitize %}{{ text|sanitized }}").render({"text": dirty})
    assert rendered == clean

"""Issue 14 across the project: headers, HEAD, the survey's cookies, denied access and
downloads in the audit log."""

import pytest
from django.test import Client
from django.urls import reverse

from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_html_pages_carry_a_strict_csp_and_the_other_headers(client, settings):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_over_https_when_the_operator_turns_it_on(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in client.get("/")
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    "path",
    ["/", "/agencies/", "/principles/", "/accounts/login/", "/healthz"],
)
def test_head_is_answered_wherever_get_is(client, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""


def test_head_on_pages_behind_sign_in_and_the_portal(client, member_a, agency_a):
    client.force_login(member_a)
    workspace = f"/workspace/{agency_a.slug}/"
    assert client.head(workspace).status_code == 200
    # POST-only views stay POST-only.
    assert client.head(reverse("accounts:logout")).status_code == 405


def test_templates_have_no_inline_script_style_or_handlers():
    import re
    from pathlib import Path

    import puente

    root = Path(puente.__file__).parent
    pattern = re.compile(
        r"style=\"|\son[a-z]+=\"|<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>"
    )
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        # PDF templates are rendered by WeasyPrint (or downloaded), never served inline.
        if "render_pdf" in text or template.name in {
            "plan.html",
            "report_pdf.html",
            "handout.html",
            "report_document.html",
        }:
            continue
        if pattern.search(text):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []


def test_a_tenancy_404_and_a_403_are_audited(client, member_b, viewer_a, agency_a):
    client.force_login(member_b)
    assert client.get(f"/workspace/{agency_a.slug}/").status_code == 404
    event = AuditEvent.objects.get(action=AuditEvent.Action.ACCESS_DENIED)
    assert (event.actor, event.outcome, event.changes["status"]) == (
        member_b,
        "failure",
        404,
    )
    assert event.path == f"/workspace/{agency_a.slug}/"
    viewer = Client()
    viewer.force_login(viewer_a)
    assert viewer.get(f"/workspace/{agency_a.slug}/audit/").status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_DENIED, actor=viewer_a
    ).exists()


def test_every_download_of_agency_data_is_audited(client, member_a, agency_a):
    client.force_login(member_a)
    response = client.get(f"/workspace/{agency_a.slug}/outreach/quarter.csv")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == member_a and event.agency == agency_a
    assert event.object_repr.endswith(".csv")
    assert event.source == "127.0.0.x"


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "a-production-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "puente.example.org",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
        "OTP_WEBAUTHN_RP_ID": "puente.example.org",
        "OTP_WEBAUTHN_ALLOWED_ORIGINS": "https://puente.example.org",
        "PUENTE_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "puente",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_anonymous_survey_sets_no_cookie_that_outlives_the_browser(
    client, agency_a
):
    response = client.get(f"/es/agencies/{agency_a.slug}/feedback/")
    assert response.status_code == 200
    assert client.head(f"/es/agencies/{agency_a.slug}/feedback/").status_code == 200
    for name, morsel in response.cookies.items():
        assert not morsel["expires"] and not morsel["max-age"], name
    assert settings_session_cookie_is_not_set(response)


def settings_session_cookie_is_not_set(response) -> bool:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME not in response.cookies

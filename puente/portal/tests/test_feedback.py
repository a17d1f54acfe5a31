"""The anonymous survey: what is kept (the answers, the language, the quarter) and what
never is (address, browser, cookie, account, time), and the abuse controls."""

import logging
import secrets
import time
from datetime import UTC, datetime

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection, models

from puente.audit.models import AuditEvent
from puente.lib.quarters import Quarter
from puente.portal import abuse, services
from puente.portal.models import SurveyResponse

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.77"
BROWSER = "SecretBrowser/9.9 (unique-fingerprint)"


@pytest.fixture(autouse=True)
def _abuse_settings(settings):
    settings.PUENTE_FEEDBACK_MIN_SECONDS = 4
    settings.PUENTE_FEEDBACK_DAILY_LIMIT = 20


def _token(seconds_ago: int = 60) -> str:
    return signing.dumps(
        {"t": int(time.time()) - seconds_ago, "n": secrets.token_urlsafe(12)},
        salt=abuse._TOKEN_SALT,
    )


def _cache_keys() -> list[str]:
    """Every key in the shared cache: Redis (REDIS_URL) or the database table."""
    if hasattr(cache, "keys"):
        return list(cache.keys("*"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM puente_cache")
        return [row[0] for row in cursor.fetchall()]


def _answers(**extra) -> dict:
    return {
        "safety": "5", "trust": "4", "report": "2", "witness": "",
        "fair": "1", "voice": "3", "comment": "Más patrullas a pie, por favor.",
        "website": "", "token": _token(), **extra,
    }  # fmt: skip


def _post(client, agency, language="es", address=ADDRESS, **extra):
    return client.post(
        f"/{language}/agencies/{agency.slug}/feedback/",
        _answers(**extra),
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=BROWSER,
    )


def test_a_resident_answers_without_an_account(client, agency_a):
    response = _post(client, agency_a, language="so")
    assert response.status_code == 302
    assert response["Location"] == f"/so/agencies/{agency_a.slug}/feedback/thanks/"
    saved = SurveyResponse.objects.get()
    assert (
        saved.language,
        saved.safety,
        saved.report,
        saved.witness,
        saved.comment,
    ) == ("so", 5, 2, None, "Más patrullas a pie, por favor.")
    assert Quarter.parse(saved.quarter)
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Mahadsanid" in thanks.content.decode()


def test_the_response_model_can_hold_nothing_that_identifies_anyone():
    names = {field.name for field in SurveyResponse._meta.get_fields()}
    # Language spoken at home and an age band, both optional, are the only facts about
    # a person, asked only to weight the results to the census (issue 17).
    assert names == {
        "id", "agency", "quarter", "language", "safety", "trust", "report", "witness",
        "fair", "voice", "comment", "tags", "home_language", "age_band",
    }  # fmt: skip
    for field in SurveyResponse._meta.get_fields():
        assert not isinstance(
            field,
            models.DateTimeField | models.DateField | models.GenericIPAddressField,
        )
        if field.is_relation:
            assert field.related_model._meta.label == "agencies.Agency"
    assert isinstance(SurveyResponse._meta.pk, models.UUIDField)


def test_no_address_or_browser_reaches_the_database_the_logs_or_the_cache(
    client, agency_a, caplog
):
    audit_before = AuditEvent.objects.count()
    with caplog.at_level(logging.DEBUG):
        _post(client, agency_a)
        _post(client, agency_a, comment="x" * 3000)  # a refused one logs too
        client.get(f"/es/agencies/{agency_a.slug}/feedback/", REMOTE_ADDR=ADDRESS)
    assert SurveyResponse.objects.count() == 1
    logged = "\n".join(f"{r.getMessage()} {r.__dict__!r}" for r in caplog.records)
    assert ADDRESS not in logged and BROWSER not in logged
    stored = repr(list(SurveyResponse.objects.values()))
    assert ADDRESS not in stored and BROWSER not in stored
    assert AuditEvent.objects.count() == audit_before, "answers are never audited"
    keys = _cache_keys()
    assert keys and not any(ADDRESS in key for key in keys)


def test_the_rate_limit_key_is_a_hash_whose_salt_changes_every_day(
    rf, monkeypatch, agency_a
):
    request = rf.get("/", REMOTE_ADDR=ADDRESS)
    first = abuse._rate_key(request, agency_a.slug)
    assert ADDRESS not in first and first == abuse._rate_key(request, agency_a.slug)
    tomorrow = datetime(2099, 1, 2, tzinfo=UTC)
    monkeypatch.setattr(abuse.timezone, "now", lambda: tomorrow)
    assert abuse._rate_key(request, agency_a.slug) != first


def test_a_flood_from_one_connection_is_refused_clearly(client, agency_a, settings):
    settings.PUENTE_FEEDBACK_DAILY_LIMIT = 2
    assert _post(client, agency_a).status_code == 302
    assert _post(client, agency_a).status_code == 302
    refused = _post(client, agency_a)
    assert refused.status_code == 429
    assert "no se guardaron" in refused.content.decode()
    assert SurveyResponse.objects.count() == 2
    assert _post(client, agency_a, address="198.51.100.5").status_code == 302


def test_the_daily_limit_counts_each_answer_once_even_with_a_stale_hint(
    rf, agency_a, settings
):
    settings.PUENTE_FEEDBACK_DAILY_LIMIT = 3
    request = rf.get("/", REMOTE_ADDR=ADDRESS)
    taken = [abuse.take_slot(request, agency_a.slug) for _ in range(5)]
    assert taken == [True, True, True, False, False]
    # Another process may have written an older hint; the slots themselves decide.
    cache.set(f"{abuse._rate_key(request, agency_a.slug)}:hint", 1, 60)
    assert not abuse.take_slot(request, agency_a.slug)
    assert abuse.is_over_limit(request, agency_a.slug)


def test_a_form_token_is_single_use(client, agency_a):
    token = _token()
    assert _post(client, agency_a, token=token).status_code == 302
    again = _post(client, agency_a, token=token)
    # The copy is thanked like the first (a double click, a reload) but not stored.
    assert again.status_code == 302
    assert SurveyResponse.objects.count() == 1
    assert _post(client, agency_a).status_code == 302
    assert SurveyResponse.objects.count() == 2


def test_behind_a_proxy_the_configured_header_names_the_visitor(rf, settings):
    settings.PUENTE_CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=ADDRESS)
    assert abuse._client_address(request) == ADDRESS


def test_the_honeypot_is_thanked_and_forgotten(client, agency_a):
    response = _post(client, agency_a, website="http://spam.example")
    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize("token", [None, "forged", "now"])
def test_a_form_sent_too_fast_or_without_a_valid_token_keeps_the_answers(
    client, agency_a, token
):
    value = {"forged": "forged:token", "now": _token(0)}.get(token, "")
    response = _post(client, agency_a, token=value)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Todavía no se han enviado" in html
    assert 'name="safety" value="5" id="id_safety_0" checked' in html
    assert "Más patrullas a pie" in html
    assert SurveyResponse.objects.count() == 0


def test_an_oversized_comment_is_refused_without_losing_it(client, agency_a):
    long = "Palabra " * 300
    response = _post(client, agency_a, comment=long)
    assert response.status_code == 400
    html = response.content.decode()
    assert "2000" in html and "Palabra Palabra" in html
    assert SurveyResponse.objects.count() == 0


def test_bad_answers_are_explained(client, agency_a):
    response = _post(client, agency_a, safety="9")
    assert response.status_code == 400
    assert "Elija una de las respuestas." in response.content.decode()
    empty = dict.fromkeys(("safety", "trust", "report", "fair", "voice", "comment"), "")
    response = _post(client, agency_a, **empty)
    assert response.status_code == 400
    assert "Responda al menos una pregunta" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_a_huge_request_is_a_clear_400_not_a_500(client, agency_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = _post(client, agency_a, comment="x" * 20_000)
    assert response.status_code == 400


def test_script_in_an_answer_is_shown_as_text_to_staff(client, agency_a, member_a):
    _post(client, agency_a, comment="<script>alert(1)</script>")
    client.force_login(member_a)
    html = client.get(f"/workspace/{agency_a.slug}/portal/results/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_closed_survey_accepts_nothing(client, agency_a):
    services.portal_settings_update(
        actor=None, agency=agency_a, non_emergency_phone="", feedback_open=False,
        documents=[],
    )  # fmt: skip
    response = _post(client, agency_a)
    assert response.status_code == 200
    assert "cerrada" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_unknown_agency_and_language(client, agency_a):
    assert _post(client, agency_a).status_code == 302
    response = client.post("/es/agencies/nowhere/feedback/", _answers())
    assert response.status_code == 404
    assert (
        client.post(f"/xx/agencies/{agency_a.slug}/feedback/", _answers()).status_code
        == 404
    )
    with pytest.raises(Exception, match="Unknown language"):
        services.feedback_submit(agency=agency_a, language="xx", answers={}, comment="")


def test_language_at_home_and_age_are_optional_and_checked(client, agency_a):
    page = client.get(f"/es/agencies/{agency_a.slug}/feedback/").content.decode()
    assert "¿Qué idioma habla más en casa?" in page and "Su edad" in page
    assert (
        _post(client, agency_a, home_language="vi", age_band="25-34").status_code == 302
    )
    assert _post(client, agency_a).status_code == 302
    saved = SurveyResponse.objects.order_by("home_language")
    assert [(r.home_language, r.age_band) for r in saved] == [("", ""), ("vi", "25-34")]
    bad = _post(client, agency_a, home_language="xx")
    assert bad.status_code == 400 and SurveyResponse.objects.count() == 2
    assert "Elija una de las respuestas." in bad.content.decode()

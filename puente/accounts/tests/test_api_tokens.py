import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from puente.accounts.models import ApiToken
from puente.audit.models import AuditEvent
from puente.tests.api_helpers import auth, token_for

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def _create(email, *args):
    out, err = StringIO(), StringIO()
    call_command("api-token", "create", "--user", email, *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_the_command_prints_the_token_once_and_keeps_only_its_hash(client, member_a):
    secret = _create(
        member_a.email, "--name", "CAD export", "--days", "7", "--read-only"
    )
    token = ApiToken.objects.get(user=member_a)
    assert secret.startswith("pnt_")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values_list())
    assert token.read_only
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert client.get(ME, **auth(secret)).json()["read_only"] is True
    assert AuditEvent.objects.filter(
        action="create", object_type="accounts.apitoken", actor=member_a
    ).exists()


def test_the_command_refuses_unknown_users_and_bad_lifetimes(member_a):
    with pytest.raises(CommandError):
        _create("nobody@example.org", "--name", "x")
    with pytest.raises(CommandError):
        _create(member_a.email, "--name", "x", "--days", "1000")
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_and_the_revocation_is_audited(client, member_a):
    secret = _create(member_a.email, "--name", "CAD export")
    assert client.get(ME, **auth(secret)).status_code == 200
    call_command("api-token", "revoke", "--user", member_a.email, "--name", "CAD export",
                 stdout=StringIO())  # fmt: skip
    assert client.get(ME, **auth(secret)).status_code == 401
    assert AuditEvent.objects.filter(
        action="update", object_type="accounts.apitoken", changes__revoked=[False, True]
    ).exists()


def test_an_expired_token_answers_401(client, member_a):
    secret = token_for(member_a)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(ME, **auth(secret))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_the_tokens_of_a_disabled_account_stop_working(client, member_a):
    secret = token_for(member_a)
    assert client.get(ME, **auth(secret)).status_code == 200
    member_a.is_active = False
    member_a.save()
    assert client.get(ME, **auth(secret)).status_code == 401


def test_the_tokens_of_a_locked_out_account_stop_working(client, member_a, password):
    """Five wrong passwords lock the account (issue 14); its API tokens stop with it,
    and work again once an admin unlocks it."""
    from puente.accounts.services import user_unlock

    secret = token_for(member_a)
    for _attempt in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": member_a.email, "password": "wrong " + password},
        )
    member_a.refresh_from_db()
    assert member_a.locked_at is not None
    assert client.get(ME, **auth(secret)).status_code == 401
    user_unlock(user=member_a, by=None)
    assert client.get(ME, **auth(secret)).status_code == 200


def test_first_use_from_a_new_place_is_audited_once(client, member_a):
    secret = token_for(member_a)
    for _ in range(3):
        client.get(ME, **auth(secret, REMOTE_ADDR="203.0.113.5"))
    client.get(ME, **auth(secret, REMOTE_ADDR="198.51.100.7"))
    places = AuditEvent.objects.filter(action="login", object_type="accounts.apitoken")
    assert sorted(e.changes["api_token_place"][1] for e in places) == [
        "198.51.100.7",
        "203.0.113.5",
    ]


def test_the_rate_limit_is_per_token(client, member_a, viewer_a, settings, monkeypatch):
    settings.PUENTE_API_RATE_LIMIT = 3
    # One minute's window, whatever the clock says when the test runs.
    monkeypatch.setattr("puente.accounts.api._now", lambda: 1_800_000_010.0)
    busy, quiet = token_for(member_a), token_for(viewer_a)
    codes = [client.get(ME, **auth(busy)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get(ME, **auth(quiet)).status_code == 200


def test_the_settings_page_shows_a_new_token_once_and_revokes(client, member_a):
    client.force_login(member_a)
    page = client.post("/accounts/api-tokens/", {"name": "Field forms", "days": "30"})
    assert page.status_code == 200
    secret = page.context["created"].secret
    assert secret in page.content.decode()
    again = client.get("/accounts/api-tokens/")
    assert secret not in again.content.decode()
    assert "Field forms" in again.content.decode()
    token = ApiToken.objects.get(user=member_a)
    client.post(f"/accounts/api-tokens/{token.uuid}/revoke/")
    assert client.get(ME, **auth(secret)).status_code == 401


def test_no_one_revokes_another_users_token(client, member_a, member_b):
    token_for(member_a)
    token = ApiToken.objects.get(user=member_a)
    client.force_login(member_b)
    assert client.post(f"/accounts/api-tokens/{token.uuid}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_settings_page_needs_a_sign_in(client):
    assert client.get("/accounts/api-tokens/").status_code == 302


def test_the_account_security_page_links_to_the_tokens_page(client, member_a):
    client.force_login(member_a)
    page = client.get(reverse("accounts:mfa_setup"))
    assert 'href="/accounts/api-tokens/"' in page.content.decode()

"""Issue 14 through the public surface: the second factor, lockout, sessions, passwords."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from puente.accounts.models import User, UserSession
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# A page only a signed-in member reaches (the agency dashboard of agency A).
WORKSPACE = "/workspace/alphaville-pd/"


def _sign_in(client, user, password):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": password}
    )


def _totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_password_alone_reaches_nothing_but_the_second_step(client, member_a, password):
    # Sam has an authenticator app: after the password, every page asks for the code.
    _enrolled(member_a)
    _sign_in(client, member_a, password)
    for path in [
        WORKSPACE,
        "/workspace/alphaville-pd/",
        "/admin/",
        "/accounts/sessions/",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    api = client.get("/api/v1/agencies/")
    assert api.status_code in (403, 404)


def test_an_account_without_a_second_factor_is_sent_to_set_one_up(
    client, member_a, password
):
    _sign_in(client, member_a, password)
    response = client.get(WORKSPACE)
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))


def test_enrol_an_app_then_sign_in_with_its_code_and_a_replay_is_refused(
    client, member_a, password
):
    _sign_in(client, member_a, password)
    page = client.get(reverse("accounts:mfa_totp_add"))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=member_a, confirmed=False)
    response = client.post(
        reverse("accounts:mfa_totp_add"), {"code": _totp_now(device)}
    )
    # The first factor added shows ten recovery codes once.
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.MFA_ENROL, actor=member_a
    ).exists()
    assert client.get(WORKSPACE).status_code == 200

    other = Client()
    _sign_in(other, member_a, password)
    device.refresh_from_db()
    code = _totp_now(device)
    # The code that just enrolled the app is spent: the same code again is refused.
    refused = other.post(reverse("accounts:mfa_verify"), {"code": code})
    assert refused.status_code == 200
    assert "The code was not accepted." in refused.content.decode()
    assert other.get(WORKSPACE).status_code == 302


def test_a_fresh_code_passes_and_is_then_refused_as_a_replay(
    client, member_a, password
):
    device = _enrolled(member_a)
    _sign_in(client, member_a, password)
    code = _totp_now(device)
    ok = client.post(reverse("accounts:mfa_verify"), {"code": code, "next": WORKSPACE})
    assert ok.status_code == 302 and ok["Location"] == WORKSPACE
    assert client.get(WORKSPACE).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MFA_VERIFY).count() == 1

    replay = Client()
    _sign_in(replay, member_a, password)
    refused = replay.post(reverse("accounts:mfa_verify"), {"code": code})
    assert "The code was not accepted." in refused.content.decode()


def test_a_recovery_code_works_once(client, member_a, password):
    _enrolled(member_a)
    static = StaticDevice.objects.create(user=member_a, name="recovery")
    static.token_set.create(token="abcd2345")
    _sign_in(client, member_a, password)
    assert (
        client.post(reverse("accounts:mfa_verify"), {"code": "ABCD 2345"}).status_code
        == 302
    )
    again = Client()
    _sign_in(again, member_a, password)
    refused = again.post(reverse("accounts:mfa_verify"), {"code": "abcd2345"})
    assert refused.status_code == 200


def test_the_admin_asks_for_the_second_factor_too(client, password):
    root = User.objects.create_superuser("root@example.org", password)
    _sign_in(client, root, password)
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:mfa_setup"))
    client.force_login(root)  # the test helper: passed the second factor
    assert client.get("/admin/").status_code == 200


def test_five_failures_lock_until_an_admin_unlocks(client, member_a, admin_a, password):
    for _attempt in range(5):
        response = client.post(
            reverse("accounts:login"),
            {"username": member_a.email, "password": "not the password 1"},
        )
    member_a.refresh_from_db()
    assert member_a.locked_at is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LOCKOUT, object_id=str(member_a.pk)
    ).exists()
    # The right password now gets the very same message as a wrong one.
    wrong = response.content.decode()
    right = _sign_in(client, member_a, password)
    assert right.status_code == 200
    assert (
        right.context["form"].non_field_errors()
        == response.context["form"].non_field_errors()
    )
    assert "locked until" in wrong  # the rule is stated, never which part was wrong

    # Alice, admin of the agency, unlocks Sam from the team page.
    admin = Client()
    admin.force_login(admin_a)
    membership = member_a.memberships.get()
    unlocked = admin.post(
        reverse(
            "agencies:member_unlock",
            kwargs={"slug": "alphaville-pd", "member": membership.uuid},
        )
    )
    assert unlocked.status_code == 302
    member_a.refresh_from_db()
    assert member_a.locked_at is None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.UNLOCK, actor=admin_a
    ).exists()
    assert _sign_in(client, member_a, password).status_code == 302


def test_failures_older_than_the_window_do_not_count(member_a, settings):
    from puente.accounts.services import user_lock_if_over_limit
    from puente.audit.services import record

    for _attempt in range(4):
        record(action="login_failed", actor_label=member_a.email, outcome="failure")
    assert user_lock_if_over_limit(email=member_a.email) is False
    settings.PUENTE_LOCKOUT_FAILURES = 4
    assert user_lock_if_over_limit(email=member_a.email) is True
    settings.PUENTE_LOCKOUT_WINDOW_MINUTES = 1
    member_a.locked_at = None
    member_a.save()
    later = timezone.now() + timedelta(minutes=2)
    from unittest import mock

    with mock.patch("puente.accounts.services._now", return_value=later):
        assert user_lock_if_over_limit(email=member_a.email) is False


def test_sessions_are_listed_and_ended_and_a_password_change_ends_the_others(
    member_a, password
):
    _enrolled(member_a)
    phone, laptop = (
        Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile"),
        Client(
            HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Firefox/132.0",
            REMOTE_ADDR="203.0.113.7",
        ),
    )
    for client in (phone, laptop):
        _sign_in(client, member_a, password)
        from puente.conftest import mark_mfa_verified

        mark_mfa_verified(client, member_a)
    page = laptop.get(reverse("accounts:sessions")).content.decode()
    assert "Chrome · Android" in page and "Firefox · Windows" in page
    assert "203.0.113.x" in page and "203.0.113.7" not in page

    phone_row = UserSession.objects.get(device="Chrome · Android")
    laptop.post(reverse("accounts:session_end", kwargs={"pk": phone_row.pk}))
    assert phone.get(WORKSPACE)["Location"].startswith(reverse("accounts:login"))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SESSION_END).count() == 1

    _sign_in(phone, member_a, password)
    mark_mfa_verified(phone, member_a)
    assert phone.get(WORKSPACE).status_code == 200
    changed = laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "a river of lanterns at night",
            "new_password2": "a river of lanterns at night",
        },
    )
    assert changed.status_code == 302
    assert phone.get(WORKSPACE).status_code == 302
    assert laptop.get(WORKSPACE).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGE).exists()


def test_an_idle_session_ends_and_so_does_an_old_one(client, member_a, settings):
    client.force_login(member_a)
    assert client.get(WORKSPACE).status_code == 200
    session = client.session
    session["puente_seen"] = time.time() - settings.PUENTE_SESSION_IDLE_SECONDS - 5
    session.save()
    assert client.get(WORKSPACE)["Location"].startswith(reverse("accounts:login"))

    client.force_login(member_a)
    client.get(WORKSPACE)
    session = client.session
    session["puente_started"] = (
        time.time() - settings.PUENTE_SESSION_ABSOLUTE_SECONDS - 5
    )
    session.save()
    assert client.get(WORKSPACE)["Location"].startswith(reverse("accounts:login"))


def test_session_settings_keep_idle_under_thirty_minutes(settings):
    assert settings.PUENTE_SESSION_IDLE_SECONDS <= 30 * 60
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_unused_accounts_are_disabled_and_their_agency_admin_told(
    member_a, admin_a, viewer_a, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(days=91)
    User.objects.filter(pk=member_a.pk).update(last_login=long_ago)
    User.objects.filter(pk=viewer_a.pk).update(date_joined=long_ago, last_login=None)
    User.objects.filter(pk=admin_a.pk).update(last_login=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("accounts", "disable-inactive")
    for user, active in ((member_a, False), (viewer_a, False), (admin_a, True)):
        user.refresh_from_db()
        assert user.is_active is active
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DISABLE).count() == 2
    [message] = mail.outbox
    assert message.to == [admin_a.email]
    assert member_a.email in message.body and viewer_a.email in message.body
    # Running it again changes nothing and tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("accounts", "disable-inactive")
    assert len(mail.outbox) == 1


def test_a_password_reset_request_is_audited(client, member_a):
    client.post(reverse("accounts:password_reset"), {"email": member_a.email})
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_RESET)
    assert event.actor_label == member_a.email


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("123456789012", "sequence"),
        ("aaaaaaaaaaaa", "repeats"),
        ("qwertyuiopasdf", "common words"),
        ("x" * 10_001, "too long"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(
    client, member_a, password, candidate, reason
):
    client.force_login(member_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": candidate,
            "new_password2": candidate,
        },
    )
    assert response.status_code == 200
    assert reason in response.content.decode()


def test_pwned_passwords_is_asked_only_when_turned_on(settings, monkeypatch):
    import hashlib

    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    asked = []
    candidate = "the quiet violet harbour"
    digest = hashlib.sha1(candidate.encode()).hexdigest().upper()  # noqa: S324

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, limit):
            return f"{digest[5:]}:42\r\n0000000000000000000000000000000000A:0".encode()

    def fake_urlopen(request, timeout):
        asked.append(request.full_url)
        return Answer()

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    validate_password(candidate)
    assert asked == []
    settings.PUENTE_PWNED_PASSWORDS = True
    with pytest.raises(ValidationError, match="data breaches"):
        validate_password(candidate)
    # Only the first five hex digits of the hash leave the server.
    assert len(asked) == 1 and asked[0].endswith("/" + digest[:5])


def test_a_platform_admin_unlocks_in_the_admin(client, member_a, password):
    root = User.objects.create_superuser("root@example.org", password)
    User.objects.filter(pk=member_a.pk).update(locked_at=timezone.now())
    client.force_login(root)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "unlock_accounts", "_selected_action": [member_a.pk]},
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.locked_at is None
    assert AuditEvent.objects.get(action=AuditEvent.Action.UNLOCK).actor == root


def _to_second_factor(answer) -> bool:
    path = answer["Location"].split("?")[0]
    return path in {reverse("accounts:mfa_verify"), reverse("accounts:mfa_setup")}


def test_a_locked_account_and_a_removed_second_factor_take_effect_on_the_next_request(
    client, member_a, admin_a
):
    # The account and its verified device are read from the shared cache on each
    # request; changing either is seen by the very next one, before any commit.
    client.force_login(admin_a)
    assert client.get(WORKSPACE).status_code == 200
    device = StaticDevice.objects.get(user=admin_a)
    device.confirmed = False
    device.save()
    answer = client.get(WORKSPACE)
    assert answer.status_code == 302 and _to_second_factor(answer)

    client.force_login(member_a)
    assert client.get(WORKSPACE).status_code == 200
    StaticDevice.objects.filter(user=member_a).delete()
    answer = client.get(WORKSPACE)
    assert answer.status_code == 302 and _to_second_factor(answer)

    client.force_login(member_a)
    assert client.get(WORKSPACE).status_code == 200
    member_a.locked_at = timezone.now()
    member_a.save(update_fields=["locked_at"])
    answer = client.get(WORKSPACE)
    assert answer.status_code == 302 and reverse("accounts:login") in answer["Location"]

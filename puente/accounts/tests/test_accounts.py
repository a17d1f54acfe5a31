import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse

from puente.accounts.models import User
from puente.accounts.tests.factories import UserFactory
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_with_email_records_an_audit_event(client, member_a, password):
    response = client.post(
        reverse("accounts:login"), {"username": member_a.email, "password": password}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("agencies:my_agencies")
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert (event.actor, event.outcome) == (member_a, "success")


def test_a_failed_login_is_recorded_and_explained(client, member_a):
    response = client.post(
        reverse("accounts:login"),
        {"username": member_a.email, "password": "wrong password!"},
    )
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert (event.actor_label, event.outcome, event.actor) == (
        member_a.email,
        "failure",
        None,
    )


def test_a_failed_login_is_explained_in_spanish(client, member_a):
    response = client.post(
        "/es" + reverse("accounts:login"), {"username": member_a.email, "password": "x"}
    )
    assert "no coinciden con ninguna cuenta" in response.content.decode()


def test_logout_is_post_only_and_audited(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGOUT, actor=member_a
    ).exists()
    assert client.get(reverse("agencies:my_agencies")).status_code == 302


def test_password_reset_by_email_end_to_end(
    client, member_a, django_capture_on_commit_callbacks
):
    # The email goes through the outbox: sent once the request's work commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": member_a.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new_password = "a long and memorable sentence"
    response = client.post(
        form_url, {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    assert client.login(username=member_a.email, password=new_password)


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@nowhere.example"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    ("candidate", "accepted"),
    [
        ("short pass", False),  # 10 characters
        ("password1234", False),  # common
        ("lowercase only words", True),  # no composition rules
        ("123456789012345", True),  # no numeric-only rule either
    ],
)
def test_password_rules_are_length_and_blocklist(candidate, accepted):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User(email="someone@example.org")
    try:
        validate_password(candidate, user)
        outcome = True
    except ValidationError:
        outcome = False
    assert outcome is accepted


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory.build()
    user.set_password("a long and memorable sentence")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_the_settings_put_argon2_first():
    from puente import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    lengths = [
        v["OPTIONS"]["min_length"]
        for v in project_settings.AUTH_PASSWORD_VALIDATORS
        if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert lengths == [12]


def test_email_is_the_username_and_case_insensitive_on_creation():
    user = User.objects.create_user(
        email="Mixed.Case@Example.ORG", password="a long and memorable sentence"
    )
    assert user.email == "mixed.case@example.org"

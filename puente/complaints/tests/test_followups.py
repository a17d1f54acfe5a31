"""Follow-up messages: only with consent, never for a sensitive topic (the setting),
in the resident's language through the outbox, the address deleted once sent."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from puente.complaints.models import FollowUp
from puente.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Post the follow-up form; what waits for the request's transaction to commit (the
    outbox task) runs as it would after a real commit."""

    def post(**data):
        payload = {
            "kind": "contact", "topic": "property", "language": "es",
            "channel": "email", "recipient": "rosa@example.org", "consent": "on", **data,
        }  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("complaints:followups", args=["alphaville-pd"]), payload
            )

    return post


def test_refused_for_a_sensitive_topic_and_sent_for_another_in_spanish(
    client, send, member_a, caplog, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    caplog.set_level(logging.DEBUG)
    client.force_login(member_a)
    response = send(
        topic="domestic_violence", recipient="+1 555 0100 22", channel="text"
    )
    assert response.status_code == 409
    assert "No follow-up message is sent for this topic" in response.content.decode()
    refused = FollowUp.objects.get()
    assert (refused.status, refused.recipient) == ("refused", "")
    assert Message.objects.count() == 0

    response = send()
    assert response.status_code == 302
    sent = FollowUp.objects.exclude(pk=refused.pk).get()
    # Sent once the request's transaction committed; the address is gone from both rows.
    assert (sent.status, sent.recipient) == ("sent", "")
    message = Message.objects.get()
    assert message.status == "sent" and message.recipient == "(deleted)"
    assert message.language == "es"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@example.org"]
    assert "Gracias por hablar con" in mail.outbox[0].body
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "rosa@example.org" not in logged and "555 0100" not in logged


def test_the_sensitive_topics_are_a_setting(client, send, member_a, settings):
    settings.PUENTE_FOLLOWUP_SENSITIVE_TOPICS = ["property"]
    client.force_login(member_a)
    assert send().status_code == 409
    assert send(topic="domestic_violence").status_code == 302


def test_without_consent_nothing_is_sent_or_kept(client, send, member_a):
    client.force_login(member_a)
    response = send(consent="")
    assert response.status_code == 409
    assert FollowUp.objects.get().recipient == "" and Message.objects.count() == 0


def test_a_text_message_goes_through_the_console_provider(
    client, send, member_a, capsys
):
    client.force_login(member_a)
    assert send(channel="text", recipient="+1 (555) 010-0123").status_code == 302
    assert "Text to +1 (555) 010-0123" in capsys.readouterr().out
    assert FollowUp.objects.get().recipient == ""


def test_a_language_without_wording_is_refused_until_the_agency_writes_it(
    client, send, member_a
):
    client.force_login(member_a)
    assert send(language="so").status_code == 409
    url = reverse("complaints:followup_templates", args=["alphaville-pd"])
    client.post(url, {"kind": "contact", "language": "so", "subject": "Farriin",
                      "body": "Waad ku mahadsan tahay inaad nala hadashay."})  # fmt: skip
    assert send(language="so").status_code == 302
    assert Message.objects.get().body == "Waad ku mahadsan tahay inaad nala hadashay."


def test_bad_addresses_are_refused_by_the_form(client, send, member_a):
    client.force_login(member_a)
    assert send(recipient="not-an-email").status_code == 400
    assert send(channel="text", recipient="call me").status_code == 400
    assert FollowUp.objects.count() == 0


def test_roles_and_tenancy(client, viewer_a, member_b, member_a):
    url = reverse("complaints:followups", args=["alphaville-pd"])
    templates = reverse("complaints:followup_templates", args=["alphaville-pd"])
    client.force_login(viewer_a)
    assert (
        client.get(url).status_code == 403 and client.get(templates).status_code == 403
    )
    client.force_login(member_b)
    assert (
        client.get(url).status_code == 404 and client.get(templates).status_code == 404
    )
    client.force_login(member_a)
    assert (
        client.get(url).status_code == 200 and client.get(templates).status_code == 200
    )
    assert client.put(url).status_code == 405

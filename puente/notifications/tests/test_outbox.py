"""The outbox: a message is a row written in the caller's transaction, sent once after
commit, retried with back-off, and never sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from puente.notifications import services
from puente.notifications.models import Message
from puente.notifications.tests.mailbackends import FailingLocmemBackend

pytestmark = pytest.mark.django_db


def _queue(**extra):
    return services.message_queue(
        kind="test", recipient="chief@a.example", subject="Hello",
        body="A link: http://testserver/survey/x/", language="en", **extra,
    )  # fmt: skip


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = (
        "puente.notifications.tests.mailbackends.FailingLocmemBackend"
    )
    FailingLocmemBackend.attempts = 0
    yield FailingLocmemBackend
    FailingLocmemBackend.fail_at = None


def test_a_message_is_sent_only_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _queue()
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["chief@a.example"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{message.uuid}@puente>"
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.sent_at is not None


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _queue()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Message.objects.exists()


def test_sending_twice_or_from_two_workers_sends_one_message():
    message = _queue(send=False)
    assert services.message_send(message_id=message.pk) is True
    assert services.message_send(message_id=message.pk) is False
    assert services.messages_send(ids=[message.pk, message.pk]) == 0
    assert len(mail.outbox) == 1


def test_a_failure_waits_with_back_off_then_the_retry_sends_it(failing_mail):
    failing_mail.fail_at = 1
    message = _queue(send=False)
    now = timezone.now()
    assert services.message_send(message_id=message.pk, now=now) is False
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    wait = message.next_attempt_at - now
    assert timedelta(seconds=55) < wait < timedelta(seconds=65)
    # Not due yet: the scheduler's retry leaves it.
    assert services.messages_retry(now=now + timedelta(seconds=30)) == 0
    assert services.messages_retry(now=now + timedelta(minutes=2)) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2
    assert len(mail.outbox) == 1


def test_the_wait_doubles_and_a_message_fails_for_good_after_the_last_attempt(
    settings,
):
    settings.PUENTE_MESSAGE_PROVIDERS = {
        "email": "puente.notifications.tests.test_outbox.Broken"
    }
    message = _queue(send=False)
    waits = []
    for _attempt in range(services.MAX_ATTEMPTS):
        now = timezone.now() + timedelta(days=len(waits))
        services.message_send(message_id=message.pk, now=now)
        message.refresh_from_db()
        waits.append(round((message.next_attempt_at - timezone.now()).total_seconds()))
    assert waits[:4] == [60, 120, 240, 480]
    assert message.status == Message.Status.FAILED
    assert services.messages_retry(now=timezone.now() + timedelta(days=30)) == 0


class Broken:
    def send(self, *, message):
        raise ConnectionRefusedError("no mail server")


def test_a_message_claimed_by_a_worker_that_died_is_sent_again(settings):
    message = _queue(send=False)
    claim = settings.PUENTE_MESSAGE_CLAIM_SECONDS
    long_ago = timezone.now() - timedelta(seconds=claim + 60)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, claimed_at=long_ago, attempts=1
    )
    # A fresh claim is another worker's, still at work: left alone.
    fresh = _queue(send=False)
    Message.objects.filter(pk=fresh.pk).update(
        status=Message.Status.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert services.messages_retry() == 1
    assert Message.objects.get(pk=message.pk).status == Message.Status.SENT
    assert Message.objects.get(pk=fresh.pk).status == Message.Status.SENDING


def test_a_text_message_goes_through_its_own_provider(capsys):
    message = _queue(channel=Message.Channel.TEXT, send=False)
    assert services.message_send(message_id=message.pk)
    assert "Text to chief@a.example" in capsys.readouterr().out
    assert mail.outbox == []


def test_templates_render_in_the_language_asked_for():
    context = {
        "inviter": type("U", (), {"email": "a@a.example"})(),
        "agency_name": "Alphaville PD",
        "link": "http://x/",
    }
    _subject, english = services.message_render(
        template="invitation", context=context, language="en"
    )
    _subject, spanish = services.message_render(
        template="invitation", context=context, language="es"
    )
    assert "added you to Alphaville PD" in english
    assert "Alphaville PD" in spanish and spanish != english


def test_the_command_sends_what_waits_and_counts(failing_mail, capsys):
    from django.core.management import call_command

    failing_mail.fail_at = 1
    message = _queue(send=False)
    services.message_send(message_id=message.pk)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    call_command("outbox", "--send")
    out = capsys.readouterr().out
    assert "Sent 1 messages." in out and "Sent: 1" in out
    assert len(mail.outbox) == 1

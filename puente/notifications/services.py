"""Writes of the outbox. A caller queues messages inside its own transaction; they are
sent by `puente.notifications.tasks` once it commits. Sending claims each row with a
conditional update (healthchecks' sendalerts does the same with its flips), so two
workers never both send it, and a failure leaves the row to be tried again later."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from puente.lib.tasks import enqueue
from puente.notifications.models import Message
from puente.notifications.providers import provider_for

# Waits before attempts 2, 3, …: one minute, doubling up to six hours; after
# MAX_ATTEMPTS the row is marked failed for an operator to look at.
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 6 * 60 * 60
MAX_ATTEMPTS = 8


def message_render(*, template: str, context: dict, language: str) -> tuple[str, str]:
    """(subject, body) of `emails/<template>_subject.txt` and `_body.txt` in `language`."""
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body = render_to_string(f"emails/{template}_body.txt", context)
    return " ".join(subject.split()), body


def message_queue(
    *,
    kind: str,
    recipient: str,
    subject: str,
    body: str,
    language: str,
    reference: str = "",
    channel: str = Message.Channel.EMAIL,
    send: bool = True,
) -> Message:
    """Write one outgoing message in the caller's transaction. With `send`, a task sends
    it once that transaction commits; callers queueing many pass send=False and call
    `messages_send_after_commit` once with all the ids."""
    message = Message(
        kind=kind, recipient=recipient, subject=subject, body=body, language=language,
        reference=reference, channel=channel, next_attempt_at=timezone.now(),
    )  # fmt: skip
    message.full_clean()
    message.save()
    if send:
        messages_send_after_commit(ids=[message.pk])
    return message


def messages_send_after_commit(*, ids: Iterable[int]) -> None:
    from puente.notifications.tasks import messages_send

    ids = list(ids)
    if ids:
        enqueue(messages_send, ids)


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(
        seconds=min(
            FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS
        )
    )


def message_send(*, message_id: int, now: datetime | None = None) -> bool:
    """Send one message if it is still waiting and due. Returns whether this call sent it.

    Safe to call twice or from two workers at once: only the call whose conditional
    update claims the row sends it. On failure the row waits with back-off
    (`_retry_delay`) and, after MAX_ATTEMPTS, is marked failed."""
    now = now or timezone.now()
    claimed = Message.objects.filter(
        pk=message_id, status=Message.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    try:
        provider_for(message.channel).send(message=message)
    except Exception as exc:  # noqa: BLE001 - any failure leaves the row to retry
        failed = message.attempts >= MAX_ATTEMPTS
        Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
            status=Message.Status.FAILED if failed else Message.Status.PENDING,
            next_attempt_at=timezone.now() + _retry_delay(message.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        return False
    Message.objects.filter(pk=message_id).update(
        status=Message.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def messages_send(*, ids: Iterable[int], now: datetime | None = None) -> int:
    """Send each of the messages that is still waiting; returns how many this call sent."""
    return sum(message_send(message_id=pk, now=now) for pk in ids)


@transaction.atomic
def messages_release_stale(*, now: datetime | None = None) -> int:
    """Put back rows claimed by a worker that died mid-send (claimed more than
    PUENTE_MESSAGE_CLAIM_SECONDS ago and never marked), so that they are sent again."""
    now = now or timezone.now()
    claim = timedelta(seconds=settings.PUENTE_MESSAGE_CLAIM_SECONDS)
    return Message.objects.filter(
        status=Message.Status.SENDING,
        claimed_at__lt=now - claim,
    ).update(status=Message.Status.PENDING, next_attempt_at=now)


def messages_due(
    *, reference_prefix: str = "", now: datetime | None = None
) -> list[int]:
    """Ids of waiting messages whose next attempt is due, oldest first."""
    now = now or timezone.now()
    rows = Message.objects.filter(
        status=Message.Status.PENDING, next_attempt_at__lte=now
    )
    if reference_prefix:
        rows = rows.filter(
            Q(reference=reference_prefix)
            | Q(reference__startswith=reference_prefix + ":")
        )
    return list(rows.order_by("next_attempt_at", "id").values_list("pk", flat=True))


def messages_retry(*, now: datetime | None = None) -> int:
    """What the scheduler runs every few minutes: release stale claims, then send every
    waiting message that is due. Returns how many were sent."""
    messages_release_stale(now=now)
    return messages_send(ids=messages_due(now=now), now=now)


def messages_for(*, reference: str) -> list[Message]:
    """The messages about one object, oldest first."""
    return list(Message.objects.filter(reference=reference))

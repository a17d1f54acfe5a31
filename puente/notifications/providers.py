"""Who carries a message out: one provider per channel, named in
PUENTE_MESSAGE_PROVIDERS. Email goes through Django's mail backend (SMTP when EMAIL_HOST
is set, else the console). A text-message provider is a class with the same `send`,
registered under "text"."""

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    """The provider could not hand the message over; it will be tried again later."""


class Provider(Protocol):
    def send(self, *, message) -> None:
        """Hand `message` (a notifications.Message) over, or raise DeliveryError."""


class EmailProvider:
    def send(self, *, message) -> None:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.recipient],
            # One Message-ID per outbox row: should a message ever go out twice (a worker
            # killed between the mail server's answer and marking the row sent), mail
            # systems see the same message.
            headers={"Message-ID": f"<{message.uuid}@puente>"},
        )
        try:
            email.send()
        except OSError as exc:  # smtplib's errors are OSErrors
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc


class ConsoleTextProvider:
    """Prints text messages: the development stand-in for an SMS gateway."""

    def send(self, *, message) -> None:
        import sys

        sys.stdout.write(f"Text to {message.recipient}: {message.body}\n")


def provider_for(channel: str) -> Provider:
    try:
        path = settings.PUENTE_MESSAGE_PROVIDERS[channel]
    except KeyError:
        raise DeliveryError(f"No provider for the {channel!r} channel.") from None
    return import_string(path)()

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from puente.notifications.services import message_queue, message_render


def user_send_invitation(
    *, user, inviter, agency_name: str, base_url: str, language: str | None = None
) -> None:
    """Email `user` a link to choose a password (the password-reset link), in `language`
    (the inviter's current language if not given). Queued in the outbox: sent after the
    caller's transaction commits."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "inviter": inviter,
        "agency_name": agency_name,
        "link": base_url.rstrip("/") + path,
        "site_name": settings.SITE_NAME,
    }
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    subject, body = message_render(
        template="invitation", context=context, language=language
    )
    message_queue(
        kind="account_invitation", recipient=user.email, subject=subject, body=body,
        language=language, reference=f"accounts.user:{user.pk}",
    )  # fmt: skip


def user_send_password_reset(
    *, user, subject: str, body: str, language: str | None = None
) -> None:
    """Queue the password-reset email Django's reset form rendered for `user`."""
    message_queue(
        kind="password_reset", recipient=user.email, subject=subject, body=body,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        reference=f"accounts.user:{user.pk}",
    )  # fmt: skip

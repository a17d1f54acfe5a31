"""Personal API tokens: create, check, revoke.

A token reads `pnt_<prefix>_<secret>`; only its SHA-256 is stored. A token acts as its
user, with the user's memberships and roles as they are at each request, so a changed
role or a removed membership applies at once; a read-only token may not write
(`token_allows_write`). Tokens of an inactive (locked or disabled) user stop working.
Creating, first use from a new network address and revoking are audited.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import ApiToken, User
from puente.audit.models import AuditEvent
from puente.audit.services import record

TOKEN_PREFIX = "pnt_"  # noqa: S105 (the public prefix, not a secret)
DEFAULT_DAYS = 90
MAX_DAYS = 366
PLACES_KEPT = 20


@dataclass(frozen=True)
class NewToken:
    """A token just made: `secret` is the only time the token is available in full."""

    token: ApiToken
    secret: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int = DEFAULT_DAYS, read_only: bool = False,
    actor: User | None = None,
) -> NewToken:  # fmt: skip
    """Make a token for `user` valid `days` days (1 to MAX_DAYS). ValidationError on a
    blank name or days out of range."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS}}
        )
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user, name=name[:100], prefix=prefix, key_hash=_hash(secret),
        read_only=read_only, expires_at=timezone.now() + timedelta(days=days),
    )  # fmt: skip
    token.full_clean()
    token.save()
    record(
        action=AuditEvent.Action.CREATE, actor=actor or user, obj=token,
        changes={"api_token": [None, {"name": token.name, "read_only": read_only,
                                      "expires_at": token.expires_at.isoformat()}]},
    )  # fmt: skip
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None = None) -> None:
    """Revoke `token` from now on; revoking twice changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        action=AuditEvent.Action.UPDATE, actor=actor or token.user, obj=token,
        changes={"revoked": [False, True]},
    )  # fmt: skip


def api_token_check(secret: str) -> ApiToken | None:
    """The live token for `secret`, with `.user` loaded; None when unknown, revoked,
    expired, or its user is inactive (disabled for disuse) or locked out."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=_hash(secret)).first()
    )
    if token is None or token.revoked_at is not None:
        return None
    user = token.user
    if token.expires_at <= timezone.now() or not user.is_active or user.locked_at:
        return None
    return token


def api_token_used(*, token: ApiToken, place: str) -> None:
    """Note a use of `token` from network address `place`; the first use from a place
    it has not been used from is audited. `last_used_at` is written at most once a
    minute so that busy clients do not write on every request."""
    now = timezone.now()
    new_place = bool(place) and place not in token.places
    stale = token.last_used_at is None or now - token.last_used_at > timedelta(
        minutes=1
    )
    if not (new_place or stale):
        return
    with transaction.atomic():
        token.last_used_at = now
        if new_place:
            token.places = [*token.places, place][-PLACES_KEPT:]
            record(
                action=AuditEvent.Action.LOGIN, actor=token.user, obj=token,
                changes={"api_token_place": [None, place]},
            )  # fmt: skip
        ApiToken.objects.filter(pk=token.pk).update(
            last_used_at=token.last_used_at, places=token.places
        )


def token_allows_write(token: ApiToken | None) -> bool:
    return token is not None and not token.read_only


def tokens_for_user(*, user: User):
    return ApiToken.objects.filter(user=user)


def token_for_user(*, user: User, uuid) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, uuid=uuid).first()


def token_lifetime_choices() -> list[tuple[int, str]]:
    days = [7, 30, DEFAULT_DAYS, 180, 365]
    return [(d, _("%(days)d days") % {"days": d}) for d in days]

"""Token authentication for the API, the per-token rate limit, `Idempotency-Key`
on POSTs, and `/me` (who the token acts as, and where)."""

import hashlib
import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import HttpBearer
from pydantic import BaseModel

from puente.accounts import tokens
from puente.accounts.models import ApiToken, IdempotencyKey
from puente.lib.api import ApiProblem, responses

KEY_HOURS = 24


class TokenAuth(HttpBearer):
    """`Authorization: Bearer pnt_…`. The request then acts as the token's user, and
    `request.api_token` is the token. Over the per-token rate limit: 429."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.api_token_check(token.strip())
        if found is None:
            return None
        _rate_limit(found)
        tokens.api_token_used(token=found, place=request.META.get("REMOTE_ADDR", ""))
        request.user = found.user
        request.api_token = found
        return found


token_auth = TokenAuth()


def _now() -> float:
    return time.time()


def _rate_limit(token: ApiToken) -> None:
    """At most PUENTE_API_RATE_LIMIT requests per token per minute, counted in the
    shared cache so every worker sees the same count."""
    limit = settings.PUENTE_API_RATE_LIMIT
    if not limit:
        return
    now = _now()
    window = int(now // 60)
    key = f"api-rate:{token.uuid}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        used = 1
    if used > limit:
        raise ApiProblem(
            429,
            _("Too many requests"),
            _("This token may make %(limit)d requests a minute.") % {"limit": limit},
            headers={"Retry-After": str(60 - int(now) % 60)},
        )


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def idempotent(
    request: HttpRequest, key: str, create: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run `create` (which writes and returns (status, JSON-able body)) at most once
    per token and `Idempotency-Key`: a retry with the same key and request gets the
    first answer again and writes nothing; the same key with a different request is
    refused (422). The key is stored in the same transaction as what `create` writes,
    so a crash leaves neither, and two concurrent requests with one key make one row
    (the loser's transaction rolls back and it answers with the winner's result).
    Keys are kept KEY_HOURS hours."""
    token: ApiToken = request.api_token
    key = key.strip()
    if not key or len(key) > 255:
        raise ApiProblem(
            400,
            _("Invalid Idempotency-Key"),
            _("Send an Idempotency-Key of 1 to 255 characters, new for each write."),
        )
    fingerprint = _fingerprint(request)
    stored = _stored(token, key)
    if stored is None:
        try:
            with transaction.atomic():
                status, body = create()
                text = json.dumps(_plain(body), cls=DjangoJSONEncoder)
                IdempotencyKey.objects.create(
                    token=token, key=key, fingerprint=fingerprint, status=status,
                    body=text,
                )  # fmt: skip
            IdempotencyKey.objects.filter(
                token=token, created_at__lt=timezone.now() - timedelta(hours=KEY_HOURS)
            ).delete()
            return status, body
        except IntegrityError:
            stored = _stored(token, key)
            if stored is None:
                raise
    if stored.fingerprint != fingerprint:
        raise ApiProblem(
            422,
            _("Idempotency-Key already used"),
            _(
                "This Idempotency-Key was used for a different request; use a new key "
                "for a new write."
            ),
        )
    return stored.status, json.loads(stored.body)


def _stored(token: ApiToken, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(
        token=token,
        key=key,
        created_at__gte=timezone.now() - timedelta(hours=KEY_HOURS),
    ).first()


def _plain(body: Any) -> Any:
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json")
    if isinstance(body, list):
        return [_plain(b) for b in body]
    if isinstance(body, dict):
        return {k: _plain(v) for k, v in body.items()}
    if isinstance(body, datetime):
        return body.isoformat()
    return body


router = Router(tags=["tokens"], auth=token_auth)


class MembershipOut(Schema):
    agency: str
    agency_name: str
    role: str


class ProgramMembershipOut(Schema):
    program: str
    program_name: str
    role: str


class MeOut(Schema):
    """Who the token acts as; needs a token, no other right."""

    email: str
    token_name: str
    read_only: bool
    expires_at: datetime
    agencies: list[MembershipOut]
    programs: list[ProgramMembershipOut]


@router.get(
    "/me", response=responses({200: MeOut}, (304, 401)), summary="The token's user"
)
def me(request):
    """The token's user, scope and expiry, and the agencies and programs it reaches
    with the role in each."""
    token: ApiToken = request.api_token
    user = token.user
    return {
        "email": user.email,
        "token_name": token.name,
        "read_only": token.read_only,
        "expires_at": token.expires_at,
        "agencies": [
            {"agency": m.agency.slug, "agency_name": m.agency.name, "role": m.role}
            for m in user.memberships.select_related("agency").order_by("agency__slug")
        ],
        "programs": [
            {"program": m.program.slug, "program_name": m.program.name, "role": m.role}
            for m in user.program_memberships.select_related("program").order_by(
                "program__slug"
            )
        ],
    }

"""Abuse control for the anonymous survey, without any third-party service.

- A rate limit per visitor and agency, keyed on a hash of the visitor's address with a
  random salt that is made each day and kept only in the cache: once the day's salt
  expires, nobody (not even someone holding the secret key) can tell which address a
  counter belonged to. Neither the address nor the hash is ever stored in the database
  or written to a log.
- A honeypot field that people never see and bots fill in.
- A minimum time between showing the form and sending it, carried in a signed token
  that can be used once.

Both counters live in the shared cache (settings.CACHES: Redis or the database, never
one process's memory) and rely only on its atomic `add`, so they hold exactly however
many web processes answer.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

DAY = 24 * 60 * 60
HONEYPOT_FIELD = "website"
_TOKEN_SALT = "puente.portal.feedback"  # noqa: S105 - a signing namespace


def _salt() -> str:
    key = f"portal:salt:{timezone.now():%Y-%m-%d}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(16), 2 * DAY)
        salt = cache.get(key)
    return salt


def _client_address(request: HttpRequest) -> str:
    header = settings.PUENTE_CLIENT_IP_HEADER
    if header:
        meta = "HTTP_" + header.upper().replace("-", "_")
        value = request.META.get(meta, "")
        if value:
            # The last address is the one the trusted proxy saw.
            return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _rate_key(request: HttpRequest, scope: str) -> str:
    digest = hashlib.sha256(
        f"{_salt()}|{scope}|{_client_address(request)}".encode()
    ).hexdigest()
    return f"portal:rate:{digest}"


def is_over_limit(request: HttpRequest, scope: str) -> bool:
    """Whether the visitor already used every answer of the day (a cheap early check;
    `take_slot` is the one that decides)."""
    limit = settings.PUENTE_FEEDBACK_DAILY_LIMIT
    return cache.get(f"{_rate_key(request, scope)}:{limit}") is not None


def take_slot(request: HttpRequest, scope: str) -> bool:
    """Claim one of the visitor's PUENTE_FEEDBACK_DAILY_LIMIT answers for the day; False
    when all are taken. Each answer is its own key claimed with `cache.add` (atomic on
    Redis and on the database cache), so two processes can never take the same one; the
    hint only saves round trips and may lag."""
    key = _rate_key(request, scope)
    limit = settings.PUENTE_FEEDBACK_DAILY_LIMIT
    start = min(cache.get(f"{key}:hint") or 0, limit)
    for number in range(start + 1, limit + 1):
        if cache.add(f"{key}:{number}", 1, DAY):
            cache.set(f"{key}:hint", number, DAY)
            return True
    return False


def form_token() -> str:
    return signing.dumps(
        {"t": int(time.time()), "n": secrets.token_urlsafe(12)}, salt=_TOKEN_SALT
    )


def _token_payload(token: str) -> dict | None:
    try:
        payload = signing.loads(token, salt=_TOKEN_SALT, max_age=7 * DAY)
    except (signing.BadSignature, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


def seconds_since(token: str) -> float | None:
    """Seconds since the form with `token` was shown; None for a missing or forged token."""
    payload = _token_payload(token)
    return None if payload is None else time.time() - payload["t"]


def is_too_fast(token: str) -> bool:
    elapsed = seconds_since(token)
    return elapsed is None or elapsed < settings.PUENTE_FEEDBACK_MIN_SECONDS


def use_token(token: str) -> bool:
    """Mark the form token used; False when it was used before (or is not valid). Atomic
    across processes, like `take_slot`."""
    payload = _token_payload(token)
    if payload is None:
        return False
    return cache.add(f"portal:token:{payload['n']}", 1, 7 * DAY + 60)

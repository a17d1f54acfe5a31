"""Abuse control for the anonymous survey, without any third-party service.

- A rate limit per visitor and agency, keyed on a hash of the visitor's address with a
  random salt that is made each day and kept only in the cache: once the day's salt
  expires, nobody (not even someone holding the secret key) can tell which address a
  counter belonged to. Neither the address nor the hash is ever stored in the database
  or written to a log.
- A honeypot field that people never see and bots fill in.
- A minimum time between showing the form and sending it, carried in a signed token.
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
    return (cache.get(_rate_key(request, scope)) or 0) >= (
        settings.PUENTE_FEEDBACK_DAILY_LIMIT
    )


def count_submission(request: HttpRequest, scope: str) -> None:
    key = _rate_key(request, scope)
    if not cache.add(key, 1, DAY):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, DAY)


def form_token() -> str:
    return signing.dumps(int(time.time()), salt=_TOKEN_SALT)


def seconds_since(token: str) -> float | None:
    """Seconds since the form with `token` was shown; None for a missing or forged token."""
    try:
        shown = signing.loads(token, salt=_TOKEN_SALT, max_age=7 * DAY)
    except (signing.BadSignature, TypeError):
        return None
    return time.time() - shown


def is_too_fast(token: str) -> bool:
    elapsed = seconds_since(token)
    return elapsed is None or elapsed < settings.PUENTE_FEEDBACK_MIN_SECONDS

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware

from puente.lib import versioned_cache

# Paths an account that has not passed its second factor may still reach.
_OPEN_PREFIXES = ("/static/", "/healthz", "/i18n/", "/webauthn/", "/jsi18n/")
_OPEN_NAMES = {
    "accounts:logout",
    "accounts:mfa_verify",
    "accounts:mfa_setup",
    "accounts:mfa_totp_add",
    "accounts:mfa_recovery_codes",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}
SESSION_STARTED_KEY = "puente_started"
SESSION_SEEN_KEY = "puente_seen"
SEEN_EVERY_SECONDS = 60


class SessionLimitsMiddleware:
    """Ends a session idle for PUENTE_SESSION_IDLE_SECONDS or older than
    PUENTE_SESSION_ABSOLUTE_SECONDS (CJIS 5.5.5, ASVS V3.3.2), and keeps the user's
    list of sessions current (last seen, at most once a minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED_KEY)
            seen = request.session.get(SESSION_SEEN_KEY, started)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
                request.session[SESSION_SEEN_KEY] = now
            elif (
                now - started > settings.PUENTE_SESSION_ABSOLUTE_SECONDS
                or now - (seen or started) > settings.PUENTE_SESSION_IDLE_SECONDS
            ):
                _end_expired(request)
                return redirect(
                    reverse("accounts:login") + "?" + urlencode({"next": request.path})
                )
            elif now - (seen or started) >= SEEN_EVERY_SECONDS:
                # Once a minute, not on every request: each write saves the session
                # (a database write per page). An idle session may so end up to a
                # minute before PUENTE_SESSION_IDLE_SECONDS, never after.
                request.session[SESSION_SEEN_KEY] = now
                _touch(request)
        return self.get_response(request)


def _end_expired(request: HttpRequest) -> None:
    from puente.accounts.models import UserSession

    key = request.session.session_key
    UserSession.objects.filter(session_key=key, ended_at=None).update(
        ended_at=timezone.now()
    )
    logout(request)


def _touch(request: HttpRequest) -> None:
    from puente.accounts.models import UserSession

    UserSession.objects.filter(session_key=request.session.session_key).update(
        last_seen=timezone.now()
    )


class MFARequiredMiddleware:
    """Every signed-in account must pass a second factor before anything else
    (CJIS 5.6.2.2, ASVS V2.7/V2.8), the Django admin included. Accounts with no second
    factor yet are sent to set one up; the API answers 403 until then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.PUENTE_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not _is_open(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Pass your second factor first.")}, status=403
                )
            from django_otp import devices_for_user

            target = (
                "accounts:mfa_verify"
                if any(True for _device in devices_for_user(user))
                else "accounts:mfa_setup"
            )
            return redirect(
                reverse(target) + "?" + urlencode({"next": request.get_full_path()})
            )
        return self.get_response(request)


def _is_open(request: HttpRequest) -> bool:
    if request.path.startswith(_OPEN_PREFIXES):
        return True
    match = request.resolver_match
    if match is None:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
    if match.view_name in _OPEN_NAMES:
        return True
    # The public portal and public pages need no account at all.
    return match.app_name in {"portal", "principles"} or match.view_name in {
        "home",
        "agencies:directory",
        "set_language",
    }


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response (Django sets the other security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PUENTE_PERMISSIONS_POLICY)
        return response


class HeadAsGetMiddleware:
    """Answers HEAD wherever GET is answered (uptime checks use HEAD; RFC 9110 9.3.2),
    however a view's method decorator is written: the view runs as for GET and the body
    is dropped, keeping the headers and Content-Length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, reading the session's verified device from the shared
    cache while the device is unchanged (`lib.versioned_cache`; every save or delete of
    a device, a verification included, bumps its scope). django-otp still checks that
    the device is confirmed and belongs to the signed-in account."""

    def _device_from_persistent_id(self, persistent_id: str):
        return versioned_cache.cached(
            *device_cache_entry(persistent_id),
            lambda: super(CachedOTPMiddleware, self)._device_from_persistent_id(
                persistent_id
            ),
        )


def device_cache_entry(persistent_id: str) -> tuple[str, tuple[str, ...]]:
    """(key, scopes) of a verified second-factor device in `lib.versioned_cache`."""
    return f"otp:device:{persistent_id}", (f"otp-device:{persistent_id}",)

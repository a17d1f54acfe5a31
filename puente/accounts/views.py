"""Sign-in's second step, the user's second factors and sessions (issue 14)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from puente.accounts import services
from puente.accounts.forms import CodeForm
from puente.accounts.models import UserSession
from puente.audit.models import AuditEvent
from puente.audit.services import record


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, a recovery code or a passkey."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _device_for_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            record(
                action=AuditEvent.Action.MFA_VERIFY,
                actor=request.user,
                changes={"kind": _kind(device)},
            )
            return redirect(_next_url(request))
        email = request.user.email
        record(
            action=AuditEvent.Action.LOGIN_FAILED,
            actor_label=email,
            outcome=AuditEvent.Outcome.FAILURE,
            changes={"step": "second factor"},
        )
        if services.user_lock_if_over_limit(email=email):
            from django.contrib.auth import logout

            logout(request)
            messages.error(request, _("The code was not accepted."))
            return redirect("accounts:login")
        form.add_error("code", _("The code was not accepted."))
    return render(
        request,
        "accounts/mfa_verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "has_passkey": WebAuthnCredential.objects.filter(
                user=request.user, confirmed=True
            ).exists(),
        },
    )


def _device_for_code(user, code: str):
    """The confirmed device that accepts `code`, checking each device on its own so that
    django-otp's throttling and TOTP replay refusal (`last_t`) apply."""
    # Six digits are an app's code, anything else a recovery code: a failed try then
    # slows down (throttles) only the kind of device it was meant for.
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, kind) and device.verify_token(code):
                return device
    return None


def _kind(device) -> str:
    if isinstance(device, TOTPDevice):
        return "totp"
    if isinstance(device, StaticDevice):
        return "recovery"
    return "passkey"


@login_required
@require_http_methods(["GET", "HEAD"])
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """The user's second factors: authenticator apps, passkeys, recovery codes."""
    user = request.user
    static = StaticDevice.objects.filter(user=user, name="recovery").first()
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "totp_devices": TOTPDevice.objects.filter(user=user, confirmed=True),
            "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True),
            "recovery_left": static.token_set.count() if static else 0,
            "verified": user.is_verified(),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mfa_totp_add(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: show the key (QR code and text), then check one code.

    An account that already has a second factor must pass it first, so a stolen
    password alone cannot add one.
    """
    user = request.user
    has_devices = any(True for _device in devices_for_user(user, confirmed=True))
    if has_devices and not user.is_verified():
        return redirect(reverse("accounts:mfa_verify") + "?next=" + request.path)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            services.mfa_device_added(request=request, device=device, kind="totp")
            codes = None
            if not StaticDevice.objects.filter(user=user, name="recovery").exists():
                codes = services.recovery_codes_new(user=user)
            messages.success(request, _("The authenticator app was added."))
            if codes:
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": _next_url(request)},
                )
            return redirect(_next_url(request))
        form.add_error("code", _("The code was not accepted."))
    import segno

    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/mfa_totp_add.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, title=_("QR code of the key")),
            "secret": _base32(device),
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
@require_POST
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    if not request.user.is_verified():
        return redirect(reverse("accounts:mfa_verify") + "?next=" + request.path)
    codes = services.recovery_codes_new(user=request.user)
    record(
        action=AuditEvent.Action.MFA_ENROL,
        actor=request.user,
        changes={"kind": "recovery"},
    )
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:mfa_setup")},
    )


@login_required
@require_POST
def mfa_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove an authenticator app or a passkey of one's own (not the last factor)."""
    if not request.user.is_verified():
        return redirect("accounts:mfa_verify")
    models = {"totp": TOTPDevice, "passkey": WebAuthnCredential}
    if kind not in models:
        raise Http404
    device = models[kind].objects.filter(user=request.user, pk=pk).first()
    if device is None:
        raise Http404
    others = [
        d
        for d in devices_for_user(request.user, confirmed=True)
        if not isinstance(d, StaticDevice) and d.persistent_id != device.persistent_id
    ]
    if not others:
        messages.error(
            request,
            _("Add another authenticator app or passkey before removing this one."),
        )
        return redirect("accounts:mfa_setup")
    services.mfa_device_remove(request=request, device=device, kind=kind)
    messages.success(request, _("The second factor was removed."))
    return redirect("accounts:mfa_setup")


@login_required
@require_http_methods(["GET", "HEAD"])
def session_list(request: HttpRequest) -> HttpResponse:
    """The user's open sessions: device, last seen, coarse network; end any of them."""
    sessions = UserSession.objects.filter(user=request.user, ended_at=None)
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": sessions, "current": request.session.session_key},
    )


@login_required
@require_POST
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    rows = UserSession.objects.filter(user=request.user, pk=pk, ended_at=None)
    if not rows.exists():
        raise Http404
    current = rows.filter(session_key=request.session.session_key).exists()
    services.sessions_end(user=request.user, only=rows, reason="ended by user")
    if current:
        return redirect("accounts:login")
    messages.success(request, _("The session was ended."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def session_end_others(request: HttpRequest) -> HttpResponse:
    count = services.sessions_end(
        user=request.user, keep=request.session.session_key, reason="ended by user"
    )
    messages.success(request, _("Other sessions ended: %(count)d") % {"count": count})
    return redirect("accounts:sessions")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view; the change is audited and ends the user's other sessions."""

    def form_valid(self, form):
        response = super().form_valid(form)
        record(action=AuditEvent.Action.PASSWORD_CHANGE, actor=self.request.user)
        services.sessions_end(
            user=self.request.user,
            keep=self.request.session.session_key,
            reason="password changed",
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view; each request is audited with the address asked for."""

    def form_valid(self, form):
        record(
            action=AuditEvent.Action.PASSWORD_RESET,
            actor_label=form.cleaned_data["email"][:254],
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a new password by reset is audited and ends every other session.
    The person is signed in with the new password (`post_reset_login`), still owing the
    second factor, so the session just opened is the one kept."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        record(
            action=AuditEvent.Action.PASSWORD_CHANGE,
            actor=user,
            actor_label=user.email,
            changes={"by": "reset link"},
        )
        keep = self.request.session.session_key if self.post_reset_login else None
        services.sessions_end(user=user, keep=keep, reason="password reset")
        return response

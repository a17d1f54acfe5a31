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


# --- Security (issue 14): lockout, second factors, sessions, inactive accounts ---------


def _now():
    from django.utils import timezone

    return timezone.now()


def user_lock_if_over_limit(*, email: str) -> bool:
    """Lock the account `email` once it has PUENTE_LOCKOUT_FAILURES failed sign-ins
    (password or second factor) within PUENTE_LOCKOUT_WINDOW_MINUTES. Returns True when
    this call locked it. The failures are counted from the audit log, the one record of
    them. An unknown email locks nothing (and the sign-in page says the same either way).
    """
    from datetime import timedelta

    from django.db import transaction

    from puente.accounts.models import User
    from puente.audit.models import AuditEvent
    from puente.audit.services import record

    email = (email or "").strip().lower()
    if not email:
        return False
    since = _now() - timedelta(minutes=settings.PUENTE_LOCKOUT_WINDOW_MINUTES)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=email).first()
        if user is None or user.locked_at is not None:
            return False
        failures = AuditEvent.objects.filter(
            action=AuditEvent.Action.LOGIN_FAILED,
            actor_label__iexact=email,
            created_at__gte=since,
        ).count()
        if failures < settings.PUENTE_LOCKOUT_FAILURES:
            return False
        user.locked_at = _now()
        user.save(update_fields=["locked_at"])
        sessions_end(user=user, reason="locked")
        record(
            action=AuditEvent.Action.LOCKOUT,
            actor_label=user.email,
            obj=user,
            outcome=AuditEvent.Outcome.FAILURE,
            changes={"failures": failures},
        )
    return True


def user_unlock(*, user, by, agency=None) -> None:
    """Clear the lock (and an inactivity disable) on `user`. `by` is an agency admin of
    one of the user's agencies (pass `agency`) or a platform admin. Audited."""
    from django.db import transaction

    from puente.audit.models import AuditEvent
    from puente.audit.services import record

    with transaction.atomic():
        was = {"locked_at": user.locked_at, "is_active": user.is_active}
        user.locked_at = None
        if user.disabled_reason:
            user.is_active = True
            user.disabled_reason = ""
        user.save(update_fields=["locked_at", "is_active", "disabled_reason"])
        record(
            action=AuditEvent.Action.UNLOCK,
            actor=by,
            actor_label="" if by else "puente accounts unlock",
            agency=agency,
            obj=user,
            changes={
                "locked_at": [
                    str(was["locked_at"]) if was["locked_at"] else None,
                    None,
                ],
                "is_active": [was["is_active"], user.is_active],
            },
        )


def mfa_device_added(*, request, device, kind: str) -> None:
    """Record a new second factor, end the user's other sessions, count this one verified."""
    import django_otp

    from puente.audit.models import AuditEvent
    from puente.audit.services import record

    record(
        action=AuditEvent.Action.MFA_ENROL,
        actor=request.user,
        obj=device,
        changes={"kind": kind},
    )
    django_otp.login(request, device)
    sessions_end(user=request.user, keep=request.session.session_key, reason="mfa")


def mfa_device_remove(*, request, device, kind: str) -> None:
    """Remove a second factor of the signed-in user; ends their other sessions."""
    from django.db import transaction

    from puente.audit.models import AuditEvent
    from puente.audit.services import record

    with transaction.atomic():
        record(
            action=AuditEvent.Action.MFA_REMOVE,
            actor=request.user,
            obj=device,
            changes={"kind": kind},
        )
        device.delete()
    sessions_end(user=request.user, keep=request.session.session_key, reason="mfa")


def recovery_codes_new(*, user, count: int = 10) -> list[str]:
    """Replace the user's recovery codes with `count` new single-use ones; returns them
    (shown once, stored by django-otp's static device)."""
    from django.db import transaction
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="recovery", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(count)]
        StaticToken.objects.bulk_create(
            [StaticToken(device=device, token=code) for code in codes]
        )
    return codes


def session_register(*, request, user) -> None:
    """Remember the session just signed in, for the user's list of sessions."""
    from puente.accounts.models import UserSession
    from puente.lib.clientaddr import client_ip, coarse_place

    if not request.session.session_key:
        request.session.save()
    now = _now()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "device": describe_device(request.META.get("HTTP_USER_AGENT", "")),
            "place": coarse_place(client_ip(request)),
            "last_seen": now,
            "ended_at": None,
        },
    )


def sessions_end(
    *, user, keep: str | None = None, reason: str = "", by=None, only=None
):
    """End the user's sessions (all, all but `keep`, or the ones in `only`, a queryset).

    Deletes them from the session store so their cookies stop working, marks them ended
    and writes one `session_end` audit row each. Returns how many ended.
    """
    from importlib import import_module

    from puente.audit.models import AuditEvent
    from puente.audit.services import record

    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = (only if only is not None else user.sessions.all()).filter(ended_at=None)
    if keep:
        rows = rows.exclude(session_key=keep)
    ended = 0
    for row in list(rows):
        store(session_key=row.session_key).delete()
        row.ended_at = _now()
        row.save(update_fields=["ended_at"])
        record(
            action=AuditEvent.Action.SESSION_END,
            actor=by or user,
            actor_label=(by or user).email,
            obj=row,
            changes={"reason": reason, "user": user.email},
        )
        ended += 1
    return ended


def describe_device(user_agent: str) -> str:
    """ "Firefox on Windows" from a User-Agent header, or "" when nothing is recognised.

    A short list is enough for a person to recognise their own browsers.
    """
    browsers = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    systems = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    browser = next((name for key, name in browsers if key in user_agent), "")
    system = next((name for key, name in systems if key in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)[:120]


def users_disable_inactive(*, days: int | None = None, now=None) -> list:
    """Disable accounts nobody signed in with for `days` (PUENTE_INACTIVE_DAYS) days.

    An account never used counts from when it was created. Platform superusers are
    included (CJIS 5.5.1 / ASVS V2 ask the same of every account). Each disabled account
    gets an audit row; the admins of its agencies are told by email after commit.
    Returns the disabled users. Safe to run twice.
    """
    from datetime import timedelta

    from django.db import transaction
    from django.db.models import Q
    from django.db.models.functions import Coalesce

    from puente.accounts.models import User
    from puente.audit.models import AuditEvent
    from puente.audit.services import record

    days = days or settings.PUENTE_INACTIVE_DAYS
    cutoff = (now or _now()) - timedelta(days=days)
    disabled = []
    with transaction.atomic():
        stale = (
            User.objects.filter(is_active=True)
            .annotate(seen=Coalesce("last_login", "date_joined"))
            .filter(Q(seen__lt=cutoff))
            .select_for_update()
        )
        for user in stale:
            user.is_active = False
            user.disabled_reason = "inactive"
            user.save(update_fields=["is_active", "disabled_reason"])
            sessions_end(user=user, reason="inactive")
            record(
                action=AuditEvent.Action.DISABLE,
                actor_label="puente accounts disable-inactive",
                obj=user,
                changes={"days_inactive": days},
            )
            disabled.append(user)
        if disabled:
            # The outbox rows are written in this transaction and sent after it commits.
            _tell_agency_admins([user.pk for user in disabled], days)
    return disabled


def _tell_agency_admins(user_ids: list[int], days: int) -> None:
    """One email per agency admin listing the members of their agencies just disabled,
    queued in the outbox."""
    from django.apps import apps

    Membership = apps.get_model("agencies", "Membership")
    disabled = Membership.objects.filter(user_id__in=user_ids).select_related(
        "user", "agency"
    )
    by_admin: dict[str, list] = {}
    for membership in disabled:
        admins = Membership.objects.filter(
            agency=membership.agency, role="admin", user__is_active=True
        ).select_related("user")
        for admin in admins:
            by_admin.setdefault(admin.user.email, []).append(membership)
    for email, memberships in by_admin.items():
        context = {
            "memberships": memberships,
            "days": days,
            "site_name": settings.SITE_NAME,
        }
        subject, body = message_render(
            template="accounts_disabled",
            context=context,
            language=settings.LANGUAGE_CODE,
        )
        message_queue(
            kind="accounts_disabled", recipient=email, subject=subject, body=body,
            language=settings.LANGUAGE_CODE, reference=f"accounts.disabled:{days}",
        )  # fmt: skip

import time

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp_webauthn.models import WebAuthnCredential

from puente.accounts import services
from puente.accounts.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from puente.audit.models import AuditEvent
from puente.audit.services import record
from puente.lib import versioned_cache


@receiver(user_logged_in, dispatch_uid="accounts_session_register")
def _register_session(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now
    services.session_register(request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def _record_failure_and_lock(sender, credentials, request=None, **kwargs) -> None:
    # Recorded here, not in audit, so that the lockout count includes this failure.
    attempted = str(credentials.get("username") or credentials.get("email") or "")
    record(
        action=AuditEvent.Action.LOGIN_FAILED,
        actor_label=attempted,
        outcome=AuditEvent.Outcome.FAILURE,
    )
    services.user_lock_if_over_limit(email=attempted)


@receiver(post_save, sender=WebAuthnCredential, dispatch_uid="accounts_passkey_added")
def _record_passkey(sender, instance, created, **kwargs) -> None:
    # django-otp-webauthn's own view registers passkeys; this is its only hook.
    if created:
        record(
            action=AuditEvent.Action.MFA_ENROL,
            actor=instance.user,
            obj=instance,
            changes={"kind": "passkey"},
        )


# The account and its second factors are read on every signed-in request from the
# shared cache (`lib.versioned_cache`); any change to them makes those entries stale.
def _user_changed(sender, instance, **kwargs) -> None:
    versioned_cache.bump(f"user:{instance.pk}")


def _device_changed(sender, instance, **kwargs) -> None:
    versioned_cache.bump(f"otp-device:{instance.persistent_id}")


def connect_cache_signals() -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django_otp.models import Device

    user_model = get_user_model()
    for signal in (post_save, post_delete):
        signal.connect(_user_changed, sender=user_model, dispatch_uid="vc_user")
        for model in apps.get_models():
            if issubclass(model, Device):
                signal.connect(
                    _device_changed,
                    sender=model,
                    dispatch_uid=f"vc_device:{model._meta.label}",
                )

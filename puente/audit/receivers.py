from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from puente.audit.models import AuditEvent
from puente.audit.services import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def _record_login(sender, request, user, **kwargs) -> None:
    record(action=AuditEvent.Action.LOGIN, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _record_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(action=AuditEvent.Action.LOGOUT, actor=user)

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def delete(self):  # type: ignore[override]
        raise AppendOnlyError("The audit log is append-only.")

    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("The audit log is append-only.")

    def for_agency(self, agency) -> "AuditEventQuerySet":
        """Events about one agency's data, newest first."""
        return self.filter(agency=agency).order_by("-created_at", "-id")


class AuditEvent(models.Model):
    """One thing that happened: who did what to which object, with what outcome.

    Rows are never changed or deleted: the model refuses it and the database
    refuses UPDATE with a trigger (see migration 0002). References to users
    and agencies carry no database constraint, so the record outlives them.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        IMPORT = "import", _("Imported")
        LOCKOUT = "lockout", _("Account locked")
        UNLOCK = "unlock", _("Account unlocked")
        MFA_ENROL = "mfa_enrol", _("Second factor added")
        MFA_REMOVE = "mfa_remove", _("Second factor removed")
        MFA_VERIFY = "mfa_verify", _("Second factor passed")
        PASSWORD_CHANGE = "password_change", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset requested")
        SESSION_END = "session_end", _("Session ended")
        ACCESS_DENIED = "access_denied", _("Access denied")
        EXPORT = "export", _("Exported or downloaded")
        PUBLISH = "publish", _("Published")
        ROLE_CHANGE = "role_change", _("Role changed")
        DISABLE = "disable", _("Account disabled")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")

    created_at = models.DateTimeField(_("time (UTC)"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # From where: the network address with its last part blanked, and the path asked for.
    source = models.CharField(_("from"), max_length=64, blank=True)
    path = models.CharField(_("address"), max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

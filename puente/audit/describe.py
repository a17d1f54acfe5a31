"""Audit events in words people read: labels instead of field names and ids.

`describe(event)` gives one sentence ("Ana Ruiz published the portal text “Local policing
and federal immigration enforcement (es)”"); `kind_label`, `field_label` and
`change_rows` serve tables. The audit page and, later, the agency dashboard use these.
Models are found by their label (`"portal.portaltext"`), so audit imports no app.
"""

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _, gettext_lazy

from puente.audit.models import AuditEvent

_OTHER_KINDS = {
    "file": gettext_lazy("file"),
    "page": gettext_lazy("page"),
    "": gettext_lazy("record"),
}

_SENTENCES = {
    AuditEvent.Action.LOGIN: gettext_lazy("%(who)s signed in"),
    AuditEvent.Action.LOGIN_FAILED: gettext_lazy("A sign-in as %(who)s failed"),
    AuditEvent.Action.LOGOUT: gettext_lazy("%(who)s signed out"),
    AuditEvent.Action.CREATE: gettext_lazy("%(who)s added the %(kind)s “%(object)s”"),
    AuditEvent.Action.UPDATE: gettext_lazy("%(who)s changed the %(kind)s “%(object)s”"),
    AuditEvent.Action.DELETE: gettext_lazy("%(who)s deleted the %(kind)s “%(object)s”"),
    AuditEvent.Action.IMPORT: gettext_lazy("%(who)s imported %(kind)s “%(object)s”"),
    AuditEvent.Action.LOCKOUT: gettext_lazy(
        "The account %(object)s was locked after failed sign-ins"
    ),
    AuditEvent.Action.UNLOCK: gettext_lazy("%(who)s unlocked the account %(object)s"),
    AuditEvent.Action.MFA_ENROL: gettext_lazy("%(who)s added a second factor"),
    AuditEvent.Action.MFA_REMOVE: gettext_lazy("%(who)s removed a second factor"),
    AuditEvent.Action.MFA_VERIFY: gettext_lazy("%(who)s passed the second factor"),
    AuditEvent.Action.PASSWORD_CHANGE: gettext_lazy("%(who)s changed their password"),
    AuditEvent.Action.PASSWORD_RESET: gettext_lazy(
        "A password reset was requested for %(who)s"
    ),
    AuditEvent.Action.SESSION_END: gettext_lazy("%(who)s ended a session"),
    AuditEvent.Action.ACCESS_DENIED: gettext_lazy("%(who)s was refused %(object)s"),
    AuditEvent.Action.EXPORT: gettext_lazy("%(who)s downloaded “%(object)s”"),
    AuditEvent.Action.PUBLISH: gettext_lazy(
        "%(who)s published the %(kind)s “%(object)s”"
    ),
    AuditEvent.Action.ROLE_CHANGE: gettext_lazy(
        "%(who)s changed the role of “%(object)s”"
    ),
    AuditEvent.Action.DISABLE: gettext_lazy(
        "The account %(object)s was disabled after a long time unused"
    ),
}


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def kind_label(object_type: str) -> str:
    """The kind of record in words ("portal text", "member"), whatever its app."""
    model = _model(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    return str(_OTHER_KINDS.get(object_type, object_type.rpartition(".")[2]))


def field_label(object_type: str, field: str) -> str:
    """A changed field's label as its form shows it, or the name made readable."""
    model = _model(object_type)
    if model is not None:
        try:
            return str(model._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:
            pass
    return field.replace("_", " ")


def who(event: AuditEvent) -> str:
    """The person: their name if the account still exists, else the email recorded."""
    actor = event.actor if event.actor_id else None
    if actor is not None and getattr(actor, "full_name", ""):
        return actor.full_name
    return event.actor_label or _("Puente")


def describe(event: AuditEvent) -> str:
    """One sentence saying what happened, in the active language."""
    sentence = _SENTENCES.get(event.action)
    values = {
        "who": who(event),
        "kind": kind_label(event.object_type),
        "object": event.object_repr or event.path or "—",
    }
    if sentence is None:
        return f"{values['who']}: {event.action} {values['object']}"
    return str(sentence) % values


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    return str(value)


def change_rows(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each change; details that are not a
    before/after pair (a status code, a kind of factor) come with an empty "before"."""
    rows = []
    for field, change in (event.changes or {}).items():
        label = field_label(event.object_type, field)
        if isinstance(change, list) and len(change) == 2:
            rows.append((label, _plain(change[0]), _plain(change[1])))
        else:
            rows.append((label, "", _plain(change)))
    return rows

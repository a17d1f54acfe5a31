from typing import Any

from django.db import models

from puente.audit.models import AuditEvent


def record(
    *,
    action: str,
    actor=None,
    actor_label: str = "",
    agency=None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
) -> AuditEvent:
    """Append one event to the audit log. The only way anything writes it."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        action=action,
        outcome=outcome,
        actor=actor,
        actor_label=(actor_label or (actor.email if actor else ""))[:254],
        agency=agency,
        changes=changes or {},
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:255]
    event.save()
    return event


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value differs, as {field: [old, new]} in JSON-safe form."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)

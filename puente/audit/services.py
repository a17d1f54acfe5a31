import contextvars
from typing import Any

from django.db import models

from puente.audit.models import AuditEvent

# (coarse network, path) of the request being served; set by audit.middleware so that
# every row written during a request says where it came from.
current_source: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "audit_source", default=("", "")
)


def record(
    *,
    action: str,
    actor=None,
    actor_label: str = "",
    agency=None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event to the audit log. The only way anything writes it.

    `obj` names the object; for something that is not a model row (an export, a
    page), pass `object_type`/`object_id`/`object_repr`. Where from (coarse network
    and path) comes from the request being served, if any.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        action=action,
        outcome=outcome,
        actor=actor,
        actor_label=(actor_label or (actor.email if actor else ""))[:254],
        agency=agency,
        changes=changes or {},
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_repr=str(object_repr)[:255],
    )
    event.source, event.path = current_source.get()
    event.path = event.path[:255]
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


MINIMUM_RETENTION_DAYS = 365


def audit_purge(*, days: int, dry_run: bool = False, now=None) -> int:
    """Delete audit rows older than `days` days, never fewer than 365 (CJIS 5.4.7 asks
    for a year); returns how many rows went (or would go). The database enforces the
    same floor with a trigger, and only its owner may delete at all."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    cutoff = (now or timezone.now()) - timedelta(days=max(days, MINIMUM_RETENTION_DAYS))
    old = AuditEvent.objects.filter(created_at__lt=cutoff)
    count = old.count()
    if dry_run or not count:
        return count
    # The model's delete() refuses on purpose; this is the one sanctioned path.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {AuditEvent._meta.db_table} WHERE created_at < %s",  # noqa: S608
            [cutoff],
        )
        return cursor.rowcount

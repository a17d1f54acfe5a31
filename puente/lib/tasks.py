"""Queueing background work only once the data it refers to is committed."""

from functools import partial

from django.db import transaction


def enqueue(task, *args, using: str | None = None, **kwargs) -> None:
    """Send `task` (a Celery task) with plain arguments once the current transaction
    commits; at once when no transaction is open. Rolled back: never sent.

    With no broker configured, the task runs in this process at that moment
    (CELERY_TASK_ALWAYS_EAGER); its errors are logged, not raised into the caller."""
    import puente.celery  # noqa: F401 - configures the app the tasks are sent through

    transaction.on_commit(partial(task.delay, *args, **kwargs), using=using)

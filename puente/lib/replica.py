"""An optional read replica (DATABASE_REPLICA_URL) for reads that may lag the primary by
a few seconds: national figures, published reports and exports.

Code that may read from the replica says so with `with replica_reads(): ...`; the router
sends reads inside that block to the `replica` alias when one is configured, and
everything else (every write, every read outside such a block) to `default`."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_replica: ContextVar[bool] = ContextVar("puente_replica", default=False)


def replica_alias() -> str:
    """The alias reads inside `replica_reads` use: 'replica' if configured, else 'default'."""
    return REPLICA if REPLICA in settings.DATABASES else "default"


@contextmanager
def replica_reads() -> Iterator[str]:
    token = _reading_replica.set(True)
    try:
        yield replica_alias()
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    """Reads in `replica_reads()` go to the replica; writes always to the primary. Both
    aliases hold the same data, so relations between their objects are allowed, and
    migrations run only on the primary (the replica follows it)."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def reads_from_replica(view):
    """A view decorator: the view's reads go to the replica (see `replica_reads`)."""
    from functools import wraps

    @wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped

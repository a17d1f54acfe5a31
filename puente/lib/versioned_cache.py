"""Rows read on every signed-in request (the account, its verified second factor, its
membership of the agency in the address), kept in the shared cache under a version
per scope (issue 15: a dashboard under load spent half its time building those three
queries).

Every entry is stored with the version of its scope read *before* the row was loaded,
and a read is a hit only while the scope's version is still that one. A change bumps
the version at once and again when its transaction commits, so no process can be
served an entry older than the change:
- a reader that loaded the old row before the commit stored it under a version that
  the commit's bump leaves behind;
- a test (or any code) inside a transaction that never commits sees its own change,
  since the first bump is immediate.
Entries also expire after TIMEOUT seconds, the bound should a write bypass the
signals that bump (a raw SQL update)."""

import contextvars
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 300
_MISSING = object()
# What `prefetch` read for the request being served: {"keys": set, "found": dict}.
_prefetched: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "versioned_cache_prefetched", default=None
)


def version_key(scope: str) -> str:
    """The cache key of `scope`'s version."""
    return f"vc:version:{scope}"


def bump(scope: str) -> None:
    """Make every entry of `scope` stale now and once the transaction commits."""
    _forget_prefetched()
    _new_version(scope)
    bump_on_commit(scope)


def bump_on_commit(scope: str) -> None:
    """Make every entry of `scope` stale once the transaction commits (at once outside
    one), for entries that may be stale until then (the dashboard's figures)."""
    transaction.on_commit(lambda: _new_version(scope))


def _new_version(scope: str) -> None:
    # A time, not a counter: a version never repeats, even after the cache is emptied.
    cache.set(version_key(scope), time.time_ns(), None)


def cached(
    key: str, scopes: tuple[str, ...], load: Callable[[], Any], timeout: int = TIMEOUT
) -> Any:
    """`load()`'s result, from the cache while none of `scopes` changed since it was
    stored. One cache round trip on a hit; a miss adds `load()` and a write or two.
    `load` may return None (nothing found), which is cached like any other value."""
    version_keys = [version_key(scope) for scope in scopes]
    wanted = [key, *version_keys]
    prefetched = _prefetched.get()
    if prefetched is not None and prefetched["keys"].issuperset(wanted):
        found = {k: prefetched["found"][k] for k in wanted if k in prefetched["found"]}
    else:
        found = cache.get_many(wanted)
    versions = []
    for scope_key in version_keys:
        version = found.get(scope_key)
        if version is None:
            # No version yet (a new scope, or the cache was emptied): start one, so
            # that what is stored now can be told from what a later change stores.
            cache.add(scope_key, time.time_ns(), None)
            version = cache.get(scope_key)
        versions.append(version)
    entry = found.get(key, _MISSING)
    if entry is not _MISSING and entry[0] == versions:
        return entry[1]
    value = load()
    cache.set(key, (versions, value), timeout)
    return value


def prefetch(entries: Iterable[tuple[str, tuple[str, ...]]]) -> contextvars.Token:
    """Read the given (key, scopes) entries and their versions in one cache round trip,
    for the `cached` calls of the request being served (a signed-in request reads its
    account, second factor and membership: three round trips become one). Any `bump`
    forgets them, so a request never reads past its own change. Returns the token for
    `end_prefetch`."""
    keys = set()
    for key, scopes in entries:
        keys.add(key)
        keys.update(version_key(scope) for scope in scopes)
    found = cache.get_many(list(keys)) if keys else {}
    return _prefetched.set({"keys": keys, "found": found})


def end_prefetch(token: contextvars.Token) -> None:
    _prefetched.reset(token)


def _forget_prefetched() -> None:
    prefetched = _prefetched.get()
    if prefetched is not None:
        prefetched["keys"] = set()
        prefetched["found"] = {}

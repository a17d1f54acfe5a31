"""A version number per agency for figures computed from its records and kept in the
shared cache (the agency dashboard's, issue 15). A cached entry's key carries the
version it was computed at; bumping the version makes every such entry stale at once,
in every process, without finding and deleting keys.

`puente.insights.receivers` bumps it on every save and delete of the records the
figures read; writes that send no signal (bulk inserts, COPY, `QuerySet.update`) call
`figures_changed` themselves. The entries also expire after
PUENTE_FIGURES_CACHE_SECONDS, the bound on staleness should a write path be missed."""

from django.core.cache import cache

from puente.lib.versioned_cache import bump_on_commit, version_key

ALL = "all"


def _key(agency_id: int | str) -> str:
    return version_key(_scope(agency_id))


def _scope(agency_id: int | str) -> str:
    return f"figures:{agency_id}"


def figures_version(agency_id: int) -> str:
    """The agency's version and the version of everything, as one string for a key."""
    versions = cache.get_many([_key(agency_id), _key(ALL)])
    return f"{versions.get(_key(agency_id), 0)}.{versions.get(_key(ALL), 0)}"


def figures_changed(*, agency_id: int | None) -> None:
    """Make the agency's cached figures stale once the transaction commits (at once
    outside one); None makes every agency's stale, for a change that cannot say whose
    figures it touched."""
    bump_on_commit(_scope(ALL if agency_id is None else agency_id))


def _activity_scope(agency_id: int) -> str:
    return f"activity:{agency_id}"


def page_scopes(agency_id: int) -> tuple[str, ...]:
    """The `lib.versioned_cache` scopes of a page that shows the agency's figures and
    its recent activity: the agency's figures, everyone's, and its audit trail."""
    return (_scope(agency_id), _scope(ALL), _activity_scope(agency_id))


def activity_changed(*, agency_id: int) -> None:
    """Make pages that show the agency's recent activity stale once the transaction
    commits (at once outside one)."""
    bump_on_commit(_activity_scope(agency_id))

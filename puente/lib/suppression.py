"""Small-cell suppression: the one rule for what an aggregate may show."""

from django.conf import settings


def small_cell_threshold() -> int:
    return settings.PUENTE_SMALL_CELL


def is_publishable(count: int) -> bool:
    """Whether an aggregate over `count` agencies or people may be shown."""
    return count >= settings.PUENTE_SMALL_CELL

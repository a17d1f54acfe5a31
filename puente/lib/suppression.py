"""Small-cell suppression: the one rule for what an aggregate may show."""

from collections.abc import Hashable, Mapping
from typing import TypeVar

from django.conf import settings

K = TypeVar("K", bound=Hashable)


def small_cell_threshold() -> int:
    return settings.PUENTE_SMALL_CELL


def is_publishable(count: int) -> bool:
    """Whether an aggregate over `count` agencies or people may be shown."""
    return count >= settings.PUENTE_SMALL_CELL


def suppressed_cells(counts: Mapping[K, int]) -> set[K]:
    """The cells to hide in a row of counts that is shown with its total.

    Every cell of 1 to threshold - 1 is hidden; then, while fewer than two cells are
    hidden or the hidden ones add up to less than the threshold, the smallest shown
    cell is hidden too (complementary suppression), so that no hidden cell, nor a small
    sum of hidden cells, can be worked out by subtracting the shown cells from the
    total. Empty cells single nobody out and stay shown. The caller hides the total
    itself when it is not publishable.
    """
    threshold = settings.PUENTE_SMALL_CELL
    hidden = {key for key, count in counts.items() if 0 < count < threshold}
    if not hidden:
        return hidden
    shown = sorted(
        (key for key, count in counts.items() if key not in hidden and count > 0),
        key=lambda key: counts[key],
    )
    while shown and (len(hidden) < 2 or sum(counts[k] for k in hidden) < threshold):
        hidden.add(shown.pop(0))
    return hidden

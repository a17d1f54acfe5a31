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


def suppressed_cells(counts: Mapping[K, int], threshold: int | None = None) -> set[K]:
    """The cells to hide in a row of counts that is shown with its total.

    Every cell of 1 to threshold - 1 is hidden; then, while fewer than two cells are
    hidden or the hidden ones add up to less than the threshold, the smallest shown
    cell is hidden too (complementary suppression), so that no hidden cell, nor a small
    sum of hidden cells, can be worked out by subtracting the shown cells from the
    total. Empty cells single nobody out and stay shown. The caller hides the total
    itself when it is not publishable.
    """
    threshold = threshold or settings.PUENTE_SMALL_CELL
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


def share_is_publishable(part: int, whole: int, threshold: int | None = None) -> bool:
    """Whether the share `part / whole` may be shown: neither the part nor its
    complement (`whole - part`) is a small cell (1 to threshold - 1). A share of 91% of
    71 answers would otherwise tell that 6 people answered the other way."""
    threshold = threshold or settings.PUENTE_SMALL_CELL
    return all(count == 0 or count >= threshold for count in (part, whole - part))


def suppressed_shares(
    cells: Mapping[K, tuple[int, int]],
    total: tuple[int, int],
    threshold: int | None = None,
) -> tuple[set[K], bool]:
    """(the cells whose share to hide, whether to hide the total's share) for a row of
    shares shown with their group sizes and an overall share.

    `cells` maps each group to (part, whole), `total` is (part, whole) over all groups.
    A share whose part or complement is small is hidden, and so is enough of the rest
    (complementary suppression on the parts and on the complements, as
    `suppressed_cells` does for counts) that neither can be worked out from the total.
    Source of the rule: issue 14; the threshold is PUENTE_SMALL_CELL.
    """
    parts = {key: part for key, (part, _whole) in cells.items()}
    complements = {key: whole - part for key, (part, whole) in cells.items()}
    hidden = suppressed_cells(parts, threshold) | suppressed_cells(
        complements, threshold
    )
    return hidden, not share_is_publishable(*total, threshold)

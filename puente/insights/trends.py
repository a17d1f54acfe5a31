"""National trends in plain Python over plain data (no database; the perception gap's
tests come from `lib.stats`, kept in the shared cache): score distributions,
shares of agencies with a key answer broken down with small-cell merging, the police
versus community-partner perception gap.

Small cells. A breakdown's cells partition the same agencies, so a cell left out could
be recovered as the total minus the cells shown. `merge_small` therefore never hides a
single cell: the cells under the threshold are merged, with the next smallest cells if
needed, into one cell that holds at least two of them and at least `threshold` agencies
(or everything, if the whole breakdown is smaller). The merged cell is what the
subtraction would reveal, so it is shown as such and nothing smaller can be recovered.
Nested breakdowns (states within regions) merge within their parent, so that a
region's total minus its states shown cannot reveal a state either.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean, median, quantiles
from typing import Any

from puente.lib.stats import wilcoxon_p_values
from puente.lib.suppression import suppressed_shares

MERGED = "merged"


@dataclass(frozen=True)
class Summary:
    """A distribution over agencies. The figures are None when suppressed."""

    n: int
    suppressed: bool
    mean: float | None = None
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    minimum: float | None = None
    maximum: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "suppressed": self.suppressed,
            "mean": self.mean,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "min": self.minimum,
            "max": self.maximum,
        }


def summarize(values: Iterable[float], threshold: int) -> Summary:
    """Mean, median and quartiles (linear interpolation between order statistics, as
    spreadsheets' QUARTILE.INC), rounded to one decimal, when there are enough values."""
    data = sorted(float(v) for v in values)
    n = len(data)
    if n < threshold or n == 0:
        return Summary(n=n, suppressed=True)
    if n == 1:
        q1 = q3 = data[0]
    else:
        q1, _q2, q3 = quantiles(data, n=4, method="inclusive")
    return Summary(
        n=n,
        suppressed=False,
        mean=round(fmean(data), 1),
        median=round(median(data), 1),
        q1=round(q1, 1),
        q3=round(q3, 1),
        minimum=round(data[0], 1),
        maximum=round(data[-1], 1),
    )


@dataclass(frozen=True)
class Tally:
    """Agencies that answered (`n`) and, of them, those with the key answer (`yes`)."""

    n: int
    yes: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.n + other.n, self.yes + other.yes)


@dataclass
class Cell:
    key: str
    n: int | None
    yes: int | None
    suppressed: bool
    members: tuple[str, ...] = ()
    merged_into: str | None = None
    parent: str | None = None

    @property
    def is_merged(self) -> bool:
        return bool(self.members)

    @property
    def share(self) -> float | None:
        if self.suppressed or not self.n:
            return None
        return round(self.yes / self.n, 3)

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else round(100 * share, 1)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "n": self.n,
            "yes": self.yes,
            "share": self.share,
            "suppressed": self.suppressed,
        }
        if self.members:
            data["merged"] = list(self.members)
        if self.merged_into:
            data["merged_into"] = self.merged_into
        return data


def _merged_key(parent: str | None) -> str:
    return f"{MERGED}:{parent}" if parent else MERGED


def merge_small(
    tallies: Mapping[str, Tally], threshold: int, *, parent: str | None = None
) -> list[Cell]:
    """The breakdown's cells: those with `threshold` agencies or more as they are, the
    rest merged (see the module's docstring). Suppressed cells carry no figures and say
    which cell they were merged into; a merged cell still under the threshold (the
    whole breakdown is too small) is suppressed too."""
    small = {k for k, t in tallies.items() if t.n < threshold}
    cells: list[Cell] = []
    if small:
        rest = sorted(
            (k for k in tallies if k not in small), key=lambda k: (tallies[k].n, k)
        )
        while rest and (len(small) < 2 or sum(tallies[k].n for k in small) < threshold):
            small.add(rest.pop(0))
    key = _merged_key(parent)
    for name in sorted(tallies):
        tally = tallies[name]
        if name in small:
            cells.append(Cell(name, None, None, True, merged_into=key, parent=parent))
        else:
            cells.append(Cell(name, tally.n, tally.yes, False, parent=parent))
    if small:
        total = sum((tallies[k] for k in small), Tally(0))
        hidden = total.n < threshold
        cells.append(
            Cell(
                key,
                None if hidden else total.n,
                None if hidden else total.yes,
                hidden,
                members=tuple(sorted(small)),
                parent=parent,
            )
        )
    return cells


def merge_small_nested(
    tallies: Mapping[str, Tally],
    parent_of: Callable[[str], str],
    parents: Sequence[Cell],
    threshold: int,
) -> list[Cell]:
    """Cells nested in a parent breakdown already merged with `merge_small`: children of a
    parent that was merged are merged together (into the same agencies as the parents'
    merged cell), and the children of each parent shown are merged within it."""
    hidden_parents = {c.key for c in parents if c.merged_into or c.suppressed}
    hidden_parents.discard(MERGED)
    by_parent: dict[str, dict[str, Tally]] = {}
    pooled: dict[str, Tally] = {}
    for key, tally in tallies.items():
        parent = parent_of(key)
        if parent in hidden_parents:
            pooled[key] = tally
        else:
            by_parent.setdefault(parent, {})[key] = tally
    cells: list[Cell] = []
    for parent in sorted(by_parent):
        cells += merge_small(by_parent[parent], threshold, parent=parent)
    if pooled:
        total = sum(pooled.values(), Tally(0))
        hidden = total.n < threshold
        key = _merged_key(None)
        cells += [
            Cell(k, None, None, True, merged_into=key, parent=parent_of(k))
            for k in sorted(pooled)
        ]
        cells.append(
            Cell(
                key,
                None if hidden else total.n,
                None if hidden else total.yes,
                hidden,
                members=tuple(sorted(pooled)),
            )
        )
    return cells


def tally(rows: Iterable[tuple[str, bool]]) -> dict[str, Tally]:
    """Per key, the agencies and those with the answer, from (key, has_answer) pairs."""
    counts: dict[str, list[int]] = {}
    for key, yes in rows:
        cell = counts.setdefault(key, [0, 0])
        cell[0] += 1
        cell[1] += int(bool(yes))
    return {k: Tally(n, y) for k, (n, y) in counts.items()}


@dataclass(frozen=True)
class KeyAnswer:
    """A yes-or-no fact about an agency read from one instrument item, e.g. "has a
    written policy". `values` are the answers that count as yes; `any_but` counts any
    choice of a multiple-choice item other than the ones listed."""

    key: str
    item: str
    values: frozenset[str] = frozenset()
    any_but: frozenset[str] | None = None
    unknown: frozenset[str] = frozenset({"dont_know"})

    def answered(self, value: Any) -> bool:
        if value is None or value == "" or value == []:
            return False
        if isinstance(value, list):
            return True
        return str(value) not in self.unknown

    def holds(self, value: Any) -> bool:
        if isinstance(value, list):
            chosen = {str(v) for v in value}
            if self.any_but is not None:
                return bool(chosen - self.any_but)
            return bool(chosen & self.values)
        if self.any_but is not None:
            return str(value) not in self.any_but
        return str(value) in self.values


# The key answers of the national instrument (puente/assessments/data). All are asked of
# command staff, so an agency's answer is its command-staff response's.
KEY_ANSWERS = [
    KeyAnswer("written_policy", "mon_written_policy", frozenset({"yes"})),
    KeyAnswer(
        "separation_policy",
        "pol_separation_policy",
        frozenset({"written_internal", "written_public"}),
    ),
    KeyAnswer("liaison", "out_liaison", frozenset({"yes"})),
    KeyAnswer(
        "translated_materials", "pol_translated_materials", any_but=frozenset({"none"})
    ),
    KeyAnswer(
        "language_training",
        "trn_academy_language",
        frozenset({"in_service_only", "elective", "required"}),
    ),
    KeyAnswer(
        "advisory_board",
        "prt_advisory_board",
        frozenset({"general_board", "dedicated_board"}),
    ),
]


@dataclass(frozen=True)
class Gap:
    principle: str
    n: int
    suppressed: bool
    police: float | None = None
    partner: float | None = None
    # Wilcoxon signed-rank test (SciPy) over the agencies' police-minus-partner
    # differences: each agency is its own pair, and nothing is assumed about the shape.
    p_value: float | None = None

    @property
    def gap(self) -> float | None:
        if self.police is None or self.partner is None:
            return None
        return round(self.police - self.partner, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "principle": self.principle,
            "n": self.n,
            "suppressed": self.suppressed,
            "police_mean": self.police,
            "partner_mean": self.partner,
            "gap": self.gap,
            "p_value": self.p_value,
        }


def perception_gap(
    pairs: Iterable[tuple[Mapping[str, float | None], Mapping[str, float | None]]],
    principles: Sequence[str],
    threshold: int,
) -> list[Gap]:
    """Per principle, over agencies scored by both their police and their community
    partners: the mean police score, the mean partner score and the difference."""
    collected: dict[str, list[tuple[float, float]]] = {p: [] for p in principles}
    for police, partner in pairs:
        for key in principles:
            a, b = police.get(key), partner.get(key)
            if a is not None and b is not None:
                collected[key].append((a, b))
    shown = [k for k in principles if len(collected[k]) >= threshold and collected[k]]
    differences = {k: [a - b for a, b in collected[k]] for k in shown}
    tested = [k for k in shown if any(differences[k])]
    # All the principles' tests in one batch: one SciPy child process at most.
    p_values = dict(
        zip(tested, wilcoxon_p_values([differences[k] for k in tested]), strict=True)
    )
    result = []
    for key in principles:
        values = collected[key]
        if key not in differences:
            result.append(Gap(key, len(values), True))
            continue
        result.append(
            Gap(
                key,
                len(values),
                False,
                round(fmean(a for a, _b in values), 1),
                round(fmean(b for _a, b in values), 1),
                p_values.get(key),
            )
        )
    return result


@dataclass
class Breakdown:
    dimension: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def any_suppressed(self) -> bool:
        return any(c.suppressed for c in self.cells)

    @property
    def all_suppressed(self) -> bool:
        return bool(self.cells) and all(c.suppressed for c in self.cells)


def hide_small_shares(cells: list[Cell], threshold: int) -> list[Cell]:
    """The cells of a merged breakdown with every share hidden whose "yes" or "no"
    agencies are fewer than `threshold`, and enough others beside it (among the cells
    with the same parent) that none can be worked out by subtraction
    (`lib.suppression.suppressed_shares`, issue 14). A hidden cell keeps its place and
    shows no figures, like a suppressed one."""
    by_parent: dict[str | None, dict[int, tuple[int, int]]] = {}
    for index, cell in enumerate(cells):
        if cell.suppressed or not cell.n or cell.yes is None:
            continue
        by_parent.setdefault(cell.parent, {})[index] = (cell.yes, cell.n)
    for shown in by_parent.values():
        total = (sum(y for y, _n in shown.values()), sum(n for _y, n in shown.values()))
        hidden, _total_hidden = suppressed_shares(shown, total, threshold)
        for index in hidden:
            cells[index].n, cells[index].yes, cells[index].suppressed = None, None, True
    return cells

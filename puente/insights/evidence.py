"""What adopting a practice changes: a staggered-adoption difference-in-differences.

Plain data in, plain data out; no database. The estimator is Callaway and Sant'Anna's
(2021, "Difference-in-Differences with multiple time periods", J. Econometrics 225),
from the `differences` package (`ATTgt`): each cohort of agencies that adopted in the
same quarter is compared, quarter by quarter, with the agencies that had not yet
adopted by then (never-adopters included), and the cohort-quarter effects are then
averaged. A plain two-way fixed-effects regression is never used for the answer: with
adoption at different times and effects that differ or grow, it compares late adopters
with early adopters whose outcome is still moving, and is biased (Goodman-Bacon 2021).
`twfe_estimate` exists only so that the docs and the benchmark can show that bias.

A panel is one row per agency and quarter: `agency`, `quarter` ("2026Q3"), `adopted`
(the quarter of adoption, empty if never), one column per outcome, and optionally `n`
(the responses behind each figure). Errors are `PanelError` with a message for the user.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

METHOD = "callaway-santanna"
METHOD_LABEL = (
    "Callaway and Sant'Anna (2021), not-yet-treated comparison, "
    "analytic standard errors clustered by agency (differences 0.3.0)"
)
CONFIDENCE = 0.95
MIN_AGENCIES = 3
MIN_QUARTERS = 3
MAX_ROWS = 200_000
MAX_BYTES = 20 * 1024 * 1024
RESERVED = ("agency", "quarter", "adopted", "n")
_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


class PanelError(ValueError):
    """A panel that cannot be estimated; the message says why, in the user's language."""


def quarter_index(text: str) -> int:
    """ "2026Q3" -> a running quarter number (year * 4 + quarter - 1); PanelError if bad."""
    match = _QUARTER.match(text or "")
    if not match:
        raise PanelError(
            _("“%(value)s” is not a quarter; write it like 2026Q3.") % {"value": text}
        )
    return int(match[1]) * 4 + int(match[2]) - 1


def quarter_label(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"


@dataclass(frozen=True)
class Panel:
    """Columns of equal length: agency ids, quarter numbers (`quarter_index`), the
    adoption quarter number per row (None if never), outcomes by name, optional weights."""

    agency: list[str]
    quarter: list[int]
    adopted: list[int | None]
    outcomes: dict[str, list[float | None]]
    n: list[float] | None = None

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]]) -> Panel:
        """Rows as dicts with `agency`, `quarter` (number or "2026Q3"), `adopted`
        (number, "2026Q3", None or ""), outcome values and optionally `n`."""
        agency, quarter, adopted, n = [], [], [], []
        outcomes: dict[str, list[float | None]] = {}
        has_n = False
        for number, row in enumerate(rows, start=1):
            agency.append(str(row["agency"]))
            quarter.append(_as_quarter(row["quarter"]))
            value = row.get("adopted")
            adopted.append(None if value in (None, "") else _as_quarter(value))
            for key, value in row.items():
                if key in RESERVED:
                    continue
                outcomes.setdefault(key, [None] * (number - 1))
                outcomes[key].append(_as_number(value, key, number))
            for values in outcomes.values():
                if len(values) < number:
                    values.append(None)
            if "n" in row and row["n"] not in (None, ""):
                has_n = True
                n.append(_as_number(row["n"], "n", number))
            else:
                n.append(None)
        weights = None
        if has_n:
            if any(value is None or value <= 0 for value in n):
                raise PanelError(_("Every row needs a positive n, or no row has one."))
            weights = n
        return cls(agency, quarter, adopted, outcomes, weights)


def _as_quarter(value: object) -> int:
    if isinstance(value, int):
        return value
    return quarter_index(str(value))


def _as_number(value: object, column: str, row: int) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise PanelError(
            _("Row %(row)s: “%(value)s” in column %(column)s is not a number.")
            % {"row": row, "value": value, "column": column}
        )
    return number


def read_panel_csv(data: bytes | str) -> Panel:
    """Parse a CSV panel (UTF-8, header row). Bounded: MAX_BYTES and MAX_ROWS."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise PanelError(_("The panel is larger than 20 MB."))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PanelError(_("The panel is not UTF-8 text.")) from None
    elif len(data) > MAX_BYTES:
        raise PanelError(_("The panel is larger than 20 MB."))
    reader = csv.DictReader(io.StringIO(data))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in ("agency", "quarter", "adopted") if name not in header]
    if missing:
        raise PanelError(
            _("The panel has no column %(columns)s.") % {"columns": ", ".join(missing)}
        )
    reader.fieldnames = header
    rows = []
    for number, row in enumerate(reader, start=1):
        if number > MAX_ROWS:
            raise PanelError(
                _("The panel has more than %(max)s rows.") % {"max": MAX_ROWS}
            )
        if None in row:
            raise PanelError(
                _("Row %(row)s has more cells than the header.") % {"row": number}
            )
        try:
            quarter_index(row["quarter"] or "")
            if row["adopted"]:
                quarter_index(row["adopted"])
        except PanelError as error:
            raise PanelError(
                _("Row %(row)s: %(error)s") % {"row": number, "error": error}
            ) from None
        rows.append(row)
    if not rows:
        raise PanelError(_("The panel has no rows."))
    return Panel.from_rows(rows)


@dataclass(frozen=True)
class EventPoint:
    relative_quarter: int
    estimate: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class Estimate:
    """The effect of adoption on one outcome, in the outcome's own units.

    `estimate` is the average effect over all quarters from adoption on (cohort-size
    weights), with its 95% interval; `event_study` is the effect per quarter relative to
    adoption (negative: before, a check of the comparison); `pre_trend_p` is the p-value
    of a Wald test that all the before-adoption points are zero (None when there are
    none)."""

    outcome: str
    method: str
    estimate: float
    ci_low: float
    ci_high: float
    treated_agencies: int
    comparison_agencies: int
    pre_trend_p: float | None
    event_study: list[EventPoint] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _checked(panel: Panel, outcome: str | None) -> tuple[str, list[int]]:
    """The outcome to use and the row indices that carry it, after every check."""
    names = list(panel.outcomes)
    if not names:
        raise PanelError(_("The panel has no outcome column."))
    if outcome is None:
        if len(names) > 1:
            raise PanelError(
                _("The panel has several outcomes (%(names)s): choose one.")
                % {"names": ", ".join(names)}
            )
        outcome = names[0]
    if outcome not in panel.outcomes:
        raise PanelError(
            _("The panel has no outcome “%(name)s” (it has %(names)s).")
            % {"name": outcome, "names": ", ".join(names)}
        )
    adoption: dict[str, int | None] = {}
    seen: set[tuple[str, int]] = set()
    for agency, quarter, adopted in zip(
        panel.agency, panel.quarter, panel.adopted, strict=True
    ):
        if adoption.setdefault(agency, adopted) != adopted:
            raise PanelError(
                _("Agency %(agency)s has more than one adoption quarter.")
                % {"agency": agency}
            )
        if (agency, quarter) in seen:
            raise PanelError(
                _("Agency %(agency)s has two rows for %(quarter)s.")
                % {"agency": agency, "quarter": quarter_label(quarter)}
            )
        seen.add((agency, quarter))
    values = panel.outcomes[outcome]
    quarters = sorted(set(panel.quarter))
    # A balanced panel: an agency with a missing quarter or value is left out.
    rows_of: dict[str, list[int]] = {}
    for index, agency in enumerate(panel.agency):
        rows_of.setdefault(agency, []).append(index)
    keep = [
        index
        for agency, indices in rows_of.items()
        if len(indices) == len(quarters)
        and all(values[index] is not None for index in indices)
        for index in indices
    ]
    agencies = {panel.agency[index] for index in keep}
    if len(agencies) < MIN_AGENCIES or len(quarters) < MIN_QUARTERS:
        raise PanelError(
            _(
                "The panel is too small: it needs at least %(agencies)s agencies with "
                "every quarter filled in and at least %(quarters)s quarters."
            )
            % {"agencies": MIN_AGENCIES, "quarters": MIN_QUARTERS}
        )
    first = quarters[0]
    cohorts = {adoption[agency] for agency in agencies}
    if all(cohort is not None and cohort <= first for cohort in cohorts):
        raise PanelError(
            _(
                "Every agency had adopted by the panel's first quarter: there is no "
                "quarter before adoption to compare."
            )
        )
    adopting = {c for c in cohorts if c is not None and first < c <= quarters[-1]}
    if not adopting:
        raise PanelError(_("No agency adopted within the panel's quarters."))
    if (
        None not in cohorts
        and len(adopting) < 2
        and not any(c > quarters[-1] for c in cohorts if c is not None)
    ):
        raise PanelError(
            _(
                "There are no never- or not-yet-treated agencies to compare with: "
                "every agency adopted in the same quarter."
            )
        )
    if len(set(adopting)) == len(quarters) - 1 and None not in cohorts:
        raise PanelError(
            _(
                "Agencies adopted in every quarter and none never did: the last "
                "adopters have no one left to compare with."
            )
        )
    return outcome, keep


def estimate(
    panel: Panel, outcome: str | None = None, *, min_treated: int
) -> Estimate | None:
    """The effect of adoption on `outcome` (the only outcome when None).

    Returns None, and says nothing, when fewer than `min_treated` agencies adopted
    within the panel (the small-cell rule: pass `lib.suppression.small_cell_threshold()`).
    Raises PanelError for a panel that cannot be estimated. Weights: with `n`, each
    agency counts by its mean n over the quarters."""
    import numpy as np
    import pandas as pd
    from scipy.stats import t as t_dist

    outcome, keep = _checked(panel, outcome)
    frame = pd.DataFrame(
        {
            "agency": [panel.agency[i] for i in keep],
            "quarter": [panel.quarter[i] for i in keep],
            "adopted": [
                np.nan if panel.adopted[i] is None else float(panel.adopted[i])
                for i in keep
            ],
            "y": [panel.outcomes[outcome][i] for i in keep],
        }
    )
    first, last = int(frame["quarter"].min()), int(frame["quarter"].max())
    # Adopters before the panel are always treated: no before to compare, and no use
    # as a comparison either. Adoption after the panel counts as not yet.
    frame = frame[~(frame["adopted"] <= first)]
    frame.loc[frame["adopted"] > last, "adopted"] = np.nan
    per_agency = frame.groupby("agency")["adopted"].first()
    treated = int(per_agency.notna().sum())
    if treated < min_treated:
        return None
    if panel.n is not None:
        weight = pd.Series([panel.n[i] for i in keep], index=keep)
        frame["w"] = weight.loc[frame.index].to_numpy()
        frame["w"] = frame.groupby("agency")["w"].transform("mean")
    frame = frame.set_index(["agency", "quarter"])

    from differences import ATTgt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ATTgt(data=frame, cohort_column="adopted")
        model.fit(
            "y",
            control_group="not_yet_treated",
            weights_column="w" if panel.n is not None else None,
            alpha=1 - CONFIDENCE,
            progress_bar=False,
        )
        simple = model.aggregate("simple", alpha=1 - CONFIDENCE)
        # The per-period influence functions give the event-study points' covariance,
        # which the pre-trend test needs; the package's own standard errors are the
        # square roots of its diagonal (checked in the tests).
        sample = next(iter(model._result_dict))
        events = model._result_dict[sample]["aggregate_inst"].aggregate(
            "event", overall=False
        )
    z = 1.959963984540054
    points = [
        EventPoint(
            relative_quarter=int(e.relative_period),
            estimate=float(e.ATT),
            ci_low=float(e.ATT - z * e.std_error),
            ci_high=float(e.ATT + z * e.std_error),
        )
        for e in events
    ]
    pre = [e for e in events if e.relative_period < 0]
    pre_trend_p = None
    if pre:
        # The test is on the mean of the before-adoption points (one degree of
        # freedom, t reference with agencies - 1 df): a joint Wald test over every
        # lead rejected a true null about one time in five with six agencies per
        # cohort (bench/evidence.py), because each lead's variance rests on a few
        # agencies. A steady drift before adoption moves the mean and is caught.
        influence = np.column_stack([np.asarray(e.influence_func).ravel() for e in pre])
        size = influence.shape[0]
        mean_influence = influence.mean(axis=1)
        mean_pre = float(np.mean([e.ATT for e in pre]))
        se = float(np.sqrt(mean_influence @ mean_influence) / size)
        clusters = int(frame.index.get_level_values(0).nunique())
        if se > 0:
            pre_trend_p = float(2 * t_dist.sf(abs(mean_pre / se), clusters - 1))
    row = simple.iloc[0]
    values = row.to_numpy()
    return Estimate(
        outcome=outcome,
        method=METHOD,
        estimate=float(values[0]),
        ci_low=float(values[2]),
        ci_high=float(values[3]),
        treated_agencies=treated,
        comparison_agencies=int(per_agency.isna().sum()) + _later_adopters(per_agency),
        pre_trend_p=pre_trend_p,
        event_study=points,
    )


def _later_adopters(per_agency) -> int:
    """Adopters that served as not-yet-treated comparisons: all but the first cohort
    (each later cohort stood in for the earlier ones until it adopted)."""
    cohorts = per_agency.dropna()
    if cohorts.empty:
        return 0
    return int((cohorts > cohorts.min()).sum())


def twfe_estimate(panel: Panel, outcome: str) -> tuple[float, float]:
    """The plain two-way fixed-effects coefficient and its agency-clustered standard
    error: y ~ adopted_now + agency + quarter. BIASED under staggered adoption with
    changing effects; used only to show that bias (docs, benchmark), never shown as
    evidence."""
    import numpy as np

    outcome, keep = _checked(panel, outcome)
    agencies = sorted({panel.agency[i] for i in keep})
    quarters = sorted({panel.quarter[i] for i in keep})
    a_index = {a: k for k, a in enumerate(agencies)}
    q_index = {q: k for k, q in enumerate(quarters)}
    y = np.array([panel.outcomes[outcome][i] for i in keep], dtype=float)
    d = np.array(
        [
            panel.adopted[i] is not None and panel.quarter[i] >= panel.adopted[i]
            for i in keep
        ],
        dtype=float,
    )
    x = np.zeros((len(keep), 1 + len(agencies) + len(quarters) - 1))
    x[:, 0] = d
    for row, i in enumerate(keep):
        x[row, 1 + a_index[panel.agency[i]]] = 1
        if q_index[panel.quarter[i]]:
            x[row, len(agencies) + q_index[panel.quarter[i]]] = 1
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ beta
    bread = np.linalg.pinv(x.T @ x)
    meat = np.zeros((x.shape[1], x.shape[1]))
    cluster = np.array([a_index[panel.agency[i]] for i in keep])
    for k in range(len(agencies)):
        score = x[cluster == k].T @ residual[cluster == k]
        meat += np.outer(score, score)
    g = len(agencies)
    covariance = bread @ meat @ bread * g / (g - 1)
    return float(beta[0]), float(math.sqrt(covariance[0, 0]))


def panel_to_csv(panel: Panel) -> str:
    """The panel as the CSV the command reads (quarters as "2026Q3")."""
    out = io.StringIO()
    names = list(panel.outcomes)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["agency", "quarter", "adopted", *names] + (["n"] if panel.n else [])
    )
    for i, agency in enumerate(panel.agency):
        adopted = panel.adopted[i]
        cells: list[object] = [
            agency,
            quarter_label(panel.quarter[i]),
            "" if adopted is None else quarter_label(adopted),
        ]
        for name in names:
            value = panel.outcomes[name][i]
            cells.append("" if value is None else repr(float(value)))
        if panel.n:
            cells.append(repr(float(panel.n[i])))
        writer.writerow(cells)
    return out.getvalue()


def simulate(
    seed: int,
    *,
    agencies: int = 24,
    quarters: int = 8,
    cohorts: Sequence[int | None] = (3, 5, 7, None),
    effect: bool = True,
    noise: float = 1.0,
) -> tuple[Panel, float]:
    """A simulated panel with staggered adoption, effects that differ by cohort and
    grow after adoption, agency levels and a common trend; returns the panel (outcome
    `y`) and the true average effect the estimator targets (cohort-size weighted mean
    of the cohort-quarter effects from adoption on). `effect=False` is the placebo:
    same panel, no effect, truth 0. Vectorised; for tests and the benchmark."""
    import numpy as np

    rng = np.random.default_rng(seed)
    group = [cohorts[k % len(cohorts)] for k in range(agencies)]
    level = rng.normal(0, 2, agencies)
    trend = np.cumsum(rng.normal(0.4, 0.3, quarters))
    times = np.arange(quarters)
    base = 2024 * 4  # 2024Q1
    agency, quarter, adopted, y = [], [], [], []
    true_cells: list[tuple[int, float]] = []
    for k in range(agencies):
        g = group[k]
        if g is None:
            tau = np.zeros(quarters)
        else:
            # Early adopters gain more, and gains build up quarter by quarter.
            tau = np.where(times >= g, 1.0 + 0.6 * (times - g) + 0.3 * (7 - g), 0.0)
        if not effect:
            tau = np.zeros(quarters)
        values = level[k] + trend + tau + rng.normal(0, noise, quarters)
        agency += [f"A{k:03d}"] * quarters
        quarter += list(base + times)
        adopted += [None if g is None else base + g] * quarters
        y += list(values)
        if g is not None:
            true_cells += [(g, float(t)) for t in tau[g:]]
    truth = float(np.mean([t for _, t in true_cells])) if effect else 0.0
    return Panel(agency, quarter, adopted, {"y": list(map(float, y))}), truth

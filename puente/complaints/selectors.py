"""Reads of complaints and certification requests, scoped by agency."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.conf import settings
from django.utils import timezone

from puente.agencies.models import Agency
from puente.complaints import deadlines
from puente.complaints.models import CertificationRequest, Complaint, FollowUp
from puente.lib.quarters import Quarter
from puente.lib.suppression import is_publishable, suppressed_cells


def complaints_for_agency(*, agency: Agency, status: str = ""):
    rows = Complaint.objects.filter(agency=agency).select_related("assigned_to")
    if status:
        rows = rows.filter(status=status)
    return rows


def complaint_for_agency(*, agency: Agency, uuid) -> Complaint | None:
    return (
        Complaint.objects.filter(agency=agency, uuid=uuid)
        .select_related("assigned_to")
        .first()
    )


@dataclass
class Breakdown:
    """Counts of one quarter's cases by kind, language and outcome. `hidden` holds
    the cells a public page must not show (small-cell suppression)."""

    quarter: str
    total: int
    by_kind: dict[str, int]
    by_language: dict[str, int]
    by_outcome: dict[str, int]
    hidden: set[tuple[str, str]] = field(default_factory=set)
    total_hidden: bool = False


def complaint_summary(
    *,
    agency: Agency,
    quarters: int = 4,
    today: date | None = None,
    public: bool = False,
) -> list[Breakdown]:
    """The last `quarters` quarters, newest first. With `public`, each row of counts is
    suppressed through `lib.suppression` (cells and, when small, the total)."""
    today = today or timezone.localdate()
    wanted = [Quarter.of(today)]
    while len(wanted) < quarters:
        wanted.append(wanted[-1].previous())
    start = wanted[-1].start
    rows = Complaint.objects.filter(
        agency=agency, filed_at__date__gte=start
    ).values_list("filed_at", "kind", "language", "outcome", "status")
    grouped: dict[str, list[tuple]] = {str(q): [] for q in wanted}
    for filed_at, kind, language, outcome, status in rows:
        key = str(Quarter.of(timezone.localtime(filed_at).date()))
        if key in grouped:
            grouped[key].append(
                (
                    kind,
                    language,
                    outcome if status == Complaint.Status.CLOSED else "open",
                )
            )
    result = []
    for quarter in wanted:
        items = grouped[str(quarter)]
        row = Breakdown(
            quarter=str(quarter),
            total=len(items),
            by_kind=dict(Counter(i[0] for i in items)),
            by_language=dict(Counter(i[1] for i in items)),
            by_outcome=dict(Counter(i[2] for i in items)),
        )
        if public:
            for name in ("kind", "language", "outcome"):
                counts = getattr(row, f"by_{name}")
                row.hidden |= {(name, key) for key in suppressed_cells(counts)}
            row.total_hidden = row.total > 0 and not is_publishable(row.total)
        result.append(row)
    return result


# Certification requests


def certification_requests(*, agency: Agency, open_only: bool = False):
    rows = CertificationRequest.objects.filter(agency=agency)
    if open_only:
        rows = rows.exclude(status__in=CertificationRequest.DECIDED)
    return rows


def certification_flag(request: CertificationRequest, today: date | None = None) -> str:
    return deadlines.flag(
        due_on=request.due_on,
        decided=request.is_decided,
        today=today or timezone.localdate(),
        near_days=settings.PUENTE_CERTIFICATION_NEAR_DAYS,
    )


def certification_requests_flagged(
    *, agency: Agency, today: date | None = None
) -> list:
    """(request, flag) for every request, the flag being '', 'near' or 'past'."""
    return [
        (r, certification_flag(r, today)) for r in certification_requests(agency=agency)
    ]


@dataclass
class CertificationQuarter:
    quarter: str
    received: int
    decided: int
    median_days: float | None  # receipt to decision, of those decided this quarter
    on_time: float | None  # share of those decided with a due date decided by it
    declined_by_reason: dict[str, int]


def certification_quarters(
    *, agency: Agency, quarters: int = 4, today: date | None = None
) -> list[CertificationQuarter]:
    """Received and decided per quarter (decided counts certifications, declines and
    withdrawals by their decision date), newest first."""
    today = today or timezone.localdate()
    wanted = [Quarter.of(today)]
    while len(wanted) < quarters:
        wanted.append(wanted[-1].previous())
    rows = list(CertificationRequest.objects.filter(agency=agency))
    result = []
    for quarter in wanted:
        received = [r for r in rows if quarter.start <= r.received_on <= quarter.end]
        decided = [
            r for r in rows
            if r.is_decided and r.decided_on and quarter.start <= r.decided_on <= quarter.end
        ]  # fmt: skip
        days = [(r.decided_on - r.received_on).days for r in decided]
        timed = [r for r in decided if r.due_on]
        result.append(
            CertificationQuarter(
                quarter=str(quarter),
                received=len(received),
                decided=len(decided),
                median_days=median(days) if days else None,
                on_time=(
                    sum(r.decided_on <= r.due_on for r in timed) / len(timed)
                    if timed
                    else None
                ),
                declined_by_reason=dict(
                    Counter(
                        r.decline_reason
                        for r in decided
                        if r.status == CertificationRequest.Status.DECLINED
                    )
                ),
            )
        )
    return result


def follow_ups(*, agency: Agency, limit: int = 100):
    return FollowUp.objects.filter(agency=agency)[:limit]

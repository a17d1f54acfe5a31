"""The review rounds that pick the agencies to profile: a shortlist from the survey
scores, reviewers' rubric scores per round, conflicts of interest, agreement
between reviewers, and the recorded decisions."""

import math
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.assessments.models import (
    AgencyScore,
    Campaign,
    CampaignAgency,
    ConflictOfInterest,
    Review,
    ReviewRound,
    default_rubric,
)
from puente.assessments.selection import Candidate, propose_shortlist
from puente.audit.models import AuditEvent
from puente.audit.services import record
from puente.lib.regions import region_of
from puente.lib.sizes import size_band

Stage = CampaignAgency.Stage


def review_round_get_or_create(
    *, campaign: Campaign, kind: str, actor=None
) -> ReviewRound:
    round_, created = ReviewRound.objects.get_or_create(
        campaign=campaign, kind=kind, defaults={"rubric": default_rubric(kind)}
    )
    if created:
        record(action=AuditEvent.Action.CREATE, actor=actor, obj=round_)
    return round_


@transaction.atomic
def campaign_shortlist(*, campaign: Campaign, size: int, actor=None) -> list[int]:
    """Shortlist `size` responding agencies by police composite score, keeping a mix
    of types, sizes and regions; returns the agency ids shortlisted."""
    if size < 1:
        raise ValidationError(_("A shortlist needs at least one agency."))
    scores = {
        s.agency_id: s
        for s in AgencyScore.objects.filter(
            campaign=campaign, group=AgencyScore.Group.POLICE, composite__isnull=False
        ).select_related("agency")
    }
    entries = CampaignAgency.objects.filter(
        campaign=campaign, agency_id__in=scores, stage=Stage.SURVEYED
    )
    candidates = [
        Candidate(
            id=entry.agency_id,
            score=scores[entry.agency_id].composite,
            agency_type=scores[entry.agency_id].agency.agency_type,
            size_band=size_band(scores[entry.agency_id].agency.population_served),
            region=region_of(scores[entry.agency_id].agency.state),
        )
        for entry in entries
    ]
    if not candidates:
        raise ValidationError(_("No scored agency is waiting for the shortlist."))
    chosen = propose_shortlist(candidates, size)
    CampaignAgency.objects.filter(campaign=campaign, agency_id__in=chosen).update(
        stage=Stage.SHORTLISTED
    )
    review_round_get_or_create(
        campaign=campaign, kind=ReviewRound.Kind.SHORTLIST, actor=actor
    )
    record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        obj=campaign,
        changes={"shortlisted": chosen},
    )
    return chosen


@transaction.atomic
def conflict_declare(
    *, campaign: Campaign, reviewer, agency: Agency, reason: str
) -> ConflictOfInterest:
    if not reason.strip():
        raise ValidationError(_("Say briefly what the conflict is."))
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        campaign=campaign,
        reviewer=reviewer,
        agency=agency,
        defaults={"reason": reason.strip()[:300]},
    )
    record(action=AuditEvent.Action.CREATE, actor=reviewer, agency=agency, obj=conflict)
    return conflict


def has_conflict(*, campaign: Campaign, reviewer, agency: Agency) -> bool:
    return ConflictOfInterest.objects.filter(
        campaign=campaign, reviewer=reviewer, agency=agency
    ).exists()


@transaction.atomic
def review_submit(
    *, round_: ReviewRound, agency: Agency, reviewer, scores: dict[str, Any], recommendation: str,
    notes: str = "", notes_public: bool = False,
) -> Review:  # fmt: skip
    if has_conflict(campaign=round_.campaign, reviewer=reviewer, agency=agency):
        raise PermissionDenied(
            _("You declared a conflict of interest with this agency.")
        )
    entry = CampaignAgency.objects.filter(
        campaign=round_.campaign, agency=agency
    ).first()
    if entry is None or entry.stage != round_.stage_reviewed:
        raise ValidationError(_("This agency is not in this round."))
    problems = []
    clean = {}
    for criterion in round_.rubric:
        value = scores.get(criterion["key"])
        try:
            value = int(value)
        except (TypeError, ValueError):
            problems.append(_("Score every criterion."))
            continue
        if not criterion["min"] <= value <= criterion["max"]:
            problems.append(
                _("Scores go from %(min)d to %(max)d.")
                % {"min": criterion["min"], "max": criterion["max"]}
            )
            continue
        clean[criterion["key"]] = value
    if recommendation not in Review.Recommendation.values:
        problems.append(_("Choose a recommendation."))
    if problems:
        raise ValidationError(sorted(set(problems)))
    review, created = Review.objects.update_or_create(
        round=round_, agency=agency, reviewer=reviewer,
        defaults={"scores": clean, "recommendation": recommendation, "notes": notes, "notes_public": notes_public},
    )  # fmt: skip
    record(
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        actor=reviewer, agency=agency, obj=review,
        changes={"scores": clean, "recommendation": recommendation},
    )  # fmt: skip
    return review


@transaction.atomic
def round_advance(
    *, round_: ReviewRound, agency_ids: list[int], rationale: str = "", actor=None
) -> int:
    """Move agencies from this round's stage to the next. The last round selects
    the agencies to profile, and needs the reasons written down."""
    final = round_.stage_next == Stage.SELECTED
    if final and not rationale.strip():
        raise ValidationError(_("Write down why these agencies are selected."))
    entries = CampaignAgency.objects.filter(
        campaign=round_.campaign, agency_id__in=agency_ids, stage=round_.stage_reviewed
    )
    moved = list(entries.values_list("agency_id", flat=True))
    entries.update(
        stage=round_.stage_next,
        **({"decision_rationale": rationale.strip()} if final else {}),
    )
    if round_.stage_next == Stage.INTERVIEWED:
        review_round_get_or_create(
            campaign=round_.campaign, kind=ReviewRound.Kind.INTERVIEW, actor=actor
        )
    elif round_.stage_next == Stage.VISITED:
        review_round_get_or_create(
            campaign=round_.campaign, kind=ReviewRound.Kind.SITE_VISIT, actor=actor
        )
    if final:
        others = CampaignAgency.objects.filter(
            campaign=round_.campaign,
            stage__in=[Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.VISITED],
        )
        others.update(stage=Stage.NOT_SELECTED)
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, obj=round_,
        changes={"advanced_to": round_.stage_next, "agencies": moved, "rationale": rationale.strip()},
    )  # fmt: skip
    return len(moved)


def round_agreement(*, round_: ReviewRound) -> dict[str, Any]:
    """Krippendorff's alpha (interval) over the reviewers' total rubric scores per
    agency; None while fewer than two reviewers have scored a common agency."""
    import krippendorff  # with NumPy, only where agreement is computed
    import numpy as np

    reviews = list(round_.reviews.values_list("reviewer_id", "agency_id", "scores"))
    reviewers = sorted({r for r, _a, _s in reviews})
    agencies = sorted({a for _r, a, _s in reviews})
    matrix = np.full((len(reviewers), len(agencies)), np.nan)
    for reviewer, agency, scores in reviews:
        matrix[reviewers.index(reviewer), agencies.index(agency)] = sum(scores.values())
    pairable = int(np.sum(np.sum(~np.isnan(matrix), axis=0) >= 2)) if reviews else 0
    alpha = None
    if pairable >= 2:
        value = krippendorff.alpha(
            reliability_data=matrix, level_of_measurement="interval"
        )
        alpha = None if math.isnan(value) else round(float(value), 3)
    return {
        "alpha": alpha,
        "reviewers": len(reviewers),
        "agencies": len(agencies),
        "pairable": pairable,
    }

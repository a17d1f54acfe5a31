"""Reads for a campaign's publication: trends, the map, profiles, the method and the
resources. Everything is read from stored rows (scores come from `AgencyScore`, never
re-scored) and goes through `trends` for suppression before anyone sees it."""

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.assessments.models import (
    AgencyScore,
    Campaign,
    CampaignAgency,
    Response,
    Review,
    ReviewRound,
)
from puente.assessments.selectors import campaign_participants_with_status
from puente.insights import trends
from puente.insights.trends import KEY_ANSWERS, Breakdown, Cell, Summary, Tally
from puente.lib.languages import localized
from puente.lib.regions import region_of
from puente.lib.sizes import size_band
from puente.lib.suppression import small_cell_threshold
from puente.practices.models import Practice, Status
from puente.principles.models import Principle

UNKNOWN = "unknown"
DIMENSIONS = ("type", "size", "region", "state")


@dataclass
class Participant:
    agency_id: int
    slug: str
    name: str
    agency_type: str
    state: str
    population: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    consent: bool
    stage: str
    responded: bool

    def key(self, dimension: str) -> str:
        if dimension == "type":
            return self.agency_type
        if dimension == "size":
            return size_band(self.population) or UNKNOWN
        if dimension == "region":
            return region_of(self.state) or UNKNOWN
        return self.state


def campaign_participants(*, campaign: Campaign) -> list[Participant]:
    """Every invited agency with its registry facts, consent and whether it responded,
    as `assessments.selectors.campaign_figures` counts them: agencies added but never
    invited are left out, so the publication's "invited" is the campaign page's."""
    rows = (
        campaign_participants_with_status(campaign=campaign)
        .filter(invited=True)
        .values_list(
            "agency_id", "agency__slug", "agency__name", "agency__agency_type",
            "agency__state", "agency__population_served", "agency__latitude",
            "agency__longitude", "consent_to_publish", "stage", "responded",
        )
        .order_by("agency__state", "agency__name")
    )  # fmt: skip
    return [Participant(*row) for row in rows]


def command_answers(*, campaign: Campaign, items: list[str]) -> dict[int, dict]:
    """Per agency, the answers to `items` of its latest submitted command-staff response:
    the agency's own account of its policies and programs. Only those keys are read
    from the database, not the whole answers document."""
    names = {f"a{n}": item for n, item in enumerate(items)}
    rows = (
        Response.objects.filter(
            campaign=campaign,
            status=Response.Status.SUBMITTED,
            respondent_type="command",
        )
        .order_by("agency_id", "submitted_at", "pk")
        .annotate(**{name: KT(f"answers__{item}") for name, item in names.items()})
        .values_list("agency_id", *names)
    )
    result = {}
    for agency_id, *values in rows:
        result[agency_id] = {
            names[f"a{n}"]: _json_value(value) for n, value in enumerate(values)
        }
    return result


def _json_value(value: Any) -> Any:
    # A list comes back as its JSON text; scalars as plain text.
    if isinstance(value, str) and value.startswith("["):
        return json.loads(value)
    return value


def _scores(campaign: Campaign, group: str) -> dict[int, tuple[dict, float | None]]:
    rows = AgencyScore.objects.filter(campaign=campaign, group=group).values_list(
        "agency_id", "principle_scores", "composite"
    )
    return {agency_id: (scores, composite) for agency_id, scores, composite in rows}


@dataclass
class PrincipleSummary:
    key: str
    name: str
    summary: Summary


@dataclass
class KeyAnswerResult:
    key: str
    item: str
    label: str
    question: str
    asked: bool
    overall: Cell | None
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)


@dataclass
class CampaignColumn:
    campaign: Campaign
    principles: dict[str, Summary]
    composite: Summary


@dataclass
class Trends:
    campaign: Campaign
    threshold: int
    invited: int
    responded: int
    scored: int
    principles: list[PrincipleSummary]
    composite: Summary
    key_answers: list[KeyAnswerResult]
    gap: list[tuple[str, trends.Gap]]
    comparison: list[CampaignColumn]
    missing: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data, for `puente insights trends --format json`."""
        return {
            "campaign": self.campaign.slug,
            "small_cell_threshold": self.threshold,
            "invited": self.invited,
            "responded": self.responded,
            "scored": self.scored,
            "principles": {p.key: p.summary.as_dict() for p in self.principles},
            "composite": self.composite.as_dict(),
            "key_answers": {
                answer.key: {
                    "item": answer.item,
                    "asked": answer.asked,
                    "overall": answer.overall.as_dict() if answer.overall else None,
                    "breakdowns": {
                        dimension: [cell.as_dict() for cell in breakdown.cells]
                        for dimension, breakdown in answer.breakdowns.items()
                    },
                }
                for answer in self.key_answers
            },
            "perception_gap": {key: gap.as_dict() for key, gap in self.gap},
            "comparison": [
                {
                    "campaign": column.campaign.slug,
                    "principles": {
                        k: s.as_dict() for k, s in column.principles.items()
                    },
                    "composite": column.composite.as_dict(),
                }
                for column in self.comparison
            ],
            "missing": self.missing,
        }


def _principle_names() -> dict[str, str]:
    return {p.key: p.name for p in Principle.objects.with_texts()}


def _breakdowns(
    rows: list[tuple[Participant, bool]], threshold: int
) -> dict[str, Breakdown]:
    result = {}
    for dimension in ("type", "size"):
        tallies = trends.tally((p.key(dimension), yes) for p, yes in rows)
        result[dimension] = Breakdown(
            dimension,
            trends.hide_small_shares(trends.merge_small(tallies, threshold), threshold),
        )
    regions = trends.tally((p.key("region"), yes) for p, yes in rows)
    region_cells = trends.merge_small(regions, threshold)
    states = trends.tally((p.state, yes) for p, yes in rows)
    # States nest in the regions as merged by size; shares are hidden after that.
    state_cells = trends.merge_small_nested(
        states, lambda s: region_of(s) or UNKNOWN, region_cells, threshold
    )
    result["region"] = Breakdown(
        "region", trends.hide_small_shares(region_cells, threshold)
    )
    result["state"] = Breakdown(
        "state", trends.hide_small_shares(state_cells, threshold)
    )
    return result


def _principle_summaries(
    scores: dict[int, tuple[dict, float | None]], principles: list[str], threshold: int
) -> tuple[dict[str, Summary], Summary]:
    summaries = {
        key: trends.summarize(
            (s[key] for s, _c in scores.values() if s.get(key) is not None), threshold
        )
        for key in principles
    }
    composite = trends.summarize(
        (c for _s, c in scores.values() if c is not None), threshold
    )
    return summaries, composite


def campaign_trends(
    *, campaign: Campaign, participants: list[Participant] | None = None
) -> Trends:
    """The campaign's national trends, every figure through small-cell merging."""
    threshold = small_cell_threshold()
    participants = (
        participants
        if participants is not None
        else campaign_participants(campaign=campaign)
    )
    spec = campaign.instrument.spec
    principle_keys = list(spec.get("principles", []))
    names = _principle_names()
    items = {item["id"]: item for item in spec.get("items", [])}
    police = _scores(campaign, AgencyScore.Group.POLICE)
    partner = _scores(campaign, AgencyScore.Group.PARTNER)
    summaries, composite = _principle_summaries(police, principle_keys, threshold)
    missing = []
    responded = sum(p.responded for p in participants)
    if not participants:
        missing.append(_("No agency has been invited to this campaign."))
    elif not responded:
        missing.append(
            _(
                "No agency has responded to this campaign yet, so there are no trends to show."
            )
        )
    elif all(s.suppressed for s in summaries.values()):
        missing.append(
            _(
                "Fewer than %(threshold)d agencies have scores, so the score distributions are not shown."
            )
            % {"threshold": threshold}
        )

    answers = command_answers(
        campaign=campaign,
        items=[k.item for k in KEY_ANSWERS if k.item in items],
    )
    by_id = {p.agency_id: p for p in participants}
    key_answers = []
    labels = key_answer_labels()
    for definition in KEY_ANSWERS:
        item = items.get(definition.item)
        label, question = labels[definition.key], ""
        if item is None:
            key_answers.append(
                KeyAnswerResult(
                    definition.key, definition.item, label, question, False, None
                )
            )
            continue
        question = localized(item.get("label", {}))
        rows = []
        for agency_id, agency_answers in answers.items():
            participant = by_id.get(agency_id)
            value = agency_answers.get(definition.item)
            if participant is None or not definition.answered(value):
                continue
            rows.append((participant, definition.holds(value)))
        total = trends.tally(("all", yes) for _p, yes in rows).get("all", Tally(0))
        overall = trends.hide_small_shares(
            trends.merge_small({"all": total}, threshold), threshold
        )[0]
        key_answers.append(
            KeyAnswerResult(
                definition.key,
                definition.item,
                label,
                question,
                True,
                overall,
                _breakdowns(rows, threshold) if not overall.suppressed else {},
            )
        )
    gap = trends.perception_gap(
        (
            (police[agency_id][0], scores)
            for agency_id, (scores, _c) in partner.items()
            if agency_id in police
        ),
        principle_keys,
        threshold,
    )
    return Trends(
        campaign=campaign,
        threshold=threshold,
        invited=len(participants),
        responded=responded,
        scored=len(police),
        principles=[
            PrincipleSummary(key, names.get(key, key), summaries[key])
            for key in principle_keys
        ],
        composite=composite,
        key_answers=key_answers,
        gap=[(names.get(g.principle, g.principle), g) for g in gap],
        comparison=_comparison(campaign, principle_keys, threshold),
        missing=missing,
    )


def comparable_campaigns(*, campaign: Campaign) -> list[Campaign]:
    """The campaigns of the same program and instrument that may be compared with this
    one: this one and those that are published, oldest first."""
    return list(
        Campaign.objects.filter(
            program=campaign.program, instrument__slug=campaign.instrument.slug
        )
        .filter(Q(publication__isnull=False) | Q(pk=campaign.pk))
        .order_by("opens_on", "created_at")
    )


def _comparison(
    campaign: Campaign, principles: list[str], threshold: int
) -> list[CampaignColumn]:
    campaigns = comparable_campaigns(campaign=campaign)
    if len(campaigns) < 2:
        return []
    columns = []
    for other in campaigns:
        summaries, composite = _principle_summaries(
            _scores(other, AgencyScore.Group.POLICE), principles, threshold
        )
        columns.append(CampaignColumn(other, summaries, composite))
    return columns


def key_answer_labels() -> dict[str, str]:
    return {
        "written_policy": _("Programs set out in written policy"),
        "separation_policy": _(
            "Written policy separating local policing from immigration enforcement"
        ),
        "liaison": _("A designated immigrant-community liaison"),
        "translated_materials": _("Materials translated into community languages"),
        "language_training": _("Language training for officers"),
        "advisory_board": _("An advisory board with immigrant members"),
    }


def dimension_labels() -> dict[str, str]:
    return {
        "type": _("Agency type"),
        "size": _("Population served"),
        "region": _("Region"),
        "state": _("State"),
    }


# The map of respondents.
@dataclass
class MapData:
    points: list[Participant]
    states: list[Cell]
    invited: int
    responded: int
    not_consenting: int
    without_coordinates: int


def campaign_map(*, participants: list[Participant]) -> MapData:
    """Consenting respondents with coordinates as points; response rates by state with
    small states merged (a `Tally` here is invited agencies and, of them, respondents)."""
    threshold = small_cell_threshold()
    respondents = [p for p in participants if p.responded]
    named = [p for p in respondents if p.consent]
    points = [p for p in named if p.latitude is not None and p.longitude is not None]
    states = trends.merge_small(
        trends.tally((p.state, p.responded) for p in participants), threshold
    )
    return MapData(
        points=points,
        states=states,
        invited=len(participants),
        responded=len(respondents),
        not_consenting=len(respondents) - len(named),
        without_coordinates=len(named) - len(points),
    )


# Profiles.
@dataclass
class Profile:
    agency: Agency
    police: dict | None
    partner: dict | None
    answers: list[tuple[str, bool | None]]
    notes: list[str]
    practices: list[Practice]
    successful_program: str


def campaign_profiles(
    *, campaign: Campaign, agency_slug: str | None = None
) -> tuple[list[Profile], int]:
    """(profiles of the selected agencies that agreed to be named, how many selected
    agencies did not agree). Notes come only from reviews marked public."""
    selected = CampaignAgency.objects.filter(
        campaign=campaign, stage=CampaignAgency.Stage.SELECTED
    )
    declined = selected.filter(consent_to_publish=False).count()
    entries = selected.filter(consent_to_publish=True).select_related("agency")
    if agency_slug is not None:
        entries = entries.filter(agency__slug=agency_slug)
    agencies = [e.agency for e in entries.order_by("agency__name")]
    ids = [a.pk for a in agencies]
    scores: dict[tuple[int, str], dict] = {
        (agency_id, group): scores
        for agency_id, group, scores in AgencyScore.objects.filter(
            campaign=campaign,
            agency_id__in=ids,
            group__in=[AgencyScore.Group.POLICE, AgencyScore.Group.PARTNER],
        ).values_list("agency_id", "group", "principle_scores")
    }
    answers = dict(
        Response.objects.filter(
            campaign=campaign,
            agency_id__in=ids,
            status=Response.Status.SUBMITTED,
            respondent_type="command",
        )
        .order_by("agency_id", "submitted_at", "pk")
        .values_list("agency_id", "answers")
    )
    notes: dict[int, list[str]] = {}
    for agency_id, text in (
        Review.objects.filter(
            round__campaign=campaign, agency_id__in=ids, notes_public=True
        )
        .exclude(notes="")
        .order_by("round__created_at", "submitted_at")
        .values_list("agency_id", "notes")
    ):
        notes.setdefault(agency_id, []).append(text)
    practices: dict[int, list[Practice]] = {}
    for practice in Practice.objects.filter(
        agency_id__in=ids, status=Status.PUBLISHED
    ).prefetch_related("texts"):
        practices.setdefault(practice.agency_id, []).append(practice)
    labels = key_answer_labels()
    profiles = []
    for agency in agencies:
        given = answers.get(agency.pk, {})
        facts = []
        for definition in KEY_ANSWERS:
            value = given.get(definition.item)
            facts.append(
                (
                    labels[definition.key],
                    definition.holds(value) if definition.answered(value) else None,
                )
            )
        profiles.append(
            Profile(
                agency=agency,
                police=scores.get((agency.pk, AgencyScore.Group.POLICE)),
                partner=scores.get((agency.pk, AgencyScore.Group.PARTNER)),
                answers=facts,
                notes=notes.get(agency.pk, []),
                practices=practices.get(agency.pk, []),
                successful_program=str(given.get("mon_successful_program") or ""),
            )
        )
    return profiles, declined


# The method.
@dataclass
class Method:
    invited: int
    responded: int
    respondents: list[tuple[str, int]]
    items: int
    instrument: str
    rounds: list[dict]
    selected: int


def campaign_method(*, campaign: Campaign, participants: list[Participant]) -> Method:
    from puente.assessments.models import RespondentType

    types = dict(RespondentType.choices)
    by_type = Counter(
        dict(
            Response.objects.filter(campaign=campaign, status=Response.Status.SUBMITTED)
            .values_list("respondent_type")
            .annotate(n=Count("pk"))
            .values_list("respondent_type", "n")
        )
    )
    rounds = []
    kinds = dict(ReviewRound.Kind.choices)
    for round_ in (
        ReviewRound.objects.filter(campaign=campaign)
        .annotate(
            agencies=Count("reviews__agency", distinct=True),
            reviewers=Count("reviews__reviewer", distinct=True),
        )
        .order_by("created_at")
    ):
        rounds.append(
            {
                "kind": round_.kind,
                "name": kinds.get(round_.kind, round_.kind),
                "agencies": round_.agencies,
                "reviewers": round_.reviewers,
                "criteria": [localized(c["label"]) for c in round_.rubric],
            }
        )
    return Method(
        invited=len(participants),
        responded=sum(p.responded for p in participants),
        respondents=[
            (types[key], by_type[key]) for key in RespondentType.values if by_type[key]
        ],
        items=len(campaign.instrument.spec.get("items", [])),
        instrument=str(campaign.instrument),
        rounds=rounds,
        selected=sum(p.stage == CampaignAgency.Stage.SELECTED for p in participants),
    )


def library_resources() -> list[Practice]:
    """Published practices of the library, for the report's resource list."""
    return list(
        Practice.objects.filter(status=Status.PUBLISHED)
        .prefetch_related("texts")
        .order_by("category", "slug")
    )


def published_campaigns():
    return (
        Campaign.objects.filter(publication__isnull=False)
        .select_related("program", "publication")
        .order_by("-publication__published_at")
    )

"""Assessments over HTTP: the current instrument (JSON and XLSForm), an agency's
self-assessment results with the item-by-item explanation (VIEW in the agency), and for
a program's evaluators and editors (VIEW in the program) its campaigns, each
participant's response status and the campaign's scores."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from ninja import Router, Schema

from puente.agencies.api import agency_for_token, agency_token_auth, program_for_token
from puente.assessments.models import (
    AgencyScore,
    Campaign,
    ConflictOfInterest,
    Instrument,
    Response,
)
from puente.assessments.selectors import agency_self_assessments
from puente.assessments.services import current_instrument, score_response
from puente.lib.api import READ, responses

router = Router(tags=["assessments"], auth=agency_token_auth)


def _instrument() -> Instrument:
    try:
        return current_instrument()
    except Instrument.DoesNotExist:
        raise Http404 from None


class InstrumentOut(Schema):
    slug: str
    version: int
    spec: dict[str, Any]


@router.get(
    "/assessment/instrument",
    response=responses({200: InstrumentOut}, (304, 401)),
    summary="The current assessment instrument (JSON)",
)
def instrument(request):
    """Any token. The same document as `puente assessment instrument --format json`."""
    found = _instrument()
    return {"slug": found.slug, "version": found.version, "spec": found.spec}


@router.get(
    "/assessment/instrument.xlsx",
    response=responses({200: bytes}, (401,)),
    summary="The current assessment instrument as XLSForm",
    openapi_extra={
        "responses": {
            200: {
                "description": "XLSForm workbook",
                "content": {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    }
                },
            }
        }
    },
)
def instrument_xlsform(request):
    """Any token. For KoboToolbox, ODK and other XLSForm tools."""
    from puente.assessments.xlsform import spec_to_xlsform

    found = _instrument()
    response = HttpResponse(
        spec_to_xlsform(found.spec),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{found.slug}-v{found.version}.xlsx"'
    )
    return response


class ItemOut(Schema):
    item_id: str
    answer: Any = None
    earned: dict[str, float]
    possible: dict[str, float]


class ResultOut(Schema):
    uuid: UUID
    instrument: str
    instrument_version: int
    respondent_type: str
    status: str
    language: str
    submitted_at: datetime | None
    principle_scores: dict[str, float | None]
    composite: float | None


class ResultDetailOut(ResultOut):
    items: list[ItemOut]


def _result(response: Response) -> dict:
    return {
        "uuid": response.uuid, "instrument": response.instrument.slug,
        "instrument_version": response.instrument.version,
        "respondent_type": response.respondent_type, "status": response.status,
        "language": response.language, "submitted_at": response.submitted_at,
        "principle_scores": response.principle_scores or {},
        "composite": response.composite,
    }  # fmt: skip


def _detail(response: Response) -> dict:
    scored = score_response(response)
    return {
        **_result(response),
        "principle_scores": scored.principles,
        "composite": scored.composite,
        "items": [
            {"item_id": i.item_id, "answer": i.answer, "earned": dict(i.earned),
             "possible": dict(i.possible)}
            for i in scored.items
        ],
    }  # fmt: skip


@router.get(
    "/agencies/{slug}/self-assessments",
    response=responses({200: list[ResultOut]}, (304, 401, 404)),
    summary="The agency's self-assessments and their scores",
)
def self_assessments(request, slug: str):
    """Needs VIEW."""
    agency = agency_for_token(request, slug).agency
    return [_result(r) for r in agency_self_assessments(agency=agency).order_by("-pk")]


@router.get(
    "/agencies/{slug}/self-assessments/{uuid}",
    response=responses({200: ResultDetailOut}, READ),
    summary="One self-assessment with the item-by-item explanation",
)
def self_assessment(request, slug: str, uuid: UUID):
    """Needs VIEW. Scores per principle and, per item, the answer and the points it
    earned out of those possible."""
    agency = agency_for_token(request, slug).agency
    found = agency_self_assessments(agency=agency).filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return _detail(found)


class CampaignOut(Schema):
    slug: str
    name: str
    status: str
    instrument: str
    instrument_version: int
    opens_on: Any = None
    closes_on: Any = None
    participants: int


class ParticipantOut(Schema):
    agency: str
    agency_name: str
    stage: str
    invitation_sent_at: datetime | None
    reminders_sent: int
    responses: dict[str, dict[str, int]]


class ScoreOut(Schema):
    agency: str
    group: str
    principle_scores: dict[str, float | None]
    composite: float | None
    responses: int


def _campaign(request, program: str, campaign: str) -> Campaign:
    membership = program_for_token(request, program)
    found = (
        Campaign.objects.select_related("instrument")
        .filter(program=membership.program, slug=campaign)
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.get(
    "/programs/{program}/campaigns",
    response=responses({200: list[CampaignOut]}, (304, 401, 404)),
    summary="The program's campaigns",
)
def campaigns(request, program: str):
    """Needs VIEW in the program (evaluators and editors)."""
    membership = program_for_token(request, program)
    return [
        {
            "slug": c.slug, "name": c.name, "status": c.status,
            "instrument": c.instrument.slug, "instrument_version": c.instrument.version,
            "opens_on": c.opens_on, "closes_on": c.closes_on,
            "participants": c.participants.count(),
        }
        for c in Campaign.objects.filter(program=membership.program).select_related(
            "instrument"
        )
    ]  # fmt: skip


@router.get(
    "/programs/{program}/campaigns/{campaign}/responses",
    response=responses({200: list[ParticipantOut]}, (304, 401, 404)),
    summary="Each participating agency's stage and response status",
)
def campaign_responses(request, program: str, campaign: str):
    """Needs VIEW in the program. `responses` counts the agency's responses by
    respondent type and status."""
    found = _campaign(request, program, campaign)
    counts: dict[int, dict[str, dict[str, int]]] = {}
    for agency_id, kind, status in Response.objects.filter(campaign=found).values_list(
        "agency_id", "respondent_type", "status"
    ):
        by_kind = counts.setdefault(agency_id, {}).setdefault(kind, {})
        by_kind[status] = by_kind.get(status, 0) + 1
    return [
        {
            "agency": p.agency.slug, "agency_name": p.agency.name, "stage": p.stage,
            "invitation_sent_at": p.invitation_sent_at,
            "reminders_sent": p.reminders_sent,
            "responses": counts.get(p.agency_id, {}),
        }
        for p in found.participants.select_related("agency").order_by("agency__slug")
    ]  # fmt: skip


@router.get(
    "/programs/{program}/campaigns/{campaign}/scores",
    response=responses({200: list[ScoreOut]}, (304, 401, 404)),
    summary="The campaign's scores per agency and respondent group",
)
def campaign_scores(request, program: str, campaign: str):
    """Needs VIEW in the program. As `puente assessment scores`."""
    found = _campaign(request, program, campaign)
    return [
        {
            "agency": s.agency.slug, "group": s.group,
            "principle_scores": s.principle_scores, "composite": s.composite,
            "responses": s.responses,
        }
        for s in AgencyScore.objects.filter(campaign=found)
        .select_related("agency")
        .order_by("agency__slug", "group")
    ]  # fmt: skip


@router.get(
    "/programs/{program}/campaigns/{campaign}/responses/{uuid}",
    response=responses({200: ResultDetailOut}, READ),
    summary="One response's scores with the item-by-item explanation",
)
def campaign_response(request, program: str, campaign: str, uuid: UUID):
    """Needs VIEW in the program. A response of an agency the caller declared a
    conflict of interest with answers 404, as the review pages keep them apart."""
    found = _campaign(request, program, campaign)
    conflicted = ConflictOfInterest.objects.filter(
        campaign=found, reviewer=request.user
    ).values("agency")
    response = (
        Response.objects.filter(campaign=found, uuid=uuid)
        .exclude(agency__in=conflicted)
        .select_related("instrument")
        .first()
    )
    if response is None:
        raise Http404
    return _detail(response)

"""Helpers for the API tests: tokens for personas, and one record of every kind the
API serves for an agency (so that tenancy checks hit real rows)."""

from datetime import date

from puente.accounts.tokens import api_token_create
from puente.assessments.models import Campaign, RespondentType, Response
from puente.assessments.services import current_instrument
from puente.language_access.models import VitalDocument
from puente.outreach.models import (
    AdvisoryMeeting,
    AdvisoryMember,
    Agreement,
    Goal,
    GoalReport,
)
from puente.outreach.tests.factories import (
    ContactFactory,
    EventFactory,
    GoalFactory,
    LiaisonFactory,
    MediaFactory,
    PartnerFactory,
    ProgramFactory,
    RecommendationFactory,
    TrainingFactory,
)


def token_for(user, *, read_only: bool = False, days: int = 30) -> str:
    return api_token_create(
        user=user, name=f"test {user.email}", days=days, read_only=read_only
    ).secret


def auth(token: str, **headers) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}


def agency_world(agency, program=None) -> dict:
    """One of everything for `agency`: {path parameter or register: id or uuid}."""
    liaison = LiaisonFactory(agency=agency)
    partner = PartnerFactory(agency=agency)
    community_program = ProgramFactory(agency=agency)
    goal = GoalFactory(program=community_program, metric=Goal.Metric.REPORTED)
    # Goal reports hang on a goal no test changes (a PATCH of `goal` may change its
    # metric, and only reported goals take reports).
    reported_goal = GoalFactory(program=community_program, metric=Goal.Metric.REPORTED)
    meeting = AdvisoryMeeting.objects.create(agency=agency, date=date(2026, 1, 20))
    response = Response.objects.create(
        instrument=current_instrument(), agency=agency,
        respondent_type=RespondentType.COMMAND,
    )  # fmt: skip
    world = {
        "liaisons": liaison.pk,
        "partners": partner.pk,
        "contacts": ContactFactory(liaison=liaison, date=date(2026, 1, 10)).pk,
        "agreements": Agreement.objects.create(
            partner=partner, kind="mou", title="MOU", signed_on=date(2025, 5, 1)
        ).pk,
        "events": EventFactory(agency=agency).pk,
        "media": MediaFactory(agency=agency).pk,
        "trainings": TrainingFactory(agency=agency).pk,
        "programs": community_program.pk,
        "goals": goal.pk,
        "goal-reports": GoalReport.objects.create(
            goal=reported_goal, quarter="2026Q1", value=4
        ).pk,
        "advisory-members": AdvisoryMember.objects.create(
            agency=agency, name="A. Member", joined_on=date(2025, 1, 1)
        ).pk,
        "advisory-meetings": meeting.pk,
        "advisory-recommendations": RecommendationFactory(agency=agency).pk,
        "document": VitalDocument.objects.create(
            agency=agency, kind=VitalDocument.Kind.COMPLAINT_FORM
        ).uuid,
        "self_assessment": response.uuid,
        "reported_goal": reported_goal.pk,
    }
    if program is not None:
        campaign = Campaign.objects.create(
            program=program, instrument=current_instrument(), slug="api-campaign",
            name="API campaign",
        )  # fmt: skip
        world["campaign"] = campaign.slug
        world["campaign_response"] = Response.objects.create(
            instrument=current_instrument(), agency=agency, campaign=campaign,
            respondent_type=RespondentType.COMMAND,
        ).uuid  # fmt: skip
    return world


def fill_path(path: str, *, slug: str, world: dict, program: str = "") -> str:
    """`path` from the schema with A's slug and A's real records in it."""
    parts = path.split("/")
    register = (
        parts[5] if path.startswith("/api/v1/agencies/") and len(parts) > 5 else ""
    )
    uuid = (
        world.get("campaign_response")
        if "/campaigns/" in path
        else world["document"]
        if "/documents/" in path
        else world["self_assessment"]
    )
    return (
        path.replace("{slug}", slug)
        .replace("{program}", program)
        .replace("{campaign}", world.get("campaign", "none"))
        .replace("{record_id}", str(world.get(register, 1)))
        .replace("{uuid}", str(uuid))
        .replace("{quarter}", "2026Q1")
    )


def valid_bodies(world: dict) -> dict[str, dict]:
    """A body each register's create accepts, for A's world."""
    day = "2026-01-12"
    contact = {"date": day, "liaison": world["liaisons"], "setting": "community",
               "topics": ["reporting"], "language": "es"}  # fmt: skip
    return {
        "liaisons": {"name": "New liaison", "languages": ["es"], "active": True},
        "contacts": contact,
        "contacts/bulk": {"contacts": [contact, contact]},
        "partners": {"name": "New partner", "kind": "faith", "status": "active"},
        "agreements": {
            "partner": world["partners"],
            "kind": "mou",
            "title": "MOU 2",
            "signed_on": day,
        },  # fmt: skip
        "events": {
            "title": "Forum",
            "kind": "forum",
            "date": day,
            "place": "Library",
            "languages": ["es"],
            "follow_ups": 0,
            "public": True,
        },  # fmt: skip
        "media": {
            "date": day,
            "channel": "radio",
            "outlet": "Radio Sol",
            "subject": "Reporting",
            "language": "es",
            "estimated_reach": 100,
        },  # fmt: skip
        "trainings": {
            "title": "Spanish",
            "kind": "language",
            "audience": "officers",
            "date": day,
            "hours": 2.5,
            "attendees": 10,
            "language": "es",
        },  # fmt: skip
        "programs": {
            "name": "New program",
            "owner": "Liaison unit",
            "started_on": day,
            "funding": "grant",
            "trained_people": 2,
        },  # fmt: skip
        "goals": {
            "program": world["programs"],
            "title": "Forums",
            "metric": "events",
            "quarterly_target": 2,
        },  # fmt: skip
        "goal-reports": {
            "goal": world["reported_goal"],
            "quarter": "2025Q4",
            "value": 3,
        },
        "advisory-members": {"name": "B. Member", "joined_on": day},
        "advisory-meetings": {"date": day, "place": "City hall"},
        "advisory-recommendations": {
            "made_on": day,
            "text": "Translate the form.",
            "status": "open",
        },  # fmt: skip
    }

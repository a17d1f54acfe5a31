from django.http import Http404

from puente.agencies.access import get_agency_for_user
from puente.agencies.roles import VIEW
from puente.assessments.models import Response


def get_response_for_user(user, slug: str, response_uuid, permission: str = VIEW):
    """(membership, response) for a response of the user's agency; 404 otherwise."""
    membership = get_agency_for_user(user, slug, permission)
    response = (
        Response.objects.select_related("instrument", "agency", "campaign")
        .filter(agency=membership.agency, uuid=response_uuid)
        .first()
    )
    if response is None:
        raise Http404
    return membership, response


def get_campaign_for_user(
    user, program_slug: str, campaign_slug: str, permission: str = VIEW
):
    """(program membership, campaign) for a campaign of the user's program; 404 otherwise."""
    from puente.agencies.access import get_program_for_user
    from puente.assessments.models import Campaign

    membership = get_program_for_user(user, program_slug, permission)
    campaign = (
        Campaign.objects.select_related("instrument", "program")
        .filter(program=membership.program, slug=campaign_slug)
        .first()
    )
    if campaign is None:
        raise Http404
    return membership, campaign

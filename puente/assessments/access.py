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

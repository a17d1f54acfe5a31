from django.http import Http404

from puente.agencies.access import get_program_for_user
from puente.agencies.models import ProgramMembership
from puente.agencies.roles import VIEW
from puente.assessments.models import Campaign


def get_campaign_for_viewer(
    user, slug: str, permission: str = VIEW
) -> tuple[Campaign, ProgramMembership | None]:
    """(campaign, the user's program membership or None) for a campaign's published pages.

    Anyone may read a published campaign; before it is published only the program's
    members may, and everyone else gets 404, as for any record they may not know of.
    A `permission` other than VIEW (publishing) always needs the program's membership.
    """
    campaign = (
        Campaign.objects.select_related("program", "instrument", "publication")
        .filter(slug=slug)
        .first()
    )
    if campaign is None:
        raise Http404
    membership = None
    if user.is_authenticated:
        try:
            membership = get_program_for_user(user, campaign.program.slug, permission)
        except Http404:
            membership = None
    if membership is None and (permission != VIEW or not is_published(campaign)):
        raise Http404
    return campaign, membership


def is_published(campaign: Campaign) -> bool:
    try:
        return campaign.publication is not None
    except Campaign.publication.RelatedObjectDoesNotExist:
        return False

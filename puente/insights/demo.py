"""The demo's publication: the finished fictional campaign, published, with most of its
selected agencies agreeing to be named (one declines, so the rule shows)."""

from django.db import transaction

from puente.assessments.campaigns import campaign_agency_set_consent
from puente.assessments.demo import FINISHED
from puente.assessments.models import Campaign, CampaignAgency
from puente.insights.models import Publication
from puente.insights.services import campaign_publish


@transaction.atomic
def insights_demo_load() -> int:
    """Publish the finished demo campaign. Returns 1 when it did, 0 when the demo
    campaign is missing or already published."""
    campaign = Campaign.objects.filter(
        slug=FINISHED, program__is_fictional=True
    ).first()
    if campaign is None or Publication.objects.filter(campaign=campaign).exists():
        return 0
    selected = list(
        CampaignAgency.objects.filter(
            campaign=campaign,
            stage=CampaignAgency.Stage.SELECTED,
            agency__is_fictional=True,
        )
        .select_related("agency")
        .order_by("agency__slug")
    )
    for number, entry in enumerate(selected):
        consent = number < len(selected) - 1 or len(selected) == 1
        campaign_agency_set_consent(entry=entry, consent=consent)
    campaign_publish(campaign=campaign)
    return 1

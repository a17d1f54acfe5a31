from dataclasses import dataclass, field
from decimal import Decimal
from statistics import fmean

import pytest
from django.utils import timezone

from puente.agencies.tests.factories import AgencyFactory
from puente.assessments.models import (
    AgencyScore,
    Campaign,
    CampaignAgency,
    Response,
)
from puente.assessments.services import campaign_create, national_instrument_load
from puente.principles.services import principles_sync

PRINCIPLES = ["root-causes", "maximize-resources", "leverage-partnerships",
              "focus-on-the-vulnerable", "broad-outreach", "train", "monitor", "sustain"]  # fmt: skip


@pytest.fixture
def national(db):
    principles_sync()
    return national_instrument_load()


@dataclass
class Builder:
    campaign: Campaign
    agencies: list = field(default_factory=list)

    def add(
        self, *, state="MN", agency_type="municipal", population=30_000, consent=False,
        answers=None, police=None, partner=None, stage=CampaignAgency.Stage.SURVEYED,
        coordinates=(Decimal("44.95"), Decimal("-93.1")), name=None,
    ):  # fmt: skip
        agency = AgencyFactory(
            state=state, agency_type=agency_type, population_served=population,
            latitude=coordinates[0] if coordinates else None,
            longitude=coordinates[1] if coordinates else None,
            **({"name": name} if name else {}),
        )  # fmt: skip
        CampaignAgency.objects.create(
            campaign=self.campaign,
            agency=agency,
            consent_to_publish=consent,
            stage=stage,
            invitation_sent_at=timezone.now(),
        )
        if answers is not None:
            Response.objects.create(
                instrument=self.campaign.instrument, agency=agency, campaign=self.campaign,
                respondent_type="command", status=Response.Status.SUBMITTED,
                answers=answers, submitted_at=timezone.now(),
            )  # fmt: skip
        for group, scores in (("police", police), ("partner", partner)):
            if scores is not None:
                full = {key: scores.get(key) for key in PRINCIPLES}
                values = [v for v in full.values() if v is not None]
                AgencyScore.objects.create(
                    campaign=self.campaign, agency=agency, group=group,
                    principle_scores=full, composite=round(fmean(values), 1) if values else None,
                    responses=1,
                )  # fmt: skip
        self.agencies.append(agency)
        return agency


@pytest.fixture
def campaign(program, national):
    return campaign_create(
        program=program, instrument=national, slug="national-2025", name="National 2025 (fictional)",
        status=Campaign.Status.CLOSED,
    )  # fmt: skip


@pytest.fixture
def build(campaign):
    return Builder(campaign)

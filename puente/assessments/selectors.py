from dataclasses import dataclass

from django.db.models import QuerySet

from puente.agencies.models import Agency
from puente.assessments.models import POLICE_RESPONDENTS, Response
from puente.assessments.scoring import mean_scores
from puente.lib.regions import STATE_REGION, region_of
from puente.lib.sizes import SIZE_BANDS, size_band
from puente.lib.suppression import is_publishable, small_cell_threshold


def agency_self_assessments(*, agency: Agency) -> QuerySet[Response]:
    return Response.objects.filter(agency=agency, campaign__isnull=True).select_related(
        "instrument"
    )


def previous_self_assessment(*, response: Response) -> Response | None:
    """The same agency's last submitted self-assessment before this one, by the same kind of respondent."""
    if response.submitted_at is None:
        return None
    return (
        Response.objects.filter(
            agency=response.agency,
            campaign__isnull=True,
            respondent_type=response.respondent_type,
            status=Response.Status.SUBMITTED,
            instrument__slug=response.instrument.slug,
            submitted_at__lt=response.submitted_at,
        )
        .order_by("-submitted_at")
        .first()
    )


@dataclass
class PeerComparison:
    agency_type: str
    size_band: str | None
    region: str | None
    count: int
    threshold: int
    scores: dict[str, float | None] | None

    @property
    def suppressed(self) -> bool:
        return self.scores is None


def peer_comparison(*, response: Response) -> PeerComparison:
    """Mean scores of peer agencies (same type, size band and region) from their latest
    submitted police responses to the same instrument; hidden below the small-cell threshold."""
    agency = response.agency
    band, region = size_band(agency.population_served), region_of(agency.state)
    peers = Response.objects.filter(
        status=Response.Status.SUBMITTED,
        instrument__slug=response.instrument.slug,
        respondent_type__in=POLICE_RESPONDENTS,
        agency__agency_type=agency.agency_type,
    ).exclude(agency=agency)
    if region:
        peers = peers.filter(
            agency__state__in=[s for s, r in STATE_REGION.items() if r == region]
        )
    if band:
        low, high = next((lo, hi) for key, lo, hi, _label in SIZE_BANDS if key == band)
        peers = peers.filter(agency__population_served__gte=low)
        if high is not None:
            peers = peers.filter(agency__population_served__lt=high)
    latest: dict[int, dict] = {}
    for agency_id, scores in peers.order_by("agency_id", "-submitted_at").values_list(
        "agency_id", "principle_scores"
    ):
        latest.setdefault(agency_id, scores)
    principles = response.instrument.spec["principles"]
    count = len(latest)
    return PeerComparison(
        agency_type=agency.agency_type,
        size_band=band,
        region=region,
        count=count,
        threshold=small_cell_threshold(),
        scores=mean_scores(latest.values(), principles)
        if is_publishable(count)
        else None,
    )


GAP_WINDOW_DAYS = 365


def agency_perception_gap(*, response: Response) -> list:
    """The police–partner gap per principle for `response`'s agency (`gap.PrincipleGap`
    list): its submitted responses to the same instrument version, in the same campaign
    (or among self-assessments), from the year up to this one's submission."""
    import datetime

    from puente.assessments.gap import agency_gap
    from puente.assessments.models import RespondentType
    from puente.assessments.scoring import Scorer

    if response.submitted_at is None:
        return []
    peers = Response.objects.filter(
        agency=response.agency,
        instrument=response.instrument,
        campaign=response.campaign,
        status=Response.Status.SUBMITTED,
        submitted_at__lte=response.submitted_at,
        submitted_at__gt=response.submitted_at
        - datetime.timedelta(days=GAP_WINDOW_DAYS),
    ).only("answers", "respondent_type")
    scorer = Scorer(response.instrument.spec)
    police, partners = [], []
    for other in peers:
        result = scorer.score(other.answers, other.respondent_type, explain=True)
        if other.respondent_type == RespondentType.PARTNER:
            partners.append(result)
        elif other.respondent_type in POLICE_RESPONDENTS:
            police.append(result)
    spec = response.instrument.spec
    mirrors = {
        i["id"]: i["compares_with"] for i in spec["items"] if i.get("compares_with")
    }
    return agency_gap(police, partners, spec["principles"], mirrors)

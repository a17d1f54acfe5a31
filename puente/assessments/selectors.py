from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.assessments.models import POLICE_RESPONDENTS, Response
from puente.assessments.scoring import mean_scores
from puente.lib.languages import localized
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


# A campaign's figures. Every page and export that shows how many agencies were
# invited, responded or were scored reads them from here, so that no two pages can
# count differently.
def campaign_participants_with_status(*, campaign) -> QuerySet:
    """The campaign's `CampaignAgency` rows annotated with three booleans:

    - `invited`: the survey reached the agency: its invitation was sent, or it has a
      response in the campaign (answered on paper and imported, for instance);
    - `responded`: at least one of its police respondents submitted;
    - `scored`: its police responses have a composite score.

    Agencies added to a draft campaign and not yet invited count in none of them."""
    conditions = _participant_conditions(campaign)
    return campaign.participants.annotate(
        **{
            name: ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in conditions.items()
        }
    )


def _participant_conditions(campaign) -> dict[str, Q]:
    from puente.assessments.models import AgencyScore

    has_response = Exists(
        Response.objects.filter(campaign=campaign, agency=OuterRef("agency"))
    )
    responded = Exists(
        Response.objects.filter(
            campaign=campaign, agency=OuterRef("agency"), status=Response.Status.SUBMITTED,
            respondent_type__in=POLICE_RESPONDENTS,
        )
    )  # fmt: skip
    scored = Exists(
        AgencyScore.objects.filter(
            campaign=campaign, agency=OuterRef("agency"),
            group=AgencyScore.Group.POLICE, composite__isnull=False,
        )
    )  # fmt: skip
    return {
        "invited": Q(invitation_sent_at__isnull=False) | Q(has_response),
        "responded": Q(responded),
        "scored": Q(scored),
    }


@dataclass(frozen=True)
class CampaignFigures:
    agencies: int
    invited: int
    responded: int
    scored: int

    @property
    def response_rate(self) -> float | None:
        """Responded ÷ invited, 0–1, None before anyone is invited."""
        return self.responded / self.invited if self.invited else None

    @property
    def response_percent(self) -> int | None:
        rate = self.response_rate
        return None if rate is None else round(rate * 100)


def campaign_figures(*, campaign) -> CampaignFigures:
    """Agencies in the campaign, invited, responded and scored (definitions in
    `campaign_participants_with_status`), in one query."""
    # The conditions go into the filters themselves: an aggregate filtering on the
    # boolean annotations counts nothing on SQLite.
    conditions = _participant_conditions(campaign)
    totals = campaign.participants.aggregate(
        agencies=Count("pk"),
        **{name: Count("pk", filter=c) for name, c in conditions.items()},
    )
    return CampaignFigures(**totals)


def review_evidence(*, campaign, agency: Agency, language: str) -> dict:
    """What a reviewer weighs, in one place: the agency's facts (type, size band,
    region, state), its per-principle scores for police and community partners, and
    its submitted answers as words, per respondent type:
    {"facts": [(label, value)], "scores": [(principle name, police, partner)],
     "answers": [(respondent type label, [(question, answer)])]}."""
    from puente.assessments.answers import answer_text
    from puente.assessments.models import AgencyScore
    from puente.lib.regions import REGION_NAMES
    from puente.lib.sizes import size_band_label
    from puente.principles.models import Principle

    facts = [
        (_("Type"), agency.get_agency_type_display()),
        (_("Population served"), size_band_label(size_band(agency.population_served))),
        (_("Region"), REGION_NAMES.get(region_of(agency.state) or "", "–")),
        (_("State"), agency.state),
    ]
    by_group = {
        s.group: s.principle_scores
        for s in AgencyScore.objects.filter(
            campaign=campaign, agency=agency, group__in=["police", "partner"]
        )
    }
    names = {p.key: p.name for p in Principle.objects.with_texts()}
    spec = campaign.instrument.spec
    scores = [
        (
            names.get(key, key),
            by_group.get("police", {}).get(key),
            by_group.get("partner", {}).get(key),
        )
        for key in spec["principles"]
    ]
    items = spec["items"]
    answers = []
    for response in Response.objects.filter(
        campaign=campaign, agency=agency, status=Response.Status.SUBMITTED
    ).order_by("respondent_type", "submitted_at"):
        rows = [
            (
                localized(item["label"], language),
                answer_text(item, response.answers.get(item["id"]), language),
            )
            for item in items
            if response.answers.get(item["id"]) not in (None, "", [])
        ]
        answers.append((response.get_respondent_type_display(), rows))
    return {"facts": facts, "scores": scores, "answers": answers}

"""A campaign's publication: the context every page, the report and the commands share,
and the report rendered as HTML or PDF in the EPIC structure."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.assessments.models import Campaign
from puente.insights import charts, selectors
from puente.lib.pdf import render_document
from puente.lib.regions import REGION_NAMES
from puente.lib.sizes import size_band_label


def cell_label(dimension: str, key: str) -> str:
    """A breakdown cell's name in the active language."""
    if key.startswith("merged"):
        return _("Merged small groups")
    if key == selectors.UNKNOWN:
        return _("Not known")
    if dimension == "type":
        return str(dict(Agency.Type.choices).get(key, key))
    if dimension == "size":
        return str(size_band_label(key))
    if dimension == "region":
        return str(REGION_NAMES.get(key, key))
    return key


def _label_cells(trends: selectors.Trends) -> None:
    dimensions = selectors.dimension_labels()
    for answer in trends.key_answers:
        for dimension, breakdown in answer.breakdowns.items():
            breakdown.label = dimensions[dimension]
            for cell in breakdown.cells:
                cell.label = cell_label(dimension, cell.key)
                cell.member_labels = [cell_label(dimension, m) for m in cell.members]
                if cell.merged_into and cell.merged_into != "merged":
                    cell.parent_label = cell_label("region", cell.parent or "")


def glossary() -> list[tuple[str, str]]:
    return [
        (_("Agency"), _("A law-enforcement agency: a police department, sheriff's office, state agency or other.")),
        (_("Campaign"), _("One round of the national assessment, run by a program across the agencies it invites.")),
        (_("Community partner"), _("An organization rooted in an immigrant community that works with the agency and answers the assessment about it.")),
        (_("LEP"), _("Limited English proficiency: people who speak English less than \"very well\", as the Census Bureau counts them.")),
        (_("Liaison"), _("An officer or civilian whose duties include working with immigrant communities day to day.")),
        (_("Median"), _("The middle score: half of the agencies scored less, half more.")),
        (_("Quartiles"), _("The scores below which a quarter (first quartile) and three quarters (third quartile) of agencies fall.")),
        (_("Perception gap"), _("The difference between the mean score police respondents give their agency and the mean score its community partners give it.")),
        (_("Principle"), _("One of the eight principles of the EPIC study that the assessment scores, from 0 to 100.")),
        (_("Small cell"), _("A group of fewer agencies than the publication threshold. Its figures are merged with other small groups, or not shown, so that no agency can be singled out.")),
    ]  # fmt: skip


def publication_context(*, campaign: Campaign, with_charts: bool = True) -> dict:
    """Everything the trends page, the map, the report and the open data show."""
    participants = selectors.campaign_participants(campaign=campaign)
    trends = selectors.campaign_trends(campaign=campaign, participants=participants)
    _label_cells(trends)
    map_data = selectors.campaign_map(participants=participants)
    for cell in map_data.states:
        cell.label = cell_label("state", cell.key)
        cell.member_labels = list(cell.members)
    names = {p.key: p.name for p in trends.principles}
    context = {
        "campaign": campaign,
        "participants": participants,
        "trends": trends,
        "map": map_data,
        "dimensions": selectors.dimension_labels(),
        "threshold": trends.threshold,
    }
    if with_charts:
        context["charts"] = {
            "distribution": charts.distribution_chart(trends.principles),
            "key_answers": charts.key_answers_chart(trends.key_answers),
            "gap": charts.gap_chart(trends.gap),
            "comparison": charts.comparison_chart(trends.comparison, names)
            if trends.comparison
            else None,
            "map": charts.map_chart(map_data),
        }
        context["legend"] = charts.rate_legend()
    return context


def report_context(*, campaign: Campaign) -> dict:
    context = publication_context(campaign=campaign)
    participants = context["participants"]
    profiles, declined = selectors.campaign_profiles(campaign=campaign)
    profile_rows(profiles, context["trends"].principles)
    context.update(
        {
            "method": selectors.campaign_method(
                campaign=campaign, participants=participants
            ),
            "profiles": profiles,
            "profiles_declined": declined,
            "principles": _principles(),
            "glossary": glossary(),
            "resources": selectors.library_resources(),
            "evidence": evidence_by_practice(),
            "generated": timezone.localdate(),
        }
    )
    return context


def evidence_by_practice() -> list[tuple]:
    """(practice, its evidence views) for every published practice with evidence, in
    title order: the report's "What works" section."""
    from puente.practices.evidence import evidence_views
    from puente.practices.models import Practice, Status

    practices = (
        Practice.objects.filter(status=Status.PUBLISHED, evidence__isnull=False)
        .distinct()
        .prefetch_related("texts")
    )
    found = [(p, evidence_views(p)) for p in practices]
    return sorted(found, key=lambda pair: str(pair[0]))


def profile_rows(profiles, principles) -> None:
    """Each profile's (principle, police score, partner score) rows, in principle order."""
    for profile in profiles:
        police, partner = profile.police or {}, profile.partner or {}
        profile.rows = [
            (p.name, police.get(p.key), partner.get(p.key)) for p in principles
        ]


def _principles():
    from puente.principles.models import Principle

    return list(Principle.objects.with_texts())


def report_html(*, campaign: Campaign, language: str = "en") -> str:
    """The report as one standalone HTML document (the same body as the PDF)."""
    with translation.override(language):
        context = report_context(campaign=campaign)
        context["standalone"] = True
        return render_to_string("insights/report_document.html", context)


def report_pdf(*, campaign: Campaign, language: str = "en") -> bytes:
    return report_pages(campaign=campaign, language=language).write_pdf()


def report_pages(*, campaign: Campaign, language: str = "en"):
    """The report laid out for print: a WeasyPrint Document (`lib.pdf.render_document`)."""
    with translation.override(language):
        context = report_context(campaign=campaign)
        context["for_print"] = True
        return render_document("insights/report_document.html", context)


def report_pdf_name(*, campaign: Campaign, language: str) -> str:
    """Where the report's PDF is kept in storage. The name carries a digest of the
    report's HTML, which holds every figure and word of the PDF: when the data change,
    so does the name, and the PDF is rendered again; until then it is rendered once."""
    import hashlib

    digest = hashlib.sha256(
        report_html(campaign=campaign, language=language).encode()
    ).hexdigest()[:24]
    return f"reports/{campaign.pk}/{language}-{digest}.pdf"


def report_pdf_stored(*, campaign: Campaign, language: str) -> str:
    """Render the report's PDF into storage unless it is there; returns its name."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = report_pdf_name(campaign=campaign, language=language)
    if not default_storage.exists(name):
        default_storage.save(
            name, ContentFile(report_pdf(campaign=campaign, language=language))
        )
    return name

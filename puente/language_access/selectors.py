"""Reads for the language-access pages, always scoped by agency."""

from dataclasses import dataclass, field
from decimal import Decimal

from puente.agencies.models import Agency
from puente.agencies.selectors import workforce_by_language
from puente.language_access.census import Estimate, Geography, LanguageGroup
from puente.language_access.models import Jurisdiction, Translation, VitalDocument
from puente.language_access.rules import (
    Analysis,
    GroupResult,
    Outcome,
    SafeHarbor,
    analyse,
)

WORKFORCE_TOP = 8


def jurisdictions_for_agency(*, agency: Agency) -> list[Jurisdiction]:
    return list(agency.jurisdictions.prefetch_related("figures"))


def agency_analysis(
    *, agency: Agency, jurisdictions: list[Jurisdiction] | None = None
) -> Analysis | None:
    """The safe-harbor analysis of the agency's stored figures; None before any import."""
    if jurisdictions is None:
        jurisdictions = jurisdictions_for_agency(agency=agency)
    if not jurisdictions:
        return None
    geographies = [
        Geography(
            geoid=j.geoid,
            name=j.name,
            population_5_plus=Estimate(j.population_5_plus, j.population_5_plus_moe),
            groups=[
                LanguageGroup(
                    label=f.label,
                    speakers=Estimate(f.speakers, f.speakers_moe),
                    very_well=Estimate(f.very_well, f.very_well_moe),
                    lep=Estimate(f.lep, f.lep_moe),
                )
                for f in j.figures.all()
            ],
        )
        for j in jurisdictions
    ]
    first = jurisdictions[0]
    return analyse(
        geographies,
        table=first.table,
        vintage=first.vintage,
        rule=SafeHarbor.from_settings(),
    )


@dataclass
class Requirement:
    """A language the agency must serve in writing: all vital documents (`translate`) or
    only the notice of free language assistance (`notice`)."""

    language: str
    labels: list[str]
    outcome: str | None
    lep: int | None
    chosen_locally: bool = False

    def requires(self, document: VitalDocument) -> bool:
        if self.outcome == Outcome.TRANSLATE:
            return True
        return self.outcome == Outcome.NOTICE and document.is_language_notice


@dataclass
class Cell:
    document: VitalDocument
    required: bool
    translation: Translation | None

    @property
    def is_gap(self) -> bool:
        return self.required and self.translation is None


@dataclass
class CoverageRow:
    requirement: Requirement
    cells: list[Cell] = field(default_factory=list)

    @property
    def gaps(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_gap]


@dataclass
class Coverage:
    documents: list[VitalDocument]
    rows: list[CoverageRow]
    needs_local_knowledge: list[GroupResult]

    @property
    def gaps(self) -> list[tuple[Requirement, VitalDocument]]:
        return [
            (row.requirement, cell.document) for row in self.rows for cell in row.gaps
        ]


def required_languages(analysis: Analysis | None) -> list[Requirement]:
    """Languages named by a group that meets the safe harbor, largest LEP group first."""
    if analysis is None:
        return []
    by_code: dict[str, Requirement] = {}
    for group in analysis.groups:
        if group.outcome not in (Outcome.TRANSLATE, Outcome.NOTICE):
            continue
        if group.is_aggregate_group or not group.language:
            continue
        current = by_code.get(group.language)
        if current is None:
            by_code[group.language] = Requirement(
                language=group.language,
                labels=[group.label],
                outcome=group.outcome,
                lep=group.lep,
            )
        else:
            current.labels.append(group.label)
            if group.outcome == Outcome.TRANSLATE:
                current.outcome = Outcome.TRANSLATE
    return list(by_code.values())


def groups_needing_local_knowledge(analysis: Analysis | None) -> list[GroupResult]:
    """Groups that meet the safe harbor but name no single language to translate into."""
    if analysis is None:
        return []
    return [
        g
        for g in analysis.groups
        if g.outcome in (Outcome.TRANSLATE, Outcome.NOTICE)
        and (g.is_aggregate_group or not g.language)
    ]


def coverage(*, agency: Agency, analysis: Analysis | None) -> Coverage:
    """Required languages × vital documents, with every gap. Languages the agency has
    translations in without the figures requiring them (e.g. a language it named inside an
    aggregate group) are rows too, marked as chosen locally."""
    documents = list(
        VitalDocument.objects.filter(agency=agency).prefetch_related("translations")
    )
    requirements = required_languages(analysis)
    known = {r.language for r in requirements}
    extra = sorted(
        {
            t.language
            for document in documents
            for t in document.translations.all()
            if t.language not in known
        }
    )
    requirements += [
        Requirement(
            language=code, labels=[], outcome=None, lep=None, chosen_locally=True
        )
        for code in extra
    ]
    rows = []
    for requirement in requirements:
        row = CoverageRow(requirement=requirement)
        for document in documents:
            translation = next(
                (
                    t
                    for t in document.translations.all()
                    if t.language == requirement.language
                ),
                None,
            )
            row.cells.append(
                Cell(
                    document=document,
                    required=requirement.requires(document),
                    translation=translation,
                )
            )
        rows.append(row)
    return Coverage(
        documents=documents,
        rows=rows,
        needs_local_knowledge=groups_needing_local_knowledge(analysis),
    )


@dataclass
class WorkforceRow:
    language: str
    label: str
    lep: int
    outcome: str | None
    able: int
    fluent: int
    certified: int


def workforce_comparison(
    *, agency: Agency, analysis: Analysis | None, top: int = WORKFORCE_TOP
) -> list[WorkforceRow]:
    """Staff able to speak (conversational or better) each of the languages with the most
    LEP residents."""
    if analysis is None:
        return []
    staff = workforce_by_language(agency=agency)
    rows = []
    for group in analysis.groups:
        if group.is_aggregate_group or not group.language or group.lep is None:
            continue
        skills = staff.get(group.language, {})
        rows.append(
            WorkforceRow(
                language=group.language,
                label=group.label,
                lep=group.lep,
                outcome=group.outcome,
                able=skills.get("able", 0),
                fluent=skills.get("fluent", 0),
                certified=skills.get("certified", 0),
            )
        )
        if len(rows) == top:
            break
    return rows


def translation_for_agency(*, agency: Agency, uuid) -> Translation | None:
    return (
        Translation.objects.select_related("document")
        .filter(document__agency=agency, uuid=uuid)
        .first()
    )


def document_for_agency(*, agency: Agency, uuid) -> VitalDocument | None:
    return VitalDocument.objects.filter(agency=agency, uuid=uuid).first()


@dataclass
class InterpreterQuarter:
    language: str
    uses: int
    minutes: int
    cost: Decimal | None  # None when no use of the language has a cost
    translated: bool  # whether any vital document has a translation into it


def interpreter_quarter(*, agency: Agency, quarter) -> list[InterpreterQuarter]:
    """Minutes and cost by language in `quarter` (a lib.quarters.Quarter), most minutes
    first, with whether the agency has translated vital documents into the language:
    a language interpreted often but never translated may need its documents."""
    from django.db.models import Count, Sum

    from puente.language_access.models import InterpreterUse

    rows = (
        InterpreterUse.objects.filter(
            agency=agency, used_on__gte=quarter.start, used_on__lte=quarter.end
        )
        .values("language")
        .annotate(uses=Count("id"), minutes=Sum("minutes"), cost=Sum("cost"))
        .order_by("-minutes", "language")
    )
    translated = set(
        Translation.objects.filter(document__agency=agency).values_list(
            "language", flat=True
        )
    )
    return [
        InterpreterQuarter(
            language=row["language"],
            uses=row["uses"],
            minutes=row["minutes"] or 0,
            cost=row["cost"],
            translated=row["language"] in translated,
        )  # fmt: skip
        for row in rows
    ]


def interpreter_uses(*, agency: Agency, limit: int = 50):
    from puente.language_access.models import InterpreterUse

    return InterpreterUse.objects.filter(agency=agency)[:limit]

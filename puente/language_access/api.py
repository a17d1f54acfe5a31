"""Language access over HTTP: the DOJ safe-harbor analysis of the agency's Census
figures, its vital documents with their translations, and the coverage matrix.
All need VIEW (agencies/roles.py), as the workspace page does."""

from datetime import date
from uuid import UUID

from django.http import Http404
from ninja import Router, Schema

from puente.agencies.api import agency_for_token, agency_token_auth
from puente.language_access import selectors
from puente.lib.api import READ, responses

router = Router(tags=["language access"], auth=agency_token_auth)


class GroupOut(Schema):
    label: str
    language: str | None
    speakers: int | None
    lep: int | None
    lep_moe: int | None
    share_of_population: float | None
    outcome: str | None
    is_aggregate_group: bool
    near_threshold: bool | None


class AnalysisOut(Schema):
    geoids: list[str]
    name: str
    table: str
    vintage: int | None
    population_5_plus: int | None
    lep_total: int | None
    groups: list[GroupOut]


class RequirementOut(Schema):
    language: str
    outcome: str | None
    lep: int | None
    chosen_locally: bool


class CellOut(Schema):
    document: UUID
    required: bool
    translated: bool
    gap: bool


class CoverageRowOut(Schema):
    requirement: RequirementOut
    cells: list[CellOut]


class LanguageAccessOut(Schema):
    """`analysis` is null before any Census import."""

    analysis: AnalysisOut | None
    required_languages: list[RequirementOut]
    coverage: list[CoverageRowOut]
    gaps: int


class TranslationOut(Schema):
    uuid: UUID
    language: str
    translated_on: date
    reviewed_by: str
    filename: str
    size: int


class DocumentOut(Schema):
    uuid: UUID
    kind: str
    title: str
    description: str
    translations: list[TranslationOut]


def _requirement(req) -> dict:
    return {
        "language": req.language,
        "outcome": req.outcome,
        "lep": req.lep,
        "chosen_locally": req.chosen_locally,
    }


@router.get(
    "/agencies/{slug}/language-access",
    response=responses({200: LanguageAccessOut}, (304, 401, 404)),
    summary="Safe-harbor analysis, required languages and translation coverage",
)
def language_access(request, slug: str):
    """Needs VIEW. The same selectors as the workspace's language-access page."""
    agency = agency_for_token(request, slug).agency
    analysis = selectors.agency_analysis(agency=agency)
    coverage = selectors.coverage(agency=agency, analysis=analysis)
    return {
        "analysis": (
            {**analysis.as_dict(), "groups": [
                {**g.as_dict(), "language": g.language} for g in analysis.groups
            ]}
            if analysis
            else None
        ),
        "required_languages": [
            _requirement(r) for r in selectors.required_languages(analysis)
        ],
        "coverage": [
            {
                "requirement": _requirement(row.requirement),
                "cells": [
                    {
                        "document": cell.document.uuid,
                        "required": cell.required,
                        "translated": cell.translation is not None,
                        "gap": cell.is_gap,
                    }
                    for cell in row.cells
                ],
            }
            for row in coverage.rows
        ],
        "gaps": len(coverage.gaps),
    }  # fmt: skip


def _document(doc) -> dict:
    return {
        "uuid": doc.uuid, "kind": doc.kind, "title": str(doc),
        "description": doc.description,
        "translations": [
            {"uuid": t.uuid, "language": t.language, "translated_on": t.translated_on,
             "reviewed_by": t.reviewed_by, "filename": t.filename, "size": t.size}
            for t in doc.translations.all()
        ],
    }  # fmt: skip


@router.get(
    "/agencies/{slug}/language-access/documents",
    response=responses({200: list[DocumentOut]}, (304, 401, 404)),
    summary="Vital documents and their translations",
)
def vital_documents(request, slug: str):
    """Needs VIEW."""
    agency = agency_for_token(request, slug).agency
    return [
        _document(doc)
        for doc in agency.vital_documents.prefetch_related("translations")
    ]


@router.get(
    "/agencies/{slug}/language-access/documents/{uuid}",
    response=responses({200: DocumentOut}, READ),
    summary="One vital document",
)
def vital_document(request, slug: str, uuid: UUID):
    """Needs VIEW."""
    agency = agency_for_token(request, slug).agency
    doc = selectors.document_for_agency(agency=agency, uuid=uuid)
    if doc is None:
        raise Http404
    return _document(doc)

"""Language access for the fictional Riverbend demo agency.

Its jurisdiction is an example: the real ACS 2018 1-year figures of Minnesota (table B16001),
the state the fictional agency is placed in, stored with `is_example=True` so that every page
says these are a state's figures used as an example. The register of vital documents and the
translations are invented, with gaps left on purpose.
"""

from datetime import date, timedelta

from django.db import transaction

from puente.agencies.models import Agency
from puente.agencies.services import workforce_languages_replace
from puente.language_access.census import DATA_DIR
from puente.language_access.models import VitalDocument
from puente.language_access.services import (
    jurisdictions_import,
    translation_upload,
    vital_document_create,
)

DEMO_AGENCY = "riverbend-pd-fictional"
EXAMPLE_FILE = "acs1_2018_B16001_state.csv"
EXAMPLE_GEOID = "0400000US27"  # Minnesota

K = VitalDocument.Kind
DOCUMENTS = [
    (K.COMPLAINT_FORM, "", ["es", "hmn", "so"]),
    (K.VICTIM_RIGHTS, "", ["es", "so"]),
    (K.CONSENT_FORM, "", ["es"]),
    (K.LANGUAGE_ASSISTANCE, "", ["es", "hmn", "so", "vi", "zh"]),
    (K.CRIME_PREVENTION, "", ["es", "hmn"]),
    (K.COURT_PROCEDURE, "", []),
    (K.OTHER, "Hate-crime reporting card (fictional demo)", ["so"]),
]
REVIEWERS = {
    "es": "Certified court interpreter (Spanish)",
    "hmn": "Hmong community liaison",
    "so": "Somali community center staff (fictional)",
    "vi": "Contract translation agency, second reader",
    "zh": "Contract translation agency, second reader",
}
WORKFORCE = [
    {"language": "es", "level": "fluent", "staff": 9, "sworn": 6},
    {"language": "es", "level": "certified", "staff": 2, "sworn": 1},
    {"language": "es", "level": "conversational", "staff": 7, "sworn": 6},
    {"language": "so", "level": "fluent", "staff": 2, "sworn": 1},
    {"language": "hmn", "level": "fluent", "staff": 3, "sworn": 2},
    {"language": "vi", "level": "conversational", "staff": 1, "sworn": 1},
]


def _demo_file(document: VitalDocument, language: str) -> bytes:
    return (
        f"{document} - {language}\n\n"
        "Example translation made for the Puente demo (fictional agency). "
        "The text of a real translation goes here.\n"
    ).encode()


@transaction.atomic
def language_access_demo_load() -> int:
    """Give the Riverbend demo agency its example jurisdiction, register and translations.
    Runs once: an agency that already has them is left as it is."""
    agency = Agency.objects.filter(slug=DEMO_AGENCY).first()
    if agency is None:
        return 0
    changed = 0
    if not agency.jurisdictions.exists():
        path = DATA_DIR / EXAMPLE_FILE
        jurisdictions_import(
            actor=None,
            agency=agency,
            files=[(EXAMPLE_FILE, path.read_bytes())],
            geoids=[EXAMPLE_GEOID],
            is_example=True,
        )
        changed += 1
    if not agency.workforce_languages.exists():
        workforce_languages_replace(actor=None, agency=agency, rows=WORKFORCE)
        changed += 1
    if not agency.vital_documents.exists():
        for number, (kind, title, languages) in enumerate(DOCUMENTS):
            document = vital_document_create(
                actor=None, agency=agency, kind=kind, title=title
            )
            changed += 1
            for language in languages:
                translation_upload(
                    actor=None,
                    document=document,
                    language=language,
                    translated_on=date(2025, 3 + number, 10),
                    reviewed_by=REVIEWERS[language],
                    data=_demo_file(document, language),
                    filename=f"{kind}-{language}.txt",
                )
                changed += 1
    if not agency.interpreter_uses.exists():
        changed += _interpreter_uses(agency)
    return changed


# Invented language-line and interpreter use: Somali and Hmong interpreted often,
# Amharic (no translated documents) now and then.
INTERPRETER_USES = [
    ("so", "telephone", 14, 12), ("so", "in_person", 3, 60), ("hmn", "telephone", 9, 10),
    ("es", "telephone", 22, 8), ("am", "telephone", 4, 15), ("vi", "video", 2, 20),
]  # fmt: skip


def _interpreter_uses(agency) -> int:
    from decimal import Decimal

    from django.utils import timezone

    from puente.language_access.models import InterpreterUse

    today = timezone.localdate()
    rows = []
    for language, mode, count, minutes in INTERPRETER_USES:
        for number in range(count):
            rows.append(
                InterpreterUse(
                    agency=agency, language=language, mode=mode, minutes=minutes,
                    used_on=today - timedelta(days=3 + 5 * number),
                    vendor="Demo Language Line (fictional)",
                    cost=Decimal(minutes) * Decimal("1.10"),
                )
            )  # fmt: skip
    InterpreterUse.objects.bulk_create(rows)
    return len(rows)

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.audit.models import AuditEvent
from puente.audit.services import changed_fields, record
from puente.language_access.census import (
    AcsError,
    Geography,
    read_acs,
    select_geographies,
)
from puente.language_access.models import (
    AgeFigure,
    Jurisdiction,
    LanguageFigure,
    Translation,
    VitalDocument,
)
from puente.lib.languages import is_known_language
from puente.lib.uploads import inspect_upload, safe_filename

MAX_ACS_BYTES = 20 * 1024 * 1024
MAX_TRANSLATION_BYTES = 20 * 1024 * 1024


@transaction.atomic
def jurisdictions_import(
    *,
    actor,
    agency: Agency,
    files: list[tuple[str, bytes]],
    geoids: list[str],
    vintage: int | None = None,
    is_example: bool = False,
) -> list[Jurisdiction]:
    """Replace the agency's jurisdictions with these GEOIDs and their figures from the files.

    All or nothing: any unreadable file, missing GEOID or suppressed population raises
    AcsError and changes nothing.
    """
    tables = []
    for filename, data in files:
        if len(data) > MAX_ACS_BYTES:
            raise AcsError(
                _("The file %(name)s is larger than 20 MB.") % {"name": filename[:80]}
            )
        tables.append(read_acs(data, filename=filename, vintage=vintage))
    table, year, geographies = select_geographies(tables, geoids)
    suppressed = [g.geoid for g in geographies if g.population_5_plus.is_gap]
    if suppressed:
        raise AcsError(
            _(
                "The population 5 years and over is suppressed for %(geoids)s; the file "
                "cannot be used for it. Try the 5-year estimates."
            )
            % {"geoids": ", ".join(suppressed)}
        )
    sources = ", ".join(name for name, _data in files)[:200]
    before = sorted(agency.jurisdictions.values_list("geoid", flat=True))
    agency.jurisdictions.all().delete()
    created = [
        _jurisdiction_create(
            agency=agency,
            geography=geography,
            table=table,
            vintage=year,
            source=sources,
            is_example=is_example,
        )
        for geography in geographies
    ]
    record(
        action=AuditEvent.Action.IMPORT,
        actor=actor,
        agency=agency,
        obj=created[0],
        changes={
            "jurisdictions": [before, [j.geoid for j in created]],
            "table": [None, table],
            "vintage": [None, year],
        },
    )
    return created


def _jurisdiction_create(
    *,
    agency: Agency,
    geography: Geography,
    table: str,
    vintage: int | None,
    source: str,
    is_example: bool,
) -> Jurisdiction:
    jurisdiction = Jurisdiction(
        agency=agency,
        geoid=geography.geoid,
        name=geography.name[:200],
        table=table,
        vintage=vintage,
        population_5_plus=geography.population_5_plus.value,
        population_5_plus_moe=geography.population_5_plus.moe,
        source_filename=source,
        is_example=is_example,
    )
    jurisdiction.full_clean()
    jurisdiction.save()
    LanguageFigure.objects.bulk_create(
        LanguageFigure(
            jurisdiction=jurisdiction,
            position=position,
            label=group.label[:200],
            speakers=group.speakers.value,
            speakers_moe=group.speakers.moe,
            very_well=group.very_well.value,
            very_well_moe=group.very_well.moe,
            lep=group.lep.value,
            lep_moe=group.lep.moe,
        )
        for position, group in enumerate(geography.groups)
    )
    return jurisdiction


@transaction.atomic
def age_figures_import(
    *,
    actor,
    agency: Agency,
    files: list[tuple[str, bytes]],
    vintage: int | None = None,
) -> list[AgeFigure]:
    """Replace the agency's adults by age band with ACS table B01001 for its jurisdictions.

    `files`: (name, content) of up to a few B01001 files (ages.read_b01001). The figures
    of every jurisdiction the agency has loaded for language access are taken from them;
    other rows of the files are ignored. All or nothing: no jurisdictions yet, one of
    them in no file, an unreadable file or files of different years raise AcsError and
    change nothing. Returns the rows created (one per GEOID and band).
    """
    from puente.language_access.ages import BANDS, read_b01001
    from puente.language_access.census import _same_geography

    geoids = list(agency.jurisdictions.values_list("geoid", flat=True))
    if not geoids:
        raise AcsError(
            _(
                "Load the language tables (C16001 or B16001) first: the age figures are "
                "taken for the same geographies."
            )
        )
    tables = []
    for filename, data in files:
        if len(data) > MAX_ACS_BYTES:
            raise AcsError(
                _("The file %(name)s is larger than 20 MB.") % {"name": filename[:80]}
            )
        tables.append(read_b01001(data, filename=filename, vintage=vintage))
    if not tables:
        raise AcsError(_("Give at least one ACS file."))
    years = {t.vintage for t in tables}
    if len(years) > 1:
        raise AcsError(
            _(
                "The files are of different ACS years (%(years)s); figures of different "
                "years cannot be added up."
            )
            % {"years": ", ".join(str(y) if y else _("unknown") for y in years)}
        )
    (year,) = years
    found, missing = [], []
    for geoid in geoids:
        geography = next(
            (
                g
                for t in tables
                for key, g in t.geographies.items()
                if key.upper() == geoid.upper() or _same_geography(geoid, key.upper())
            ),
            None,
        )
        (found if geography else missing).append((geoid, geography))
    if missing:
        raise AcsError(
            _("No row for GEOID %(geoids)s in the file(s).")
            % {"geoids": ", ".join(g for g, _none in missing)}
        )
    before = sorted(set(agency.age_figures.values_list("geoid", flat=True)))
    agency.age_figures.all().delete()
    sources = ", ".join(name for name, _data in files)[:200]
    created = AgeFigure.objects.bulk_create(
        AgeFigure(
            agency=agency,
            geoid=geoid,
            name=geography.name[:200],
            vintage=year,
            band=band,
            people=geography.bands[band],
            people_moe=geography.moes[band],
            source_filename=sources,
        )
        for geoid, geography in found
        for band in BANDS
    )
    record(
        action=AuditEvent.Action.IMPORT,
        actor=actor,
        agency=agency,
        obj=created[0],
        changes={"age figures": [before, [geoid for geoid, _g in found]]},
    )
    return created


@transaction.atomic
def vital_document_create(
    *, actor, agency: Agency, kind: str, title: str = "", description: str = ""
) -> VitalDocument:
    if kind == VitalDocument.Kind.OTHER and not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    if (
        kind != VitalDocument.Kind.OTHER
        and not title.strip()
        and agency.vital_documents.filter(kind=kind, title="").exists()
    ):
        raise ValidationError(
            {
                "kind": _(
                    "This kind of document is already in the register; give the new "
                    "one a title to tell them apart."
                )
            }
        )
    document = VitalDocument(
        agency=agency, kind=kind, title=title.strip(), description=description.strip()
    )
    document.full_clean()
    document.save()
    record(action=AuditEvent.Action.CREATE, actor=actor, agency=agency, obj=document)
    return document


@transaction.atomic
def translation_upload(
    *,
    actor,
    document: VitalDocument,
    language: str,
    translated_on: date,
    reviewed_by: str,
    data: bytes,
    filename: str,
) -> Translation:
    """Check the file by its content and store it as the document's translation into
    `language`, replacing an earlier one. UploadRejected or ValidationError otherwise."""
    if not is_known_language(language) or language == "en":
        raise ValidationError(
            {"language": _("Choose the language of the translation.")}
        )
    inspected = inspect_upload(data, filename, max_bytes=MAX_TRANSLATION_BYTES)
    translation = document.translations.filter(language=language).first()
    before, old_file = None, None
    if translation is None:
        translation = Translation(document=document, language=language)
    else:
        before = {
            "translated_on": str(translation.translated_on),
            "reviewed_by": translation.reviewed_by,
            "sha256": translation.sha256,
        }
        old_file = translation.file.name
    translation.translated_on = translated_on
    translation.reviewed_by = reviewed_by.strip()
    translation.filename = safe_filename(filename)
    translation.content_type = inspected.content_type
    translation.size = inspected.size
    translation.sha256 = inspected.sha256
    translation.uploaded_by = (
        actor if getattr(actor, "is_authenticated", False) else None
    )
    translation.file.save(translation.filename, ContentFile(data), save=False)
    translation.full_clean()
    translation.save()
    if old_file and old_file != translation.file.name:
        storage = translation.file.storage
        # Files are not transactional: the old one goes only once the new row is committed.
        transaction.on_commit(lambda: storage.delete(old_file))
    after = {
        "translated_on": str(translated_on),
        "reviewed_by": translation.reviewed_by,
        "sha256": translation.sha256,
    }
    record(
        action=AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE,
        actor=actor,
        agency=document.agency,
        obj=translation,
        changes=changed_fields(before or {}, after),
    )
    return translation


def _delete_files_on_commit(names: list[str], storage) -> None:
    # Files are not transactional: they go only once the rows are gone for good.
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def translation_delete(*, actor, translation: Translation) -> None:
    agency = translation.document.agency
    record(action=AuditEvent.Action.DELETE, actor=actor, agency=agency, obj=translation)
    _delete_files_on_commit([translation.file.name], translation.file.storage)
    translation.delete()


@transaction.atomic
def vital_document_delete(*, actor, document: VitalDocument) -> None:
    """Remove a document from the register with its translations and their files."""
    translations = list(document.translations.all())
    for translation in translations:
        record(
            action=AuditEvent.Action.DELETE,
            actor=actor,
            agency=document.agency,
            obj=translation,
        )
    record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        agency=document.agency,
        obj=document,
    )
    if translations:
        _delete_files_on_commit(
            [t.file.name for t in translations], translations[0].file.storage
        )
    document.delete()


@transaction.atomic
def vital_document_update(
    *, actor, document: VitalDocument, title: str, description: str
) -> VitalDocument:
    if document.kind == VitalDocument.Kind.OTHER and not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    before = {"title": document.title, "description": document.description}
    document.title, document.description = title.strip(), description.strip()
    document.full_clean()
    document.save(update_fields=["title", "description"])
    changes = changed_fields(
        before, {"title": document.title, "description": document.description}
    )
    if changes:
        record(
            action=AuditEvent.Action.UPDATE, actor=actor, agency=document.agency,
            obj=document, changes=changes,
        )  # fmt: skip
    return document


# Interpreter and language-line use

MAX_INTERPRETER_ROWS = 20_000
MAX_INTERPRETER_BYTES = 5 * 1024 * 1024
# Column names vendors use on their monthly statements, lower-cased.
INTERPRETER_COLUMNS = {
    "used_on": ("date", "call date", "service date"),
    "language": ("language", "target language"),
    "minutes": ("minutes", "duration", "duration (minutes)", "billable minutes"),
    "vendor": ("vendor", "provider"),
    "mode": ("mode", "service type", "type"),
    "cost": ("cost", "charge", "amount", "total"),
}
_MODES = {
    "in person": "in_person", "in_person": "in_person", "onsite": "in_person",
    "on-site": "in_person", "telephone": "telephone", "phone": "telephone",
    "opi": "telephone", "video": "video", "vri": "video",
}  # fmt: skip


class InterpreterImportError(ValueError):
    """The file was refused; `errors` lists (line, message) and nothing was stored."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(errors[0][1] if errors else "")
        self.errors = errors


def _language_code(text: str) -> str | None:
    from babel import Locale

    value = text.strip()
    if is_known_language(value.lower()):
        return value.lower()
    names = {name.casefold(): code for code, name in Locale("en").languages.items()}
    return names.get(value.casefold())


def _interpreter_row(
    values: dict[str, str], default_vendor: str
) -> tuple[dict, list[str]]:
    from datetime import date as date_type
    from decimal import Decimal, InvalidOperation

    errors, row = [], {}
    try:
        row["used_on"] = date_type.fromisoformat(values.get("used_on", "").strip())
    except ValueError:
        errors.append(_("the date is not a date such as 2026-03-31"))
    language = _language_code(values.get("language", ""))
    if language is None:
        errors.append(
            _("“%(language)s” is not a language we know")
            % {"language": values.get("language", "")[:40]}
        )
    row["language"] = language
    minutes = values.get("minutes", "").strip()
    if minutes.isdigit() and 0 < int(minutes) <= 24 * 60:
        row["minutes"] = int(minutes)
    else:
        errors.append(_("the minutes must be a whole number from 1 to 1440"))
    mode = _MODES.get(values.get("mode", "").strip().lower())
    if mode is None:
        errors.append(_("the mode must be in person, telephone or video"))
    row["mode"] = mode
    cost = values.get("cost", "").strip().lstrip("$").replace(",", "")
    row["cost"] = None
    if cost:
        try:
            row["cost"] = Decimal(cost).quantize(Decimal("0.01"))
            if row["cost"] < 0 or row["cost"] >= 10**8:
                raise InvalidOperation
        except InvalidOperation:
            errors.append(_("the cost is not an amount such as 12.50"))
    row["vendor"] = (values.get("vendor", "").strip() or default_vendor)[:120]
    return row, errors


@transaction.atomic
def interpreter_use_create(*, actor, agency: Agency, **fields):
    from puente.language_access.models import InterpreterUse

    use = InterpreterUse(agency=agency, **fields)
    use.full_clean()
    use.save()
    record(
        action=AuditEvent.Action.CREATE, actor=actor, agency=agency, obj=use,
        changes={"language": [None, use.language], "minutes": [None, use.minutes]},
    )  # fmt: skip
    return use


@transaction.atomic
def interpreter_uses_import(
    *, actor, agency: Agency, path, filename: str, vendor: str = ""
) -> int:
    """Import a vendor's monthly statement (CSV or XLSX read by `lib.spreadsheets`):
    one row per use with date, language (code or English name), minutes, mode and
    optionally vendor and cost. All or nothing: any bad row raises
    InterpreterImportError with every (line, error) and stores nothing. Bounded by
    MAX_INTERPRETER_BYTES and MAX_INTERPRETER_ROWS. Returns how many rows were stored."""
    from pathlib import Path

    from puente.language_access.models import InterpreterUse
    from puente.lib.spreadsheets import SpreadsheetError, read_table

    if Path(path).stat().st_size > MAX_INTERPRETER_BYTES:
        raise InterpreterImportError([(0, _("The file is larger than 5 MB."))])
    try:
        table = read_table(path)
    except SpreadsheetError as exc:
        raise InterpreterImportError([(0, str(exc))]) from None
    header = {c.strip().lower(): c for c in table.columns}
    columns = {}
    for field, names in INTERPRETER_COLUMNS.items():
        found = next((header[n] for n in names if n in header), None)
        if found:
            columns[field] = found
    missing = [
        f for f in ("used_on", "language", "minutes", "mode") if f not in columns
    ]
    if missing:
        raise InterpreterImportError(
            [(1, _("The first row needs the columns: date, language, minutes, mode."))]
        )
    if len(table.rows) > MAX_INTERPRETER_ROWS:
        raise InterpreterImportError(
            [
                (
                    0,
                    _("The file has more than %(rows)s rows.")
                    % {"rows": MAX_INTERPRETER_ROWS},
                )
            ]
        )
    uses, errors = [], []
    for line, values in table.rows:
        row, row_errors = _interpreter_row(
            {field: values.get(column, "") for field, column in columns.items()}, vendor
        )
        if row_errors:
            errors.append((line, "; ".join(row_errors)))
            continue
        uses.append(
            InterpreterUse(agency=agency, source_filename=filename[:200], **row)
        )
    if errors:
        raise InterpreterImportError(errors)
    InterpreterUse.objects.bulk_create(uses, batch_size=1000)
    record(
        action=AuditEvent.Action.IMPORT, actor=actor, agency=agency,
        changes={"interpreter_uses": [None, len(uses)], "file": [None, filename[:200]]},
    )  # fmt: skip
    return len(uses)

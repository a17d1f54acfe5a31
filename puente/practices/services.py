from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.audit.models import AuditEvent
from puente.audit.services import record
from puente.lib.tasks import enqueue
from puente.lib.uploads import inspect_upload, safe_filename
from puente.practices import search
from puente.practices.models import (
    Adoption,
    Document,
    Episode,
    Evidence,
    Practice,
    PracticeText,
    PracticeVersion,
    SearchEntry,
    Status,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
TEXT_FIELDS = ("title", "summary", "description", "outcomes")
PRACTICE_FIELDS = (
    "category", "principles", "hours_per_week", "cost_band", "suits_types", "suits_sizes",
    "languages", "source", "source_url", "is_example", "starter_kit",
)  # fmt: skip


def _tags(values) -> str:
    return f" {' '.join(values)} " if values else ""


def _practice_snapshot(practice: Practice) -> dict[str, Any]:
    return {
        **{field: getattr(practice, field) for field in PRACTICE_FIELDS},
        "status": practice.status,
        "texts": {
            t.language: {f: getattr(t, f) for f in TEXT_FIELDS}
            for t in practice.texts.all()
        },
    }


def _index_after_commit(entry_ids: list[int]) -> None:
    """Queue the full-text indexing of these entries for when the caller's transaction
    commits. The entries' rows (visibility, facets) change in the transaction itself, so
    a withdrawn practice leaves search at once; only the stemming and the text vectors,
    the slow part for a long document, wait for the worker."""
    from puente.practices.tasks import search_index

    if entry_ids:
        enqueue(search_index, sorted(set(entry_ids)))


def practice_index(practice: Practice) -> None:
    """Bring the search entries of a practice in line with it (one per language); the
    full-text index follows after commit."""
    stale = SearchEntry.objects.filter(
        kind=SearchEntry.Kind.PRACTICE, object_id=practice.pk
    )
    keep = []
    for text in practice.texts.all():
        entry, _created = SearchEntry.objects.update_or_create(
            kind=SearchEntry.Kind.PRACTICE, object_id=practice.pk, language=text.language,
            defaults={
                "title": text.title,
                "body": "\n\n".join(filter(None, [text.summary, text.description, text.outcomes])),
                "url": reverse("practices:detail", kwargs={"slug": practice.slug}),
                "is_public": practice.is_published,
                "agency": practice.contributed_by,
                "principles": _tags(practice.principles),
                "category": practice.category,
                "suits_types": _tags(practice.suits_types),
                "suits_sizes": _tags(practice.suits_sizes),
                "languages": _tags(practice.languages),
                "cost_band": practice.cost_band,
                "hours_per_week": practice.hours_per_week,
            },
        )  # fmt: skip
        keep.append(entry.pk)
    gone = list(stale.exclude(pk__in=keep).values_list("pk", flat=True))
    search.unindex(gone)
    SearchEntry.objects.filter(pk__in=gone).delete()
    _index_after_commit(keep)


def _facets_of(practice: Practice | None) -> dict[str, Any]:
    if practice is None:
        return {}
    return {
        "principles": _tags(practice.principles), "category": practice.category,
        "suits_types": _tags(practice.suits_types), "suits_sizes": _tags(practice.suits_sizes),
        "cost_band": practice.cost_band, "hours_per_week": practice.hours_per_week,
    }  # fmt: skip


def document_index(document: Document) -> None:
    entry, _created = SearchEntry.objects.update_or_create(
        kind=SearchEntry.Kind.DOCUMENT, object_id=document.pk, language=document.language,
        defaults={
            "title": document.title, "body": "\n\n".join(filter(None, [document.description, document.text])),
            "url": reverse("practices:document", kwargs={"slug": document.slug}),
            "is_public": document.status == Status.PUBLISHED, "agency": document.contributed_by,
            **_facets_of(document.practice),
        },
    )  # fmt: skip
    _index_after_commit([entry.pk])


def episode_index(episode: Episode) -> None:
    entry, _created = SearchEntry.objects.update_or_create(
        kind=SearchEntry.Kind.EPISODE, object_id=episode.pk, language=episode.language,
        defaults={
            "title": episode.title.get(episode.language) or episode.localized_title,
            "body": "\n\n".join(filter(None, [episode.description.get(episode.language, ""), episode.guests, episode.transcript])),
            "url": reverse("practices:episode", kwargs={"slug": episode.slug}),
            "is_public": episode.status == Status.PUBLISHED, **_facets_of(episode.practice),
        },
    )  # fmt: skip
    _index_after_commit([entry.pk])


@transaction.atomic
def practice_save(
    *, actor, data: dict[str, Any], texts: dict[str, dict[str, str]], practice: Practice | None = None,
    slug: str | None = None, contributed_by=None, status: str | None = None,
) -> Practice:  # fmt: skip
    """Create or change a practice; a change keeps the previous state as a version."""
    created = practice is None
    if created:
        practice = Practice(slug=slug, contributed_by=contributed_by)
    else:
        PracticeVersion.objects.create(
            practice=practice,
            number=practice.version,
            snapshot=_practice_snapshot(practice),
            created_by=actor,
        )
        practice.version += 1
    for field in PRACTICE_FIELDS:
        if field in data:
            setattr(practice, field, data[field])
    if status:
        practice.status = status
        if status == Status.PUBLISHED and practice.published_at is None:
            practice.published_at = timezone.now()
    practice.full_clean()
    practice.save()
    for language, values in texts.items():
        PracticeText.objects.update_or_create(
            practice=practice,
            language=language,
            defaults={f: values.get(f, "") for f in TEXT_FIELDS},
        )
    practice_index(practice)
    for document in practice.documents.all():
        document_index(document)
    record(
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        actor=actor, agency=practice.contributed_by, obj=practice, changes={"version": practice.version},
    )  # fmt: skip
    return practice


@transaction.atomic
def document_upload(
    *, actor, data: bytes, filename: str, title: str, group: str, language: str, practice: Practice | None = None,
    description: str = "", contributed_by=None, status: str = Status.DRAFT, slug: str, is_example: bool = False,
    translation_of: Document | None = None,
) -> Document:  # fmt: skip
    """Check an upload by its content, extract its text and store it; UploadRejected otherwise."""
    inspected = inspect_upload(data, filename, max_bytes=MAX_UPLOAD_BYTES)
    document = Document(
        slug=slug, practice=practice, contributed_by=contributed_by, group=group, language=language,
        title=title, description=description, filename=safe_filename(filename),
        content_type=inspected.content_type, size=inspected.size, sha256=inspected.sha256,
        pages=inspected.pages, text=inspected.text, status=status, is_example=is_example,
        translation_of=translation_of,
    )  # fmt: skip
    document.file.save(document.filename, ContentFile(data), save=False)
    document.full_clean()
    document.save()
    document_index(document)
    record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        agency=contributed_by,
        obj=document,
    )
    return document


@transaction.atomic
def practice_submit_for_review(*, actor, practice: Practice) -> Practice:
    practice.status = Status.IN_REVIEW
    practice.save(update_fields=["status", "updated_at"])
    practice_index(practice)
    record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        agency=practice.contributed_by,
        obj=practice,
        changes={"status": ["draft", "in_review"]},
    )
    return practice


@transaction.atomic
def practice_review(
    *, editor, practice: Practice, decision: str, note: str = ""
) -> Practice:
    """An editor publishes a practice in review, or sends it back with a note."""
    old = practice.status
    if decision == "publish":
        practice.status, practice.review_note = Status.PUBLISHED, note
        practice.published_at = practice.published_at or timezone.now()
    else:
        practice.status, practice.review_note = Status.CHANGES_REQUESTED, note
    practice.save()
    practice_index(practice)
    for document in practice.documents.all():
        if decision == "publish" and document.status != Status.PUBLISHED:
            document.status = Status.PUBLISHED
            document.save(update_fields=["status"])
        document_index(document)
    record(
        action=AuditEvent.Action.UPDATE, actor=editor, agency=practice.contributed_by, obj=practice,
        changes={"status": [old, practice.status], "note": note},
    )  # fmt: skip
    return practice


ADOPTION_FIELDS = ("practice", "program", "started_on", "ended_on", "note")


def _adoption_values(adoption: Adoption) -> dict[str, Any]:
    return {
        "practice": adoption.practice.slug,
        "program": str(adoption.program) if adoption.program_id else "",
        "started_on": adoption.started_on.isoformat() if adoption.started_on else "",
        "ended_on": adoption.ended_on.isoformat() if adoption.ended_on else "",
        "note": adoption.note,
    }


def _check_program(adoption: Adoption) -> None:
    if adoption.program_id and adoption.program.agency_id != adoption.agency_id:
        raise ValidationError({"program": _("Choose one of your agency's programs.")})


@transaction.atomic
def adoption_record(
    *, agency, practice: Practice, started_on, ended_on=None, program=None,
    note: str = "", actor=None,
) -> Adoption:  # fmt: skip
    """An agency starts (or started) running a practice. ValidationError when the
    dates are out of order or the program is another agency's. Audited."""
    adoption = Adoption(
        agency=agency, practice=practice, program=program, started_on=started_on,
        ended_on=ended_on, note=note,
    )  # fmt: skip
    _check_program(adoption)
    adoption.full_clean()
    adoption.save()
    record(
        action=AuditEvent.Action.CREATE, actor=actor, agency=agency, obj=adoption,
        changes={k: [None, v] for k, v in _adoption_values(adoption).items()},
    )  # fmt: skip
    return adoption


@transaction.atomic
def adoption_change(*, adoption: Adoption, actor=None, **values) -> Adoption:
    """Change an adoption's practice, program, dates or note; the audit log keeps the
    old and new value of every changed field."""
    unknown = set(values) - set(ADOPTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = _adoption_values(adoption)
    for field, value in values.items():
        setattr(adoption, field, value)
    _check_program(adoption)
    adoption.full_clean()
    adoption.save()
    after = _adoption_values(adoption)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        record(
            action=AuditEvent.Action.UPDATE, actor=actor, agency=adoption.agency,
            obj=adoption, changes=changes,
        )  # fmt: skip
    return adoption


@transaction.atomic
def adoption_delete(*, adoption: Adoption, actor=None) -> None:
    """Remove an adoption recorded by mistake (one that ended is ended, not removed);
    the audit log keeps what it said."""
    record(
        action=AuditEvent.Action.DELETE, actor=actor, agency=adoption.agency,
        obj=adoption,
        changes={k: [v, None] for k, v in _adoption_values(adoption).items()},
    )  # fmt: skip
    adoption.delete()


@transaction.atomic
def evidence_replace(
    *, practice: Practice, results: list[dict[str, Any]], is_fictional: bool
) -> list[Evidence]:
    """Replace a practice's evidence with `results` (each an
    `insights.evidence.Estimate.as_dict()`). An empty list removes it: no estimate
    where too few agencies adopted."""
    Evidence.objects.filter(practice=practice).delete()
    now = timezone.now()
    return Evidence.objects.bulk_create(
        Evidence(
            practice=practice,
            outcome=r["outcome"],
            result=r,
            is_fictional=is_fictional,
            computed_at=now,
        )  # fmt: skip
        for r in results
    )

"""Imports off the request: the upload is stored and queued at once; a worker runs the
importer (`imports.contacts_import` / `events_import`, unchanged) and keeps its
row-by-row result on the job for the job page."""

import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation

from puente.agencies.models import Agency
from puente.lib.spreadsheets import SpreadsheetError
from puente.lib.tasks import enqueue
from puente.outreach import imports
from puente.outreach.models import ImportJob

RUNNERS = {"contacts": imports.contacts_import, "events": imports.events_import}


@transaction.atomic
def import_job_create(*, actor, agency: Agency, kind: str, upload) -> ImportJob:
    """Store the uploaded file and queue its import; returns the job at once.
    `upload` is a Django UploadedFile (already checked by outreach.forms.ImportForm)."""
    from puente.outreach.tasks import import_job_run

    if kind not in RUNNERS:
        raise ValueError(kind)
    job = ImportJob(
        agency=agency, kind=kind, filename=Path(upload.name).name[:255], size_bytes=upload.size,
        created_by=actor, language=translation.get_language() or "en",
    )  # fmt: skip
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    job.file.save(f"{job.uuid}{suffix}", upload, save=False)
    job.save()
    enqueue(import_job_run, job.pk)
    return job


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import once: the job is claimed with a conditional update, so a
    second delivery of the task does nothing. Returns the job, or None if not claimed."""
    claimed = ImportJob.objects.filter(
        pk=job_id, status=ImportJob.Status.QUEUED
    ).update(status=ImportJob.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(job.file.name).name
        with job.file.open("rb") as source, path.open("wb") as target:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                target.write(chunk)
        with translation.override(job.language):
            try:
                result = RUNNERS[job.kind](
                    actor=job.created_by, agency=job.agency, path=path
                )
            except imports.ImportRejected as exc:
                result, job.status = exc.result, ImportJob.Status.REJECTED
            except SpreadsheetError as exc:
                result, job.status = None, ImportJob.Status.REJECTED
                job.error = str(exc)[:500]
            else:
                job.status = ImportJob.Status.DONE
    if result is not None:
        job.rows, job.problem_count = result.rows, result.problem_count
        if result.format is not None:
            with translation.override(job.language):
                job.read_as = str(result.format.describe())[:300]
        job.problems = [
            {"line": p.line, "column": p.column, "message": str(p.message)}
            for p in result.problems
        ]
    job.finished_at = timezone.now()
    job.save()
    # The rows are in the database now; the uploaded copy is not kept.
    job.file.delete(save=True)
    return job


def import_job_fail(*, job_id: int, error: str) -> None:
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED, error=error[:500], finished_at=timezone.now()
    )

"""Imports off the request: the upload is stored and queued at once; a worker runs the
importer (`imports.contacts_import` / `events_import`, unchanged) and keeps its
row-by-row result on the job for the job page. The job's life is `puente.lib.jobs`."""

from django.db import transaction

from puente.agencies.models import Agency
from puente.lib.jobs import JobOutcome, JobRejected, job_create, job_run
from puente.lib.spreadsheets import SpreadsheetError
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
    return job_create(
        ImportJob, task=import_job_run, uploads=[upload], actor=actor, kind=kind,
        agency=agency,
    )  # fmt: skip


def _outcome(result: imports.ImportResult) -> JobOutcome:
    return JobOutcome(
        rows=result.rows,
        problems=[
            {"line": p.line, "column": p.column, "message": str(p.message)}
            for p in result.problems
        ],
        problem_count=result.problem_count,
        read_as=result.format.describe() if result.format is not None else "",
    )


def _import(job: ImportJob, files) -> JobOutcome:
    (_name, path), *_rest = files
    try:
        result = RUNNERS[job.kind](actor=job.created_by, agency=job.agency, path=path)
    except imports.ImportRejected as exc:
        raise JobRejected(_outcome(exc.result)) from exc
    except SpreadsheetError as exc:
        raise JobRejected(error=str(exc)) from exc
    return _outcome(result)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import once (a second delivery of the task does nothing). Returns
    the finished job, or None if another delivery had claimed it."""
    return job_run(ImportJob, job_id=job_id, work=_import)

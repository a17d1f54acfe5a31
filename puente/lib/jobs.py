"""Work a person starts from a page and follows on a job page: an uploaded file imported
by a worker (outreach contacts and events, Census figures, assessment responses).

The pieces every kind of job shares, so that each app adds only what is its own (the
model's owner, the importer it calls, the links on its page):

- `BackgroundJob`, an abstract model: status, the stored uploads, the row-by-row result,
  how the reader understood the file, the uploader's language;
- `job_create`: stores the uploads through Django's storage (so an S3 store lets any
  worker on any machine read them) and queues the task once the upload commits;
- `job_run`: claims a queued job with a conditional update (a second delivery of the
  task does nothing), hands local copies of the files to the app's importer, records
  its `JobOutcome` or `JobRejected`, deletes the uploaded copies; a crash marks the job
  failed and is raised again for the worker's log;
- `templates/jobs/job_page.html`: the page, which the reader reloads to follow the job.

Nothing here imports an app: the app passes its model, its task and its importer.
"""

import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy as _

from puente.lib.tasks import enqueue
from puente.lib.uploads import safe_filename

# The page lists this many problems; the count says how many there were in all.
MAX_PROBLEMS_KEPT = 200


class SpreadsheetUploadField(forms.FileField):
    """A CSV or Excel (.xlsx) file of at most `max_bytes` for an import job; what is in
    it is the importer's to check, on the worker."""

    def __init__(self, *, max_bytes: int = 50 * 1024 * 1024, **kwargs):
        kwargs.setdefault("label", _("CSV or Excel (.xlsx) file"))
        super().__init__(**kwargs)
        self.max_bytes = max_bytes

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > self.max_bytes:
            raise forms.ValidationError(
                gettext("The file is larger than %(limit)s MB.")
                % {"limit": self.max_bytes // (1024 * 1024)}
            )
        if upload and not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(gettext("Upload a .csv or .xlsx file."))
        return upload


class BackgroundJob(models.Model):
    """One uploaded job. Concrete models add who owns it (an agency, a campaign) and
    any options the importer needs (`options`, plain JSON)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Nothing imported: the file has problems")
        FAILED = "failed", _("Nothing imported: the import failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("what the file holds"), max_length=20)
    filename = models.CharField(_("file name"), max_length=255)
    # The uploads waiting in storage: [{"name": as uploaded, "path": in storage}].
    files = models.JSONField(default=list, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    # The first problems, each {"line", "column", "message"}, in the uploader's language.
    problems = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # How the reader understood the file (encoding, delimiter), in the uploader's language.
    read_as = models.CharField(max_length=300, blank=True)
    # The result in a sentence or two, in the uploader's language.
    summary = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(max_length=12, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.uuid}"

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.DONE,
            self.Status.REJECTED,
            self.Status.FAILED,
        }


@dataclass
class JobOutcome:
    """What an importer reports: `rows` stored or read, `problems` as
    {"line": int | None, "column": str, "message": str} (translated), `problem_count`
    when more were found than listed, how the file was read and a result sentence."""

    rows: int = 0
    problems: list[dict] = field(default_factory=list)
    problem_count: int | None = None
    read_as: str = ""
    summary: str = ""


class JobRejected(Exception):
    """Nothing was stored: the file has problems (`outcome.problems`) or cannot be read
    (`error`, a translated sentence)."""

    def __init__(self, outcome: JobOutcome | None = None, *, error: str = ""):
        super().__init__(error or "rejected")
        self.outcome = outcome or JobOutcome()
        self.error = error


def problem(message, *, line: int | None = None, column: str = "") -> dict:
    """One row of a job's problem table, the message translated now."""
    return {"line": line, "column": str(column), "message": str(message)}


@transaction.atomic
def job_create(model, *, task, uploads, actor, kind: str, **fields):
    """Store `uploads` (Django UploadedFiles, already checked by the form) in the default
    storage and queue `task(job.pk)` once the transaction commits. Returns the job,
    QUEUED, before any of the work is done. `fields` are the model's own (its agency or
    campaign, `options`)."""
    job = model(
        kind=kind,
        created_by=actor,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        **fields,
    )
    names = [Path(upload.name).name for upload in uploads]
    job.filename = ", ".join(names)[:255]
    job.size_bytes = sum(upload.size or 0 for upload in uploads)
    job.files = [
        {
            "name": name,
            "path": default_storage.save(
                f"imports/{job.uuid}-{number}-{safe_filename(name)}", upload
            ),
        }
        for number, (name, upload) in enumerate(zip(names, uploads, strict=True))
    ]
    job.save()
    enqueue(task, job.pk)
    return job


@contextmanager
def _local_copies(job) -> Iterator[list[tuple[str, Path]]]:
    """(name as uploaded, local path) of each stored upload, in a folder removed after."""
    with tempfile.TemporaryDirectory() as folder:
        copies = []
        for number, stored in enumerate(job.files):
            path = Path(folder) / f"{number}-{Path(stored['path']).name}"
            with default_storage.open(stored["path"], "rb") as source:
                with path.open("wb") as target:
                    for chunk in iter(lambda: source.read(1 << 20), b""):
                        target.write(chunk)
            copies.append((stored["name"], path))
        yield copies


def job_run(model, *, job_id: int, work: Callable[..., JobOutcome]):
    """Run a queued job once: `work(job, files)` gets the job and its uploads as
    [(name, local Path)] and returns a JobOutcome, or raises JobRejected when nothing was
    stored. Returns the finished job, or None when another delivery claimed it first.
    Any other exception marks the job FAILED and is raised again."""
    claimed = model.objects.filter(pk=job_id, status=model.Status.QUEUED).update(
        status=model.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = model.objects.get(pk=job_id)
    try:
        with _local_copies(job) as files, translation.override(job.language):
            try:
                outcome, status = work(job, files), model.Status.DONE
            except JobRejected as exc:
                outcome, status = exc.outcome, model.Status.REJECTED
                job.error = str(exc.error)[:500]
            job.status = status
            job.rows = outcome.rows
            job.problem_count = (
                len(outcome.problems)
                if outcome.problem_count is None
                else outcome.problem_count
            )
            job.problems = outcome.problems[:MAX_PROBLEMS_KEPT]
            job.read_as = str(outcome.read_as)[:300]
            job.summary = str(outcome.summary)[:500]
    except Exception as exc:
        model.objects.filter(pk=job_id, status=model.Status.RUNNING).update(
            status=model.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:500],
            finished_at=timezone.now(),
        )
        raise
    job.finished_at = timezone.now()
    job.save()
    # The rows are in the database now (or refused); the uploaded copies are not kept.
    for stored in job.files:
        default_storage.delete(stored["path"])
    job.files = []
    job.save(update_fields=["files"])
    return job

"""The Census figures import off the request: the ACS files are stored and queued at
once; a worker runs `services.jurisdictions_import` (all or nothing) and the job page
shows the result. The job's life is `puente.lib.jobs`."""

from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.language_access import services
from puente.language_access.census import AcsError
from puente.language_access.models import CensusImportJob
from puente.lib.jobs import JobOutcome, JobRejected, job_create, job_run
from puente.lib.spreadsheets import SpreadsheetError, decode_csv


def census_import_create(
    *, actor, agency: Agency, uploads, geoids: list[str], vintage: int | None
) -> CensusImportJob:
    """Store the ACS files (Django UploadedFiles checked by `forms.AcsImportForm`) and
    queue their import; returns the job, QUEUED, at once."""
    from puente.language_access.tasks import census_import_run

    return job_create(
        CensusImportJob, task=census_import_run, uploads=uploads, actor=actor,
        kind="census", agency=agency, options={"geoids": geoids, "vintage": vintage},
    )  # fmt: skip


def _read_as(name: str, data: bytes) -> str:
    """How one file was read, as the reader of `census.read_acs` understands it."""
    try:
        text, form = decode_csv(data)
    except SpreadsheetError:
        return ""
    how = (
        _("Read as Census API output (JSON).")
        if text.lstrip("\ufeff").lstrip().startswith("[")
        else form.describe()
    )
    return _("%(name)s: %(how)s") % {"name": name[:80], "how": how}


def _import(job: CensusImportJob, files) -> JobOutcome:
    contents = []
    for name, path in files:
        with path.open("rb") as handle:
            contents.append((name, handle.read(services.MAX_ACS_BYTES + 1)))
    read_as = " ".join(filter(None, (_read_as(n, d) for n, d in contents)))
    try:
        created = services.jurisdictions_import(
            actor=job.created_by,
            agency=job.agency,
            files=contents,
            geoids=job.options["geoids"],
            vintage=job.options.get("vintage"),
        )
    except AcsError as exc:
        raise JobRejected(JobOutcome(read_as=read_as), error=str(exc)) from exc
    return JobOutcome(
        rows=len(created),
        read_as=read_as,
        summary=_("Imported the figures of %(count)s geographies.")
        % {"count": len(created)},
    )


def census_import_run(*, job_id: int) -> CensusImportJob | None:
    """Run a queued Census import once; None if another delivery had claimed it."""
    return job_run(CensusImportJob, job_id=job_id, work=_import)

"""The Census imports off the request: the ACS files are stored and queued at once; a
worker runs `services.jurisdictions_import` (kind "census": the language tables C16001
or B16001) or `services.age_figures_import` (kind "ages": B01001), all or nothing, and
the job page shows the result. The job's life is `puente.lib.jobs`."""

from django.utils.translation import gettext as _, ngettext

from puente.agencies.models import Agency
from puente.language_access import services
from puente.language_access.census import AcsError
from puente.language_access.models import CensusImportJob
from puente.lib.jobs import JobOutcome, JobRejected, job_create, job_run
from puente.lib.spreadsheets import SpreadsheetError, decode_csv


def census_import_create(
    *, actor, agency: Agency, uploads, vintage: int | None, geoids: list[str] | None = None,
    kind: str = "census",
) -> CensusImportJob:  # fmt: skip
    """Store the ACS files (Django UploadedFiles checked by `forms.AcsImportForm` or
    `forms.AgeImportForm`) and queue their import; returns the job, QUEUED, at once.
    `kind` is "census" (the language tables, for `geoids`) or "ages" (B01001, for the
    jurisdictions already loaded)."""
    from puente.language_access.tasks import census_import_run

    if kind not in RUNNERS:
        raise ValueError(kind)
    return job_create(
        CensusImportJob, task=census_import_run, uploads=uploads, actor=actor,
        kind=kind, agency=agency, options={"geoids": geoids or [], "vintage": vintage},
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


def _languages(job: CensusImportJob, contents) -> tuple[int, str]:
    created = services.jurisdictions_import(
        actor=job.created_by, agency=job.agency, files=contents,
        geoids=job.options["geoids"], vintage=job.options.get("vintage"),
    )  # fmt: skip
    count = len(created)
    return count, _("Imported the figures of %(count)s geographies.") % {"count": count}


def _ages(job: CensusImportJob, contents) -> tuple[int, str]:
    created = services.age_figures_import(
        actor=job.created_by, agency=job.agency, files=contents,
        vintage=job.options.get("vintage"),
    )  # fmt: skip
    count = len({row.geoid for row in created})
    return count, ngettext(
        "Imported the adults by age of %(count)s geography.",
        "Imported the adults by age of %(count)s geographies.",
        count,
    ) % {"count": count}


RUNNERS = {"census": _languages, "ages": _ages}


def _import(job: CensusImportJob, files) -> JobOutcome:
    contents = []
    for name, path in files:
        with path.open("rb") as handle:
            contents.append((name, handle.read(services.MAX_ACS_BYTES + 1)))
    read_as = " ".join(filter(None, (_read_as(n, d) for n, d in contents)))
    try:
        count, summary = RUNNERS[job.kind](job, contents)
    except AcsError as exc:
        raise JobRejected(JobOutcome(read_as=read_as), error=str(exc)) from exc
    return JobOutcome(rows=count, read_as=read_as, summary=summary)


def census_import_run(*, job_id: int) -> CensusImportJob | None:
    """Run a queued Census import once; None if another delivery had claimed it."""
    return job_run(CensusImportJob, job_id=job_id, work=_import)

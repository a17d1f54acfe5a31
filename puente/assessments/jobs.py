"""The response import off the request: a file of paper, KoboToolbox or ODK Central
responses is stored and queued at once; a worker runs `services.responses_import` (all
or nothing, then the campaign is scored) and the job page shows the result. The job's
life is `puente.lib.jobs`."""

import re

from django.utils.translation import gettext as _, ngettext

from puente.assessments.models import Campaign, ResponseImportJob
from puente.assessments.response_columns import response_columns
from puente.assessments.services import ImportProblems, responses_import
from puente.lib.jobs import JobOutcome, JobRejected, job_create, job_run, problem
from puente.lib.spreadsheets import SpreadsheetError, read_table


def responses_import_create(*, actor, campaign: Campaign, upload) -> ResponseImportJob:
    """Store the file (a Django UploadedFile checked by `forms.ResponseImportForm`) and
    queue its import into `campaign`; returns the job, QUEUED, at once."""
    from puente.assessments.tasks import responses_import_run

    return job_create(
        ResponseImportJob, task=responses_import_run, uploads=[upload], actor=actor,
        kind="responses", campaign=campaign,
    )  # fmt: skip


# The service words a row's problem "Line 12, agency_q3: ..." (in any language, the
# number and the column come first); the job page shows them in their own columns.
_LINE = re.compile(r"^\D*?(\d+),\s*([^:]+):\s*(.+)$", re.DOTALL)


def _problem(message: str) -> dict:
    match = _LINE.match(message)
    if match is None:
        return problem(message)
    line, column, text = match.groups()
    return problem(text, line=int(line), column=column)


def _import(job: ResponseImportJob, files) -> JobOutcome:
    (_name, path), *_rest = files
    try:
        table = read_table(path)
    except SpreadsheetError as exc:
        raise JobRejected(error=str(exc)) from exc
    read_as = table.format.describe() if table.format is not None else ""
    campaign = job.campaign
    try:
        count = responses_import(campaign=campaign, table=table, actor=job.created_by)
    except ImportProblems as exc:
        outcome = JobOutcome(
            rows=len(table.rows),
            problems=[_problem(message) for message in exc.messages],
            read_as=read_as,
        )
        raise JobRejected(outcome) from exc
    summary = ngettext(
        "Imported %(count)d response and scored the campaign.",
        "Imported %(count)d responses and scored the campaign.",
        count,
    ) % {"count": count}
    items = {item["id"]: item for item in campaign.instrument.spec["items"]}
    ignored = response_columns(table.columns, items).ignored
    if ignored:
        summary += " " + _("Metadata columns ignored: %(columns)s.") % {
            "columns": ", ".join(ignored)
        }
    return JobOutcome(rows=count, read_as=read_as, summary=summary)


def responses_import_run(*, job_id: int) -> ResponseImportJob | None:
    """Run a queued response import once; None if another delivery had claimed it."""
    return job_run(ResponseImportJob, job_id=job_id, work=_import)

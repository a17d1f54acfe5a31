"""Tasks of outreach: thin, with ids, safe to run twice."""

from celery import shared_task


@shared_task(name="puente.outreach.tasks.import_job_run")
def import_job_run(job_id: int) -> None:
    from puente.outreach import jobs

    try:
        jobs.import_job_run(job_id=job_id)
    except Exception as exc:
        jobs.import_job_fail(job_id=job_id, error=f"{type(exc).__name__}: {exc}")
        raise

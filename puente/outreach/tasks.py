"""Tasks of outreach: thin, with ids, safe to run twice."""

from celery import shared_task


@shared_task(name="puente.outreach.tasks.import_job_run")
def import_job_run(job_id: int) -> None:
    from puente.outreach import jobs

    jobs.import_job_run(job_id=job_id)

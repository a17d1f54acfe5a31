"""Tasks of language access: thin, with ids, safe to run twice."""

from celery import shared_task


@shared_task(name="puente.language_access.tasks.census_import_run")
def census_import_run(job_id: int) -> None:
    from puente.language_access import jobs

    jobs.census_import_run(job_id=job_id)

"""Tasks of assessments: thin, with ids, safe to run twice."""

from celery import shared_task
from django.conf import settings


@shared_task(name="puente.assessments.tasks.campaigns_send_due")
def campaigns_send_due() -> int:
    """The daily run of every campaign's schedule (what `puente assessment send-due`
    does); returns how many messages were queued."""
    from puente.assessments.campaigns import campaign_send_due
    from puente.assessments.models import Campaign

    queued = 0
    for campaign in Campaign.objects.exclude(status=Campaign.Status.CLOSED):
        sent = campaign_send_due(campaign=campaign, base_url=settings.PUENTE_BASE_URL)
        queued += sent.prenotices + sent.invitations + sent.reminders
    return queued


@shared_task(name="puente.assessments.tasks.responses_import_run")
def responses_import_run(job_id: int) -> None:
    from puente.assessments import jobs

    jobs.responses_import_run(job_id=job_id)

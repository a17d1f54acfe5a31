"""Tasks of insights: thin, with ids, safe to run twice."""

from celery import shared_task


@shared_task(name="puente.insights.tasks.report_pdf_render")
def report_pdf_render(campaign_id: int, language: str) -> str:
    from puente.assessments.models import Campaign
    from puente.insights.report import report_pdf_stored

    return report_pdf_stored(
        campaign=Campaign.objects.get(pk=campaign_id), language=language
    )

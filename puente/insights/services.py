from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.assessments.models import Campaign
from puente.assessments.selectors import campaign_figures
from puente.audit.models import AuditEvent
from puente.audit.services import record
from puente.insights.models import Publication


@transaction.atomic
def campaign_publish(*, campaign: Campaign, actor=None) -> Publication:
    """Make a closed campaign's trends, map, profiles and report public."""
    if campaign.status != Campaign.Status.CLOSED:
        raise ValidationError(_("Only a closed campaign can be published."))
    if not campaign_figures(campaign=campaign).responded:
        raise ValidationError(
            _("No agency has responded: there are no findings to publish.")
        )
    publication, created = Publication.objects.get_or_create(
        campaign=campaign,
        defaults={"published_at": timezone.now(), "published_by": actor},
    )
    if created:
        record(
            action=AuditEvent.Action.CREATE,
            actor=actor,
            obj=publication,
            changes={"published": [False, True]},
        )
        _report_pdfs_warm(campaign)
    return publication


def _report_pdfs_warm(campaign: Campaign) -> None:
    # With workers, the report's PDF in each staff language is rendered as soon as the
    # publication commits, so the first visitor does not wait for it. Without a broker
    # (the demo) it would run inside the publish request, so the first download renders
    # it instead.
    from django.conf import settings

    from puente.insights.tasks import report_pdf_render
    from puente.lib.tasks import enqueue

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    for language, _name in settings.LANGUAGES:
        enqueue(report_pdf_render, campaign.pk, language)


@transaction.atomic
def campaign_unpublish(*, campaign: Campaign, actor=None) -> bool:
    """Withdraw a campaign's publication; its pages are the program's alone again."""
    publication = Publication.objects.filter(campaign=campaign).first()
    if publication is None:
        return False
    record(
        action=AuditEvent.Action.DELETE,
        actor=actor,
        obj=publication,
        changes={"published": [True, False]},
    )
    publication.delete()
    return True

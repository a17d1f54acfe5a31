"""Scheduled housekeeping (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task(name="puente.operations.tasks.purge")
def purge() -> int:
    """What `puente purge` does: remove people's details past the retention period,
    and audit rows past PUENTE_AUDIT_RETENTION_DAYS (never younger than 365 days)."""
    from django.conf import settings

    from puente.audit.services import audit_purge
    from puente.complaints import services as complaints
    from puente.outreach.services import personal_data_purge

    purged = personal_data_purge() + complaints.personal_data_purge()
    audit_purge(days=settings.PUENTE_AUDIT_RETENTION_DAYS)
    return purged

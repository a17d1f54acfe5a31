"""Scheduled housekeeping (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task(name="puente.operations.tasks.purge")
def purge() -> int:
    """What `puente purge` does: remove people's details past the retention period."""
    from puente.complaints import services as complaints
    from puente.outreach.services import personal_data_purge

    return personal_data_purge() + complaints.personal_data_purge()

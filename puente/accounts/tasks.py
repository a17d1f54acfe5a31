"""Scheduled account housekeeping (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task(name="puente.accounts.tasks.users_disable_inactive")
def users_disable_inactive() -> int:
    """What `puente accounts disable-inactive` does: disable accounts unused for
    PUENTE_INACTIVE_DAYS days and tell their agency admins. Safe to run twice."""
    from puente.accounts.services import users_disable_inactive as disable

    return len(disable())

"""Thin tasks: ids in, a service call, safe to run twice."""

from celery import shared_task


@shared_task(name="puente.complaints.tasks.followup_send")
def followup_send(follow_up_id: int) -> bool:
    from puente.complaints.services import followup_send as send

    return send(follow_up_id=follow_up_id)

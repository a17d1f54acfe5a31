"""Tasks of the outbox: each takes ids and is safe to run twice (rows are claimed)."""

from celery import shared_task

from puente.notifications import services


@shared_task(name="puente.notifications.tasks.messages_send")
def messages_send(ids: list[int]) -> int:
    return services.messages_send(ids=ids)


@shared_task(name="puente.notifications.tasks.messages_retry")
def messages_retry() -> int:
    return services.messages_retry()

"""The Celery app. Tasks live in each app's `tasks.py`: thin wrappers that take ids (never
model instances), call a service and are safe to run twice. Queue them with
`puente.lib.tasks.enqueue`, which waits for the caller's transaction to commit.

Without a broker (CELERY_BROKER_URL or REDIS_URL), `task_always_eager` runs each task
in the process that queued it, after commit: `make demo` needs no Redis.
Start a worker with `puente worker`, the scheduler with `puente scheduler`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")

app = Celery("puente")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

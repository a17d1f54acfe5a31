from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Start a background worker: it sends the outbox's messages, runs imports and "
        "renders reports queued by the web servers. Needs CELERY_BROKER_URL or "
        "REDIS_URL. Arguments after -- go to `celery worker` (e.g. -- --concurrency 2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("celery_args", nargs="*")

    def handle(self, *args, celery_args, **options):
        from django.conf import settings

        from puente.celery import app

        if not settings.CELERY_BROKER_URL:
            raise CommandError(
                "No broker: set REDIS_URL (or CELERY_BROKER_URL). Without one, tasks "
                "run in the web process after commit and no worker is needed."
            )
        app.worker_main(["worker", "--loglevel", "INFO", *celery_args])

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Start the scheduler (Celery beat): it queues the jobs of "
        "settings.CELERY_BEAT_SCHEDULE (the daily send-due, the retention purge, "
        "retries of unsent mail). Run exactly one per installation."
    )

    def add_arguments(self, parser):
        parser.add_argument("celery_args", nargs="*")

    def handle(self, *args, celery_args, **options):
        from django.conf import settings

        from puente.celery import app

        if not settings.CELERY_BROKER_URL:
            raise CommandError("No broker: set REDIS_URL (or CELERY_BROKER_URL).")
        app.start(["beat", "--loglevel", "INFO", *celery_args])

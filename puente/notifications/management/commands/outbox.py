from django.core.management.base import BaseCommand
from django.db.models import Count

from puente.notifications import services
from puente.notifications.models import Message


class Command(BaseCommand):
    help = (
        "Show how many outgoing messages wait, were sent or failed. With --send, send "
        "those that are due now (what the scheduler does every five minutes), e.g. "
        "after the mail server was down on a machine that runs no scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--send", action="store_true")

    def handle(self, *args, send: bool, **options):
        if send:
            sent = services.messages_retry()
            self.stdout.write(f"Sent {sent} messages.")
        counts = dict(
            Message.objects.values_list("status").annotate(n=Count("id")).order_by()
        )
        for status, label in Message.Status.choices:
            self.stdout.write(f"{label}: {counts.get(status, 0)}")

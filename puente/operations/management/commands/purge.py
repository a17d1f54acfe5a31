from django.conf import settings
from django.core.management.base import BaseCommand

from puente.audit.services import audit_purge
from puente.complaints import services as complaints
from puente.outreach.services import personal_data_expired, personal_data_purge


class Command(BaseCommand):
    help = (
        "Remove people's details kept longer than PUENTE_RETENTION_DAYS after their record "
        "became inactive (a closed complaint's contact details and officers' names; a "
        "follow-up's address, which also goes as soon as the message is sent), and audit "
        "rows older than PUENTE_AUDIT_RETENTION_DAYS (never younger than 365 days). With "
        "--dry-run, only list what would go."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run: bool, **options):
        expired = personal_data_expired() + complaints.personal_data_expired()
        days = settings.PUENTE_RETENTION_DAYS
        for item in expired:
            self.stdout.write(
                f"{item['agency'].slug}: {item['kind']} of {item['object']._meta.verbose_name} "
                f"#{item['object'].pk}, inactive since {item['since']}"
            )
        if dry_run:
            self.stdout.write(
                f"{len(expired)} records hold personal data past the {days}-day retention "
                "period. Nothing was changed (dry run)."
            )
            old = audit_purge(days=settings.PUENTE_AUDIT_RETENTION_DAYS, dry_run=True)
            self.stdout.write(f"{old} audit rows are past their retention period.")
            return
        purged = personal_data_purge() + complaints.personal_data_purge()
        self.stdout.write(f"Removed the personal data of {purged} records.")
        removed = audit_purge(days=settings.PUENTE_AUDIT_RETENTION_DAYS)
        self.stdout.write(f"Removed {removed} audit rows past their retention period.")

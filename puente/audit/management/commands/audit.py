from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from puente.audit.roles import grant_web_role


class Command(BaseCommand):
    help = (
        "The audit log's database rights. `audit grant-web-role ROLE` (PostgreSQL, run "
        "as the owner after `puente migrate`) gives the web role read and write on every "
        "table except the audit log, where it may only INSERT and SELECT "
        "(docs/security.md)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser("grant-web-role", help="Grant the web role its rights.")
        grant.add_argument("role", help="the web role, e.g. puente_web")

    def handle(self, *args, action: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist only on PostgreSQL.")
        grant_web_role(options["role"])
        self.stdout.write(f"Granted {options['role']} its rights.")

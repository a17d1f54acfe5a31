from django.core.management.base import BaseCommand, CommandError

from puente.accounts import services
from puente.accounts.models import User


class Command(BaseCommand):
    help = (
        "Account upkeep. `accounts disable-inactive` disables accounts unused for "
        "PUENTE_INACTIVE_DAYS days (90) and tells their agency admins; run it daily "
        "(Celery beat). `accounts unlock EMAIL` clears a lockout as a platform admin."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        disable = sub.add_parser("disable-inactive", help="Disable unused accounts.")
        disable.add_argument("--days", type=int, default=None)
        unlock = sub.add_parser("unlock", help="Unlock an account.")
        unlock.add_argument("email")

    def handle(self, *args, action: str, **options):
        if action == "disable-inactive":
            disabled = services.users_disable_inactive(days=options["days"])
            self.stdout.write(f"Disabled {len(disabled)} account(s).")
            for user in disabled:
                self.stdout.write(f"  {user.email}")
            return
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No account {options['email']}.")
        services.user_unlock(user=user, by=None)
        self.stdout.write(f"Unlocked {user.email}.")

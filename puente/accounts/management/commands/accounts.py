from django.core.management.base import BaseCommand, CommandError

from puente.accounts import services
from puente.accounts.models import User


class Command(BaseCommand):
    help = (
        "Account upkeep. `accounts disable-inactive` disables accounts unused for "
        "PUENTE_INACTIVE_DAYS days (90) and tells their agency admins; run it daily "
        "(Celery beat). `accounts unlock EMAIL` clears a lockout as a platform admin. "
        "`accounts demo-code` prints the demo accounts' current code (DEBUG on)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        disable = sub.add_parser("disable-inactive", help="Disable unused accounts.")
        disable.add_argument("--days", type=int, default=None)
        unlock = sub.add_parser("unlock", help="Unlock an account.")
        unlock.add_argument("email")
        sub.add_parser(
            "demo-code",
            help="The demo accounts' current authenticator code (DEBUG on only).",
        )

    def handle(self, *args, action: str, **options):
        if action == "demo-code":
            return self._demo_code()
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

    def _demo_code(self):
        import time

        from django.conf import settings
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not settings.DEBUG:
            raise CommandError("Only for the demo (DEBUG on).")
        device = TOTPDevice.objects.filter(name="Demo authenticator").first()
        if device is None:
            raise CommandError("No demo accounts: run `puente load-demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        totp.time = time.time()
        left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():06d}  (valid for {left} more seconds)")

from django.core.management.base import BaseCommand

from puente.operations.demo import DEMO_PASSWORD, demo_load, demo_totp_key


class Command(BaseCommand):
    help = (
        "Load the demo: the eight principles, the FBI agency registry, the ten "
        "EPIC-profiled agencies with their cited facts, two fictional agencies, a "
        "fictional assessment program and one demo account per role. Idempotent."
    )

    def handle(self, *args, **options):
        result = demo_load()
        if result.changed:
            self.stdout.write(
                f"Demo data loaded ({result.changed} rows created or updated)."
            )
        else:
            self.stdout.write("Demo data already up to date.")
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _ in result.accounts)
        for email, what in result.accounts:
            self.stdout.write(f"  {email.ljust(width)}  {what}")
        key = demo_totp_key()
        if key:
            self.stdout.write(
                "\nSecond step (every account needs one): add this key to an "
                f"authenticator app (FreeOTP, Aegis, Google Authenticator...):\n  {key}\n"
                "or print the current code with `.venv/bin/puente accounts demo-code`."
            )
        self.stdout.write("")

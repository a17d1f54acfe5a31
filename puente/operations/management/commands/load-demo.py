from django.core.management.base import BaseCommand

from puente.operations.demo import (
    DEMO_PASSWORD,
    demo_accounts,
    demo_fingerprint,
    demo_load,
    demo_totp_key,
)


class Command(BaseCommand):
    help = (
        "Load the demo: the eight principles, the FBI agency registry, the ten "
        "EPIC-profiled agencies with their cited facts, two fictional agencies, a "
        "fictional assessment program and one demo account per role. Idempotent. With "
        "--if-changed (what `make demo` runs) nothing is done when the demo's code, "
        "data, schema and date are those of the last load."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Skip the load when nothing it is made from changed since the last.",
        )

    def handle(self, *args, if_changed=False, **options):
        from puente.operations.models import DemoLoad

        fingerprint = demo_fingerprint()
        if if_changed and DemoLoad.objects.filter(fingerprint=fingerprint).exists():
            self.stdout.write("Demo data already loaded from the same inputs today.")
            accounts = demo_accounts()
        else:
            result = demo_load()
            DemoLoad.objects.all().delete()
            DemoLoad.objects.create(fingerprint=fingerprint)
            accounts = result.accounts
            if result.changed:
                self.stdout.write(
                    f"Demo data loaded ({result.changed} rows created or updated)."
                )
            else:
                self.stdout.write("Demo data already up to date.")
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _ in accounts)
        for email, what in accounts:
            self.stdout.write(f"  {email.ljust(width)}  {what}")
        key = demo_totp_key()
        if key:
            self.stdout.write(
                "\nSecond step (every account needs one): add this key to an "
                f"authenticator app (FreeOTP, Aegis, Google Authenticator...):\n  {key}\n"
                "or print the current code with `.venv/bin/puente accounts demo-code`."
            )
        self.stdout.write("")

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from puente.accounts import tokens
from puente.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Personal API tokens. `api-token create --user EMAIL --name NAME [--days N] "
        "[--read-only]` prints a new token once (only its hash is kept); `api-token "
        "revoke --user EMAIL (--name NAME | --prefix PREFIX)` revokes it; `api-token "
        "list --user EMAIL` lists a user's tokens. Creating and revoking are audited."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a token and print it once.")
        create.add_argument("--user", required=True, metavar="EMAIL")
        create.add_argument("--name", required=True)
        create.add_argument("--days", type=int, default=tokens.DEFAULT_DAYS)
        create.add_argument("--read-only", action="store_true")
        revoke = sub.add_parser("revoke", help="Revoke a user's token.")
        revoke.add_argument("--user", required=True, metavar="EMAIL")
        which = revoke.add_mutually_exclusive_group(required=True)
        which.add_argument("--name")
        which.add_argument("--prefix", help="The 8 characters after pnt_.")
        listing = sub.add_parser("list", help="A user's tokens (never the tokens).")
        listing.add_argument("--user", required=True, metavar="EMAIL")

    def _user(self, email: str) -> User:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the email address {email}.")
        return user

    def handle(self, *args, action: str, **options):
        user = self._user(options["user"])
        if action == "create":
            try:
                new = tokens.api_token_create(
                    user=user, name=options["name"], days=options["days"],
                    read_only=options["read_only"],
                )  # fmt: skip
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(new.secret)
            self.stderr.write(
                f"Token {new.token.name!r} for {user.email}, "
                f"{'read-only' if new.token.read_only else 'read-write'}, expires "
                f"{new.token.expires_at:%Y-%m-%d %H:%M} UTC. It is shown only now."
            )
        elif action == "revoke":
            live = ApiToken.objects.filter(user=user, revoked_at=None)
            if options["name"]:
                live = live.filter(name=options["name"])
            else:
                live = live.filter(prefix=options["prefix"])
            found = list(live)
            if not found:
                raise CommandError("No live token of that user matches.")
            for token in found:
                tokens.api_token_revoke(token=token)
            self.stdout.write(f"Revoked {len(found)} token(s).")
        else:
            for t in tokens.tokens_for_user(user=user):
                state = (
                    "revoked" if t.revoked_at else f"expires {t.expires_at:%Y-%m-%d}"
                )
                scope = "read-only" if t.read_only else "read-write"
                self.stdout.write(f"{t.starts_with}\t{t.name}\t{scope}\t{state}")

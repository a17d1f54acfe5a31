"""Password rules (ASVS 4.0.3 V2.1, NIST SP 800-63B 5.1.1.2): 12 to 128 characters, any
Unicode and spaces, never truncated, no composition or rotation rules; refused when common,
guessable (zxcvbn) or, only if the operator turns it on, found in Pwned Passwords."""

import hashlib
import logging
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _, ngettext

logger = logging.getLogger(__name__)

PASSWORD_MAX_LENGTH = 128


class MaximumLengthValidator:
    """At most `max_length` characters: longer ones are refused, never cut short."""

    def __init__(self, max_length: int = PASSWORD_MAX_LENGTH):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long: at most %(max)d character.",
                    "This password is too long: at most %(max)d characters.",
                    self.max_length,
                )
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return ngettext(
            "At most %(max)d character; spaces and any script are welcome.",
            "At most %(max)d characters; spaces and any script are welcome.",
            self.max_length,
        ) % {"max": self.max_length}


class StrengthValidator:
    """Refuses passwords zxcvbn scores below `min_score` (0–4), with its reason.

    zxcvbn estimates guesses from dictionaries, keyboard patterns, repeats and
    sequences, so `aaaaaaaaaaaa` and `123456789012` fail however long they are.
    """

    def __init__(self, min_score: int = 3):
        self.min_score = min_score

    def validate(self, password: str, user=None) -> None:
        from zxcvbn import zxcvbn

        hints = []
        if user is not None:
            email = getattr(user, "email", "") or ""
            hints = email.replace("@", " ").split() + [getattr(user, "full_name", "")]
        # zxcvbn reads at most 72 characters; the estimate is of those, the password
        # itself is kept whole (a long password's first 72 characters still show a
        # repeat or a sequence).
        result = zxcvbn(password[:72], user_inputs=[h for h in hints if h])
        if result["score"] >= self.min_score:
            return
        raise ValidationError(
            _(
                "This password is too easy to guess: %(reason)s Try a few unrelated words."
            )
            % {"reason": _reason(result)},
            code="password_guessable",
        )

    def get_help_text(self) -> str:
        return _("Guessable passwords (patterns, repeats, common words) are refused.")


def _reason(result: dict) -> str:
    # zxcvbn's own feedback is English; these are our translatable reasons per pattern.
    patterns = {match.get("pattern") for match in result.get("sequence", [])}
    if "repeat" in patterns:
        return _("it repeats characters or words.")
    if "sequence" in patterns:
        return _("it is a sequence such as 1234 or abcd.")
    if "spatial" in patterns:
        return _("it follows a keyboard pattern.")
    if "date" in patterns:
        return _("it contains a date.")
    if "dictionary" in patterns:
        return _("it is made of common words, names or passwords.")
    return _("it is short for its kind of characters.")


class PwnedPasswordsValidator:
    """Refuses passwords found in the Pwned Passwords corpus (k-anonymity range API).

    Only the first five hex digits of the SHA-1 leave the server. Off unless the
    operator sets PUENTE_PWNED_PASSWORDS (Puente makes no network calls by default);
    a network failure lets the password through and is logged.
    """

    def validate(self, password: str, user=None) -> None:
        if not getattr(settings, "PUENTE_PWNED_PASSWORDS", False):
            return
        digest = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()  # noqa: S324
        prefix, suffix = digest[:5], digest[5:]
        url = settings.PUENTE_PWNED_PASSWORDS_URL.rstrip("/") + "/" + prefix
        try:
            request = urllib.request.Request(url, headers={"Add-Padding": "true"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310
                body = response.read(2_000_000).decode("ascii", "replace")
        except OSError:
            logger.warning("Pwned Passwords range check unavailable")
            return
        for line in body.splitlines():
            found, _sep, count = line.partition(":")
            if found.strip() == suffix and count.strip() not in ("", "0"):
                raise ValidationError(
                    _("This password appears in known data breaches. Choose another."),
                    code="password_breached",
                )

    def get_help_text(self) -> str:
        return ""

"""What is removed from a complaint's free text when its personal parts expire. One call
site (`redact_free_text`), so that the portal's shared redaction can replace it."""

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, allowing the usual separators: phone numbers, ID numbers.
_NUMBER = re.compile(r"\+?\d(?:[\s().-]*\d){6,}")


def redact_free_text(text: str) -> str:
    """`text` with e-mail addresses and long numbers replaced by "[…]"."""
    return _NUMBER.sub("[…]", _EMAIL.sub("[…]", text))

"""What is removed from a complaint's free text: identity numbers and contact details
when it is filed (`lib.redact`, the portal's shared rule), and any remaining long number
when its personal parts expire."""

import re

from puente.lib.redact import MARK, redact

# Seven or more digits, allowing the usual separators: phone numbers, ID numbers.
_NUMBER = re.compile(r"\+?\d(?:[\s().-]*\d){6,}")


def redact_on_filing(text: str) -> str:
    """`text` with Social Security and ITIN numbers, A-numbers, phone numbers and e-mail
    addresses replaced by `lib.redact.MARK` before it is stored."""
    return redact(text)[0]


def redact_free_text(text: str) -> str:
    """At expiry: `text` with contact details, identity numbers and any long number
    replaced by `lib.redact.MARK`."""
    return _NUMBER.sub(MARK, redact(text)[0])

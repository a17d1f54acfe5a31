"""Removes identity numbers and contact details from residents' free text before it is
stored (issue 14): Social Security numbers and ITINs, A-numbers (USCIS alien registration
numbers), phone numbers and e-mail addresses. Residents are told not to write them; some
do, and a comment must never become a lead. Over-matching (a nine-digit number that was
not an SSN) costs a few digits of a comment; under-matching could cost a person.
"""

import re

# Language-neutral, so that a comment in any script reads the same to staff; the
# workspace explains it in the staff's language.
MARK = "[■■■]"

_PATTERNS = [
    # E-mail addresses.
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)),
    # A-numbers: "A" then 8 or 9 digits, with optional #, - or spaces (A# 123-456-789).
    (
        "a_number",
        re.compile(r"(?<![\w])A\s*[#-]?\s*(?:\d[\s-]?){7,8}\d(?!\d)", re.IGNORECASE),
    ),
    # SSN and ITIN: 3-2-4 digits, with or without separators (ITINs begin with 9).
    ("ssn", re.compile(r"(?<!\d)\d{3}[\s.-]?\d{2}[\s.-]?\d{4}(?!\d)")),
    # Phone numbers: North American (optional +1, parentheses) or international (+CC...).
    (
        "phone",
        re.compile(
            r"(?:(?<![\w+])\+?1[\s.-]?)?(?<!\d)\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)"
            r"|(?<![\w+])\+\d{1,3}(?:[\s.-]?\d){6,12}(?!\d)"
        ),
    ),
]


def redact(text: str) -> tuple[str, list[str]]:
    """(`text` with each identity number and contact detail replaced by MARK, the kinds
    found in order: "email", "a_number", "ssn", "phone"). Text without any comes back
    unchanged with an empty list."""
    found: list[str] = []
    for kind, pattern in _PATTERNS:
        text, count = pattern.subn(MARK, text)
        if count:
            found.append(kind)
    return text, found


def was_redacted(text: str) -> bool:
    return MARK in text

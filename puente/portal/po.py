"""Gettext PO in and out for a translator's tool (issue 18): the same units as the XLIFF
export (`portal.xliff.Unit`), one entry each, the unit's id as msgctxt, the English as
msgid, the translation as msgstr and the note as a translator comment. Plain Python, no
database; read with polib, bounded in size."""

from datetime import UTC, datetime

import polib

from puente.portal.xliff import MAX_BYTES, MAX_UNITS, Unit


class PoError(ValueError):
    pass


def build(units: list[Unit], *, source_language: str, target_language: str) -> bytes:
    """A PO file (UTF-8) with one entry per unit; its header names the target language."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Puente portal",
        "POT-Creation-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "Language": target_language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source_language,
    }
    for unit in units:
        po.append(
            polib.POEntry(
                msgctxt=unit.id,
                msgid=unit.source,
                msgstr=unit.target,
                comment=unit.note,
            )
        )
    return str(po).encode("utf-8")


def parse(data: bytes) -> tuple[str, list[Unit]]:
    """(target language, units) of a PO file; an entry marked fuzzy counts as not yet
    translated (empty target). Raises PoError for what is too large, not UTF-8, not a
    PO file, or has an entry without msgctxt (every exported entry has one)."""
    if len(data) > MAX_BYTES:
        raise PoError("too large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PoError("not UTF-8") from None
    # polib takes a string that names an existing file as that file's path: a real PO
    # file always has a line break and a msgid, and no file name here has either.
    if "\n" not in text or "msgid" not in text or "\x00" in text:
        raise PoError("not a PO file")
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        raise PoError(f"not a PO file: {exc}") from None
    units = []
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgctxt:
            raise PoError("an entry has no msgctxt")
        target = "" if entry.fuzzy else entry.msgstr
        units.append(
            Unit(
                id=entry.msgctxt, source=entry.msgid, target=target, note=entry.comment
            )
        )
        if len(units) > MAX_UNITS:
            raise PoError("too many units")
    if not units:
        raise PoError("no entries")
    return po.metadata.get("Language", "").strip(), units

"""XLIFF 2.0 in and out for a translator's tool: one <unit> per text, the English as
<source>, the translation as <target>. Plain Python, no database. Reading refuses
DOCTYPE and entity declarations (entity-expansion attacks) and is bounded in size."""

from dataclasses import dataclass
from xml.etree import ElementTree as ET  # noqa: S405 - DOCTYPE and ENTITY refused below

NS = "urn:oasis:names:tc:xliff:document:2.0"
MAX_BYTES = 2 * 1024 * 1024
MAX_UNITS = 500


class XliffError(ValueError):
    pass


@dataclass(frozen=True)
class Unit:
    id: str  # e.g. "section:policy"
    source: str
    target: str = ""
    note: str = ""


def build(units: list[Unit], *, source_language: str, target_language: str) -> bytes:
    """An XLIFF 2.0 document with one file and one unit per entry."""
    ET.register_namespace("", NS)
    root = ET.Element(
        f"{{{NS}}}xliff",
        {"version": "2.0", "srcLang": source_language, "trgLang": target_language},
    )
    file = ET.SubElement(root, f"{{{NS}}}file", {"id": "puente"})
    for unit in units:
        element = ET.SubElement(file, f"{{{NS}}}unit", {"id": unit.id})
        if unit.note:
            notes = ET.SubElement(element, f"{{{NS}}}notes")
            ET.SubElement(notes, f"{{{NS}}}note").text = unit.note
        segment = ET.SubElement(element, f"{{{NS}}}segment")
        ET.SubElement(segment, f"{{{NS}}}source").text = unit.source
        ET.SubElement(segment, f"{{{NS}}}target").text = unit.target
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def parse(data: bytes) -> tuple[str, list[Unit]]:
    """(target language, units) of an XLIFF 2.0 document. Raises XliffError for what
    is not XLIFF 2.0, too large, or declares a DOCTYPE or entities."""
    if len(data) > MAX_BYTES:
        raise XliffError("too large")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XliffError("DOCTYPE or ENTITY declarations are not accepted")
    try:
        root = ET.fromstring(data)  # noqa: S314 - declarations refused above
    except ET.ParseError as exc:
        raise XliffError(f"not well-formed XML: {exc}") from None
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "2.0":
        raise XliffError("not an XLIFF 2.0 document")
    units = []
    for element in root.iter(f"{{{NS}}}unit"):
        source = "".join((s.text or "") for s in element.iter(f"{{{NS}}}source"))
        target = "\n".join(
            (t.text or "") for t in element.iter(f"{{{NS}}}target") if t.text
        )
        units.append(Unit(id=element.get("id", ""), source=source, target=target))
        if len(units) > MAX_UNITS:
            raise XliffError("too many units")
    return root.get("trgLang", ""), units

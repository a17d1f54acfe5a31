"""Tests for `puente.lib.uploads`, with real documents built in code."""

import hashlib
import io
import struct
import zipfile
import zlib

import docx
import pytest
from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter

from puente.lib import uploads
from puente.lib.uploads import (
    ALLOWED_KINDS,
    Inspected,
    UploadRejected,
    inspect_upload,
    safe_filename,
)

LIMIT = 10 * 1024 * 1024


# --- Fixture builders ------------------------------------------------------


def make_pdf(text: str = "Tactical Spanish curriculum") -> bytes:
    """A one-page PDF written by hand, with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Community liaison programme")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell with outreach hours"
    table.cell(0, 1).text = "42"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
    xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office:version="1.3">
  <office:body><office:text>
    <text:h text:outline-level="1">Plan de enlace comunitario</text:h>
    <text:p>Reuniones<text:s text:c="3"/>mensuales con la comunidad.</text:p>
  </office:text></office:body>
</office:document-content>
"""


def make_odt(
    content: str = ODT_CONTENT, mimetype: bytes = uploads.ODT_MIMETYPE
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_png() -> bytes:
    """A real 1x1 RGB PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


HTML = """<!DOCTYPE html>
<html lang="es"><head><title>Guía</title>
<style>body { color: red; }</style>
<script>alert("stolen cookies");</script></head>
<body><!-- hidden remark -->
<h1>Policía y comunidad</h1><p>Horario &amp; contacto</p>
<template><p>template secret</p></template>
</body></html>
"""


def rejection(data: bytes, filename: str, *, max_bytes: int = LIMIT) -> str:
    with pytest.raises(UploadRejected) as excinfo:
        inspect_upload(data, filename, max_bytes=max_bytes)
    return str(excinfo.value)


# --- Accepted documents ----------------------------------------------------


def test_handmade_pdf_is_valid_for_pypdf():
    reader = PdfReader(io.BytesIO(make_pdf()), strict=True)
    assert len(reader.pages) == 1
    assert "Tactical Spanish curriculum" in reader.pages[0].extract_text()


def test_pdf_is_accepted_with_text_and_pages():
    data = make_pdf()
    result = inspect_upload(data, "Curriculum.PDF", max_bytes=LIMIT)
    assert result == Inspected(
        kind="pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text="Tactical Spanish curriculum",
        pages=1,
    )


def test_docx_paragraphs_and_table_cells():
    result = inspect_upload(make_docx(), "programme.docx", max_bytes=LIMIT)
    assert result.kind == "docx"
    assert result.content_type == ALLOWED_KINDS["docx"].content_type
    assert result.pages is None
    assert result.text.splitlines() == [
        "Community liaison programme",
        "Cell with outreach hours",
        "42",
    ]


def test_odt_headings_and_paragraphs():
    result = inspect_upload(make_odt(), "plan.odt", max_bytes=LIMIT)
    assert result.kind == "odt"
    assert result.content_type == "application/vnd.oasis.opendocument.text"
    assert result.text == (
        "Plan de enlace comunitario\nReuniones mensuales con la comunidad."
    )


def test_html_keeps_visible_text_only():
    result = inspect_upload(HTML.encode(), "guia.htm", max_bytes=LIMIT)
    assert result.kind == "html"
    assert result.content_type == "text/html"
    assert "Policía y comunidad" in result.text
    assert "Horario & contacto" in result.text
    for hidden in ("stolen cookies", "alert", "color: red", "hidden remark", "secret"):
        assert hidden not in result.text


def test_html_fragment_without_doctype_is_detected():
    data = b"<p>Primera parte</p>\n<div>Segunda parte</div>"
    assert inspect_upload(data, "fragment.html", max_bytes=LIMIT).kind == "html"


def test_utf8_text_with_spanish_accents():
    data = (
        "Señales de tráfico:\tniños, cigüeña, ¿dónde?\r\n\r\n  Última   línea ".encode()
    )
    result = inspect_upload(data, "notas.txt", max_bytes=LIMIT)
    assert result.kind == "txt"
    assert result.content_type == "text/plain"
    assert result.text == "Señales de tráfico: niños, cigüeña, ¿dónde?\nÚltima línea"


def test_cp1252_text_falls_back():
    data = "Información “útil” – año 2026".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = inspect_upload(data, "info.txt", max_bytes=LIMIT)
    assert result.text == "Información “útil” – año 2026"


def test_text_that_happens_to_match_a_short_signature_is_still_text():
    # filetype calls anything starting with "BM" a bitmap.
    result = inspect_upload(b"BMI report for the cadets", "bmi.txt", max_bytes=LIMIT)
    assert result.kind == "txt"


def test_extracted_text_is_capped(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_TEXT_CHARS", 50)
    result = inspect_upload(b"word " * 1000, "long.txt", max_bytes=LIMIT)
    assert len(result.text) == 50


def test_inspected_is_frozen():
    result = inspect_upload(b"hola", "hola.txt", max_bytes=LIMIT)
    with pytest.raises(AttributeError):
        result.kind = "pdf"  # type: ignore[misc]


# --- Rejections ------------------------------------------------------------


def test_empty_file():
    assert "empty" in rejection(b"", "empty.pdf")


def test_too_large():
    message = rejection(b"x" * 2048, "big.txt", max_bytes=1024)
    assert "larger than" in message
    assert "1.0\xa0KB" in message


def test_html_named_pdf_is_mislabelled():
    message = rejection(HTML.encode(), "report.pdf")
    assert "mislabelled" in message
    assert "HTML" in message
    assert ".html or .htm" in message


def test_pdf_named_txt_is_mislabelled():
    message = rejection(make_pdf(), "notes.txt")
    assert "mislabelled" in message
    assert ".pdf" in message


def test_docx_without_extension_is_mislabelled():
    assert "mislabelled" in rejection(make_docx(), "programme")


def test_png_named_pdf():
    message = rejection(make_png(), "scan.pdf")
    assert "PNG (image/png)" in message
    assert "not an accepted type" in message


@pytest.mark.parametrize(
    ("header", "found"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(56), "ELF"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50), "EXE"),
    ],
)
def test_executables_named_txt(header, found):
    message = rejection(header, "readme.txt")
    assert found in message
    assert "not an accepted type" in message


def test_unknown_binary_named_txt():
    message = rejection(bytes(range(256)) * 4, "data.txt")
    assert "not a document we can read" in message


def test_corrupt_pdf():
    message = rejection(b"%PDF-1.4\n" + bytes(range(256)) * 8, "broken.pdf")
    assert "PDF is damaged" in message


def test_truncated_pdf():
    data = make_pdf()
    assert "PDF is damaged" in rejection(data[: len(data) // 3], "cut.pdf")


def test_encrypted_pdf():
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf()))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    message = rejection(buffer.getvalue(), "locked.pdf")
    assert "encrypted or password-protected" in message


def test_zip_bomb_member_too_big():
    bomb = make_zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": bytes(60 * 1024 * 1024),
        }
    )
    assert len(bomb) < 1024 * 1024
    message = rejection(bomb, "bomb.docx")
    assert "zip bomb" in message
    assert "50 MB" in message


def test_zip_bomb_compression_ratio():
    bomb = make_zip({"word/document.xml": bytes(5 * 1024 * 1024)})
    message = rejection(bomb, "ratio.docx")
    assert "compressed more than 100 to 1" in message


def test_zip_total_unpacked_size(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_TOTAL_BYTES", 1000)
    data = make_zip({f"part{n}.txt": bytes(range(256)) * 2 for n in range(3)})
    assert "would unpack to more than" in rejection(data, "parts.docx")


def test_odt_with_entity_declaration():
    content = ODT_CONTENT.replace(
        "<office:document-content",
        '<!DOCTYPE office:document-content [<!ENTITY lol "lol">]>\n'
        "<office:document-content",
        1,
    ).replace("Reuniones", "&lol;")
    message = rejection(make_odt(content), "lol.odt")
    assert "DOCTYPE or ENTITY" in message


def test_odt_with_broken_xml():
    message = rejection(make_odt("<office:document-content"), "broken.odt")
    assert "not valid XML" in message


def test_odt_spreadsheet_is_not_text():
    data = make_odt(mimetype=b"application/vnd.oasis.opendocument.spreadsheet")
    message = rejection(data, "budget.odt")
    assert "ODS" in message


def test_plain_zip_named_docx():
    data = make_zip({"readme.txt": b"just a zip"})
    message = rejection(data, "report.docx")
    assert "ZIP archive, not a Word (.docx) or OpenDocument" in message


def test_xlsx_named_docx():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    message = rejection(buffer.getvalue(), "sheet.docx")
    assert "XLSX" in message


def test_damaged_docx():
    data = make_zip(
        {"[Content_Types].xml": b"<not xml", "word/document.xml": b"<also not"}
    )
    assert "Word document is damaged" in rejection(data, "broken.docx")


def test_damaged_zip():
    data = make_docx()
    assert "damaged" in rejection(data[: len(data) // 2], "cut.docx")


# --- safe_filename ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("Política de idiomas 2026.pdf", "Politica_de_idiomas_2026.pdf"),
        ("C:\\Users\\ana\\Informe final.docx", "Informe_final.docx"),
        ("", "document"),
        (".pdf", "document.pdf"),
        ("..", "document"),
        ("مرحبا.txt", "document.txt"),
        ("-rf .html", "rf.html"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_is_short_and_keeps_extension():
    name = safe_filename("a" * 500 + ".pdf")
    assert len(name) == 120
    assert name.endswith(".pdf")

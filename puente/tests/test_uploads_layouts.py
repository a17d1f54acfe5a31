"""PDFs whose header follows a few bytes, as PDF readers accept them (issue 12). No database."""

from pathlib import Path

import pytest

from puente.lib.uploads import UploadRejected, inspect_upload

DATA = Path(__file__).resolve().parent / "data"
LIMIT = 1024 * 1024
CONTROL = (DATA / "upload_pdf_control.pdf").read_bytes()


@pytest.mark.parametrize(
    "name", ["upload_pdf_control.pdf", "upload_pdf_leading_whitespace.pdf"]
)
def test_the_real_shape_pdfs_are_accepted_as_pdfs(name):
    data = (DATA / name).read_bytes()
    result = inspect_upload(data, name, max_bytes=LIMIT)
    assert (result.kind, result.pages) == ("pdf", 1)
    assert result.text == "Aviso de asistencia gratuita"
    assert result.size == len(data)  # the file is kept as uploaded


@pytest.mark.parametrize(
    "prefix", [b" ", b"\r\n", b"\t\t\n  ", b"\x00" * 16, b" " * 1019, b"\f\n"]
)
def test_any_whitespace_within_the_first_1024_bytes_is_accepted(prefix):
    result = inspect_upload(prefix + CONTROL, "notice.pdf", max_bytes=LIMIT)
    assert result.kind == "pdf" and result.text == "Aviso de asistencia gratuita"


@pytest.mark.parametrize(
    "data",
    [
        b" " * 1024 + CONTROL,  # the header starts past the first 1,024 bytes
        b"garbage before the header\n" + CONTROL,
        b"plain words, no header at all\n",
    ],
)
def test_a_pdf_without_a_header_where_readers_look_is_refused_as_damaged(data):
    message = str(
        pytest.raises(
            UploadRejected, inspect_upload, data, "notice.pdf", max_bytes=LIMIT
        ).value
    )
    assert "damaged or not a PDF" in message
    assert ".txt" not in message


def test_a_text_file_that_mentions_the_pdf_header_stays_text():
    data = b"Every PDF begins with %PDF- and a version number.\n"
    assert inspect_upload(data, "notes.txt", max_bytes=LIMIT).kind == "txt"

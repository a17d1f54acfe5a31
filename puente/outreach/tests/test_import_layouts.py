"""Outreach imports read the spreadsheets people really export: any delimiter Excel writes,
any encoding it saves in, and XLSX within bounds (issue 12)."""

import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from puente.agencies.models import AgencyRole
from puente.agencies.tests.factories import AgencyFactory, MembershipFactory
from puente.lib import spreadsheets
from puente.outreach.models import CommunityContact, Event
from puente.outreach.tests.factories import LiaisonFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
CONTACTS = [
    ["date", "liaison", "setting", "topics", "language", "interpreter_used"],
    ["2026-08-01", "Lía Ortega", "faith", "reporting;rights", "es", "sí"],
    ["2026-08-02", "Lía Ortega", "community", "victim_services", "so", "no"],
]


@pytest.fixture
def riverbend(db):
    agency = AgencyFactory(
        name="Riverbend Police Department (fictional)", slug="riverbend-pd-fictional"
    )
    LiaisonFactory(agency=agency, name="Lía Ortega")
    return agency


def _command(path, agency, kind="contacts"):
    out = StringIO()
    call_command(
        "outreach", "import", kind, str(path), "--agency", agency.slug, stdout=out
    )
    return out.getvalue()


def _csv(rows, delimiter):
    lines = []
    for row in rows:
        cells = [f'"{c}"' if delimiter in c or ";" in c else c for c in row]
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


def test_the_semicolon_file_excel_writes_in_spanish_imports_from_the_page(
    client, riverbend, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(agency=riverbend, role=AgencyRole.ADMIN).user
    client.force_login(admin)
    upload = SimpleUploadedFile(
        "contacts.csv", (DATA / "contacts_semicolon.csv").read_bytes()
    )
    # The upload is queued; with no broker the job runs after the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outreach:import", args=[riverbend.slug]),
            {"kind": "contacts", "file": upload},
        )
    response = client.get(response["Location"])
    contact = CommunityContact.objects.get(agency=riverbend)
    assert (str(contact.date), contact.liaison.name, contact.setting) == (
        "2026-11-02", "Lía Ortega", "community",
    )  # fmt: skip
    assert (contact.topics, contact.language) == (["reporting"], "es")
    page = response.content.decode()
    assert "Imported 1 row." in page
    assert "UTF-8" in page and "semicolons" in page


ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le-bom"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_delimiter_and_encoding_reads_the_same_contacts(
    tmp_path, riverbend, delimiter, encoding
):
    text = _csv(CONTACTS, delimiter)
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    path = tmp_path / "contacts.csv"
    path.write_bytes(data)
    out = _command(path, riverbend)
    assert "Imported 2 contacts" in out
    names = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "cp1252": "Windows-1252"}
    assert names.get(encoding, "UTF-16") in out
    assert spreadsheets.delimiter_name(delimiter) in out
    first, second = CommunityContact.objects.order_by("date")
    # The accent survives: the encoding was read right.
    assert first.liaison.name == "Lía Ortega" and first.interpreter_used is True
    assert first.topics == ["reporting", "rights"] and second.language == "so"


def test_a_windows_1252_events_file_with_semicolons(tmp_path, riverbend):
    rows = [
        ["date", "kind", "title", "place", "languages"],
        ["2026-09-12", "forum", "Foro comunitario en español", "Biblioteca", "es;so"],
    ]
    path = tmp_path / "events.csv"
    path.write_bytes(_csv(rows, ";").encode("cp1252"))
    out = _command(path, riverbend, kind="events")
    assert "Windows-1252" in out and "semicolons" in out
    event = Event.objects.get(agency=riverbend)
    assert event.title == "Foro comunitario en español"
    assert sorted(event.languages) == ["es", "so"]


def test_a_file_that_is_not_text_or_a_workbook_is_refused_clearly(tmp_path, riverbend):
    path = tmp_path / "contacts.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(CommandError, match=r"old Excel workbook \(\.xls\)"):
        _command(path, riverbend)
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CommandError, match="neither an Excel workbook"):
        _command(path, riverbend)
    assert not CommunityContact.objects.exists()


def test_an_encoding_change_midway_is_refused_and_nothing_is_stored(
    tmp_path, riverbend, monkeypatch
):
    monkeypatch.setattr(spreadsheets, "SAMPLE_BYTES", 200)
    good = _csv([CONTACTS[0]] + [CONTACTS[1]] * 500, ",").encode("utf-8")
    path = tmp_path / "contacts.csv"
    path.write_bytes(
        good + _csv([CONTACTS[2]], ",").replace("so", "sö").encode("cp1252")
    )
    with pytest.raises(CommandError, match="no longer UTF-8"):
        _command(path, riverbend)
    assert not CommunityContact.objects.exists()


# XLSX bounds


def _workbook(path, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def test_a_workbook_with_too_many_rows_is_refused_with_the_limit(
    tmp_path, riverbend, monkeypatch
):
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_ROWS", 50)
    path = tmp_path / "contacts.xlsx"
    _workbook(path, [CONTACTS[0], *[CONTACTS[1]] * 51])
    with pytest.raises(CommandError, match="more than 50 rows"):
        _command(path, riverbend)
    assert not CommunityContact.objects.exists()
    _workbook(path, [CONTACTS[0], *[CONTACTS[1]] * 50])
    assert "Imported 50 contacts" in _command(path, riverbend)


def test_a_workbook_without_a_dimension_is_still_counted_row_by_row(
    tmp_path, riverbend, monkeypatch
):
    """A sheet may lie about its size; the cap holds while streaming."""
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_ROWS", 20)
    source = tmp_path / "source.xlsx"
    _workbook(source, [CONTACTS[0], *[CONTACTS[1]] * 30])
    path = tmp_path / "contacts.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<dimension ref="A1:F31"/>', b"")
            new.writestr(item, data)
    with pytest.raises(CommandError, match="more than 20 rows"):
        _command(path, riverbend)


def test_a_workbook_that_unpacks_too_large_or_too_compressed_is_refused(
    tmp_path, riverbend, monkeypatch
):
    path = tmp_path / "contacts.xlsx"
    _workbook(path, [CONTACTS[0], *[CONTACTS[1]] * 2000])
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_UNPACKED_BYTES", 100_000)
    with pytest.raises(CommandError, match="would unpack to"):
        _command(path, riverbend)
    monkeypatch.undo()
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (5 * 1024 * 1024))
    with pytest.raises(CommandError, match="zip bomb"):
        _command(bomb, riverbend)
    assert not CommunityContact.objects.exists()


def test_other_zip_files_are_named_not_misread(tmp_path, riverbend):
    ods = tmp_path / "contacts.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(CommandError, match=r"OpenDocument spreadsheet \(\.ods\)"):
        _command(ods, riverbend)


def test_a_workbook_saved_under_a_csv_name_is_read_as_the_workbook_it_is(
    tmp_path, riverbend
):
    """Found by trying the import page: an .xlsx renamed .csv was recognised by its
    content, then refused as "not a valid .xlsx file" because of its name."""
    path = tmp_path / "contacts.csv"
    _workbook(path, CONTACTS)
    assert "Imported 2 contacts" in _command(path, riverbend)
    assert CommunityContact.objects.filter(agency=riverbend).count() == 2

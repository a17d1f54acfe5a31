"""Responses collected in KoboToolbox or ODK Central come back in (issue 12): group paths
in headers, one-hot or space-separated multiple choices, metadata columns ignored and named."""

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from puente.assessments.models import Response
from puente.assessments.response_columns import response_columns
from puente.assessments.services import NATIONAL_SPEC

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
KOBO = DATA / "responses_kobo_group_headers.csv"
NATIONAL = json.loads(NATIONAL_SPEC.read_text(encoding="utf-8"))
ITEMS = {item["id"]: item for item in NATIONAL["items"]}


def _import(path, program, campaign="kobo-2026"):
    out = StringIO()
    call_command(
        "assessment", "import-responses", str(path), "--campaign", campaign,
        "--create", "--program", program.slug, stdout=out,
    )  # fmt: skip
    return out.getvalue()


def test_the_kobo_export_imports_as_collected(agency_context, montgomery, program):
    out = _import(KOBO, program)
    response = Response.objects.get()
    assert (response.agency, response.respondent_type) == (montgomery, "command")
    assert response.answers == {
        "agy_lep_share": "5_to_14",
        "agy_community_languages": ["spanish", "vietnamese"],
    }
    assert "Imported 1 responses" in out
    assert (
        "Ignored 6 metadata columns: start, end, _id, _uuid, _submission_time, _index"
        in out
    )
    assert "UTF-8" in out and "commas" in out


def _write(tmp_path, rows, delimiter=",", encoding="utf-8"):
    path = tmp_path / "responses.csv"
    path.write_bytes(
        "".join(delimiter.join(row) + "\r\n" for row in rows).encode(encoding)
    )
    return path


@pytest.mark.parametrize(
    ("header", "row"),
    [
        # ODK Central: groups joined by dashes, its own metadata.
        (
            ["SubmissionDate", "agency", "respondent_type", "agency-agy_lep_share",
             "agency-agy_community_languages", "meta-instanceID", "KEY", "SubmitterID",
             "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
             "ReviewState", "DeviceID", "Edits", "FormVersion"],
            ["2026-03-01T15:09:10.000Z", "AL0430200", "command", "5_to_14",
             "spanish vietnamese", "uuid:1", "uuid:1", "5", "Ana", "0", "0", "",
             "approved", "collect:x", "0", "1"],
        ),
        # Kobo with one-hot columns only.
        (
            ["agency", "respondent_type", "agency/agy_lep_share",
             "agency/agy_community_languages/spanish",
             "agency/agy_community_languages/vietnamese",
             "agency/agy_community_languages/arabic", "meta/instanceID", "__version__"],
            ["AL0430200", "command", "5_to_14", "1", "True", "0", "uuid:1", "v1"],
        ),
        # Puente's own template: item ids.
        (
            ["agency", "respondent_type", "agy_lep_share", "agy_community_languages"],
            ["AL0430200", "command", "5_to_14", "vietnamese spanish"],
        ),
    ],
)  # fmt: skip
def test_every_layout_gives_the_same_answers(
    tmp_path, agency_context, montgomery, program, header, row
):
    _import(_write(tmp_path, [header, row]), program)
    assert Response.objects.get().answers == {
        "agy_lep_share": "5_to_14",
        "agy_community_languages": ["spanish", "vietnamese"],
    }


def test_a_semicolon_windows_1252_export_imports(
    tmp_path, agency_context, montgomery, program
):
    rows = [
        ["agency", "respondent_type", "agency/agy_lep_share",
         "agency/agy_community_languages", "_submitted_by"],
        ["AL0430200", "command", "5_to_14", "spanish", "José Núñez"],
    ]  # fmt: skip
    out = _import(_write(tmp_path, rows, ";", "cp1252"), program)
    assert "Windows-1252" in out and "semicolons" in out
    assert "_submitted_by" in out
    assert Response.objects.get().answers["agy_community_languages"] == ["spanish"]


def test_one_hot_columns_that_disagree_or_are_unclear_are_refused(
    tmp_path, agency_context, montgomery, program
):
    rows = [
        ["agency", "respondent_type", "agency/agy_lep_share",
         "agency/agy_community_languages", "agency/agy_community_languages/spanish",
         "agency/agy_community_languages/arabic"],
        ["AL0430200", "command", "5_to_14", "spanish", "1", "maybe"],
        ["AL0430200", "command", "5_to_14", "arabic", "1", "0"],
    ]  # fmt: skip
    with pytest.raises(CommandError) as info:
        _import(_write(tmp_path, rows), program)
    message = str(info.value)
    assert (
        "Line 2, agency/agy_community_languages/arabic: write 1 if the option was chosen"
        in message
    )
    assert (
        "Line 3, agy_community_languages: the one-hot columns (spanish) disagree"
        in (message)
    )
    assert not Response.objects.exists()


def test_unknown_and_repeated_columns_are_still_refused(
    tmp_path, agency_context, montgomery, program
):
    rows = [
        ["agency", "respondent_type", "agency/agy_lep_share", "agy_lep_share",
         "agency/agy_unknown", "agency/agy_community_languages/klingon"],
        ["AL0430200", "command", "5_to_14", "5_to_14", "x", "1"],
    ]  # fmt: skip
    with pytest.raises(CommandError) as info:
        _import(_write(tmp_path, rows), program)
    message = str(info.value)
    assert "Columns agency/agy_lep_share and agy_lep_share are the same question" in (
        message
    )
    assert "Column agency/agy_unknown is not a question" in message
    assert "Column agency/agy_community_languages/klingon is not a question" in message


def test_every_question_of_the_national_form_is_found_under_its_group():
    """Puente's XLSForm puts each question in its section's group; Kobo and ODK Central
    headers of data collected with it map back to every item."""
    for joiner in ("/", "-"):
        header = ["agency", "respondent_type", "start", "_uuid", "meta-instanceID"]
        header += [
            f"{item['section']}{joiner}{item['id']}" for item in NATIONAL["items"]
        ]
        columns = response_columns(header, ITEMS)
        assert columns.unknown == [] and columns.duplicated == []
        assert sorted(columns.direct.values()) == sorted(
            [*ITEMS, "agency", "respondent_type"]
        )
        assert columns.ignored == ["start", "_uuid", "meta-instanceID"]


def test_the_kobo_export_as_an_excel_workbook(
    tmp_path, agency_context, montgomery, program
):
    from openpyxl import Workbook

    with open(KOBO, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("kobo")
    for row in rows:
        # Kobo's XLSX export stores numbers as numbers.
        sheet.append([int(v) if v.isdigit() else v for v in row])
    path = tmp_path / "kobo.xlsx"
    book.save(path)
    out = _import(path, program)
    assert "Excel workbook" in out
    assert Response.objects.get().answers["agy_community_languages"] == [
        "spanish",
        "vietnamese",
    ]

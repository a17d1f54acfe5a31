"""XLSForms as pyxform reads them (issue 12): single-colon headers, language names in any
case, CSV and Markdown forms, repeats refused once and for a stated reason."""

import csv
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from puente.assessments.models import Instrument
from puente.assessments.xlsform import XLSFormError, xlsform_to_spec

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
BASELINE = DATA / "xlsform_double_colon_baseline.xlsx"
SINGLE = DATA / "xlsform_single_colon_headers.xlsx"


def _sheets(path: Path) -> dict[str, list[list]]:
    book = load_workbook(path)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book
    }


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_form(sheets: dict[str, list[list]]) -> str:
    """pyxform's CSV layout: the sheet name in the first column, then its rows."""
    out = StringIO()
    writer = csv.writer(out)
    for title, rows in sheets.items():
        writer.writerow([title])
        for row in rows:
            writer.writerow(["", *["" if v is None else v for v in row]])
    return out.getvalue()


def _without_slug(spec):
    return {key: value for key, value in spec.items() if key != "slug"}


def test_single_colon_headers_load_like_the_double_colon_baseline():
    baseline = xlsform_to_spec(BASELINE.read_bytes())
    single = xlsform_to_spec(SINGLE.read_bytes())
    assert len(single["items"]) == 3
    assert _without_slug(single) == _without_slug(baseline)
    assert single["items"][0]["label"]["es"].startswith("Aproximadamente")


@pytest.mark.django_db
def test_the_command_loads_the_single_colon_form(tmp_path):
    from puente.principles.services import principles_sync

    principles_sync()
    out = StringIO()
    call_command("assessment", "load-instrument", str(SINGLE), stdout=out)
    assert "Loaded v1-single-colon version 1 (3 items)." in out.getvalue()
    assert Instrument.objects.filter(slug="v1-single-colon").exists()


@pytest.mark.parametrize(
    "header",
    ["label::english (en)", "LABEL::English (EN)", "label::ENGLISH", "Label::English"],
)
def test_language_names_and_base_columns_in_any_case(header):
    sheets = _sheets(BASELINE)
    sheets["survey"][0][2] = header
    spec = xlsform_to_spec(_xlsx(sheets))
    assert spec["items"][0]["label"]["en"].startswith("About what share")


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_csv_form_loads_like_the_workbook(tmp_path, encoding):
    from puente.principles.services import principles_sync

    principles_sync()
    text = _csv_form(_sheets(BASELINE))
    assert xlsform_to_spec(text.encode(encoding)) == xlsform_to_spec(
        BASELINE.read_bytes()
    )
    path = tmp_path / "form.csv"
    path.write_bytes(text.encode(encoding))
    out = StringIO()
    call_command("assessment", "load-instrument", str(path), stdout=out)
    assert "(3 items)" in out.getvalue()


def test_a_markdown_form_loads_like_the_workbook():
    lines = []
    for title, rows in _sheets(BASELINE).items():
        lines.append(f"| {title} |")
        for row in rows:
            cells = ["" if v is None else str(v) for v in row]
            lines.append("| | " + " | ".join(cells) + " |")
    spec = xlsform_to_spec("\n".join(lines).encode("utf-8"))
    assert spec == xlsform_to_spec(BASELINE.read_bytes())


def test_a_repeat_is_refused_once_and_end_repeat_adds_nothing():
    sheets = _sheets(BASELINE)
    survey = sheets["survey"]
    width = len(survey[0])
    survey.insert(
        2, ["begin_repeat", "visits", "Visits", "Visitas", *[None] * (width - 4)]
    )
    survey.insert(4, ["end_repeat", *[None] * (width - 1)])
    with pytest.raises(XLSFormError) as info:
        xlsform_to_spec(_xlsx(sheets))
    assert info.value.problems == [
        "survey row 3: repeat groups are not supported: each question is asked once "
        "of each respondent"
    ]


def test_a_stray_end_repeat_is_named():
    sheets = _sheets(BASELINE)
    sheets["survey"].insert(2, ["end repeat", *[None] * (len(sheets["survey"][0]) - 1)])
    with pytest.raises(XLSFormError) as info:
        xlsform_to_spec(_xlsx(sheets))
    assert info.value.problems == ["survey row 3: end_repeat without a begin_repeat"]

import copy
import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from puente.assessments.spec import validate
from puente.assessments.xlsform import (
    XLSFormError,
    normalise_spec,
    spec_to_xlsform,
    xlsform_to_spec,
)

ALL_TYPES = ["command", "line", "civilian", "partner"]
POLICE = ["command", "line", "civilian"]


def _text(en: str, es: str) -> dict[str, str]:
    return {"en": en, "es": es}


def _option(value: str, en: str, es: str, **points: float) -> dict[str, Any]:
    return {
        "value": value,
        "label": _text(en, es),
        "points": {key.replace("_", "-"): number for key, number in points.items()},
    }


SPEC: dict[str, Any] = {
    "slug": "pilot-instrument",
    "version": 3,
    "title": _text("Pilot instrument", "Instrumento piloto"),
    "principles": ["broad-outreach", "leverage-partnerships", "root-causes"],
    "weights": {"broad-outreach": 1, "leverage-partnerships": 0.5, "root-causes": 2},
    "respondent_types": ALL_TYPES,
    "sections": [
        {"id": "outreach", "title": _text("Outreach", "Alcance")},
        {"id": "partners", "title": _text("Partners", "Socios")},
        {"id": "closing", "title": _text("Closing", "Cierre")},
    ],
    "items": [
        {
            "id": "has_liaison",
            "section": "outreach",
            "type": "yesno",
            "label": _text("Is there a liaison officer?", "¿Hay un enlace?"),
            "rationale": _text("Liaisons open doors.", "Los enlaces abren puertas."),
            "respondent_types": POLICE,
            "required": True,
            "relevant": None,
            "compares_with": None,
            "options": [
                _option("yes", "Yes", "Sí", broad_outreach=2),
                _option("no", "No", "No", broad_outreach=0),
            ],
        },
        {
            "id": "liaison_frequency",
            "section": "outreach",
            "type": "single",
            "label": _text("How often does the liaison meet?", "¿Con qué frecuencia?"),
            "hint": _text("Count the last year.", "Cuente el último año."),
            "rationale": _text("Regular contact.", "Contacto regular."),
            "respondent_types": POLICE,
            "required": True,
            "relevant": {"item": "has_liaison", "in": ["yes"]},
            "compares_with": None,
            "options": [
                _option(
                    "weekly",
                    "Weekly",
                    "Semanal",
                    broad_outreach=2,
                    leverage_partnerships=1,
                ),
                _option("monthly", "Monthly", "Mensual", broad_outreach=1),
                _option("never", "Never", "Nunca", broad_outreach=0),
            ],
        },
        {
            "id": "channels",
            "section": "outreach",
            "type": "multiple",
            "label": _text("Which channels do you use?", "¿Qué canales usa?"),
            "rationale": _text("Reach.", "Alcance."),
            "respondent_types": ALL_TYPES,
            "required": False,
            "relevant": None,
            "compares_with": None,
            "options": [
                _option("radio", "Radio", "Radio", broad_outreach=1),
                _option("church", "Churches", "Iglesias", leverage_partnerships=1.5),
                _option("school", "Schools", "Escuelas", root_causes=1),
                _option("none", "None", "Ninguno"),
            ],
        },
        {
            "id": "meetings",
            "section": "partners",
            "type": "number",
            "label": _text("How many meetings last year?", "¿Cuántas reuniones?"),
            "rationale": _text("Frequency.", "Frecuencia."),
            "respondent_types": ["command"],
            "required": False,
            "relevant": {"item": "channels", "in": ["church", "school"]},
            "compares_with": None,
            "min": 0,
            "max": 52,
        },
        {
            "id": "partner_frequency",
            "section": "partners",
            "type": "single",
            "label": _text("How often do you meet police?", "¿Cada cuánto?"),
            "rationale": _text("Checks the police answer.", "Verifica."),
            "respondent_types": ["partner"],
            "required": True,
            "relevant": None,
            "compares_with": "liaison_frequency",
            "options": [
                _option("often", "Often", "A menudo", root_causes=2),
                _option("rarely", "Rarely", "Rara vez", root_causes=0),
            ],
        },
        {
            "id": "comments",
            "section": "closing",
            "type": "text",
            "label": _text("Anything else?", "¿Algo más?"),
            "hint": _text("Optional.", "Opcional."),
            "rationale": _text("Open feedback.", "Comentarios abiertos."),
            "respondent_types": ALL_TYPES,
            "required": False,
            "relevant": None,
            "compares_with": None,
        },
    ],
}


def _sheet_rows(data: bytes, name: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[name].iter_rows(values_only=True))


def _row_by_name(rows: list[tuple], name: str) -> dict[str, Any]:
    header = rows[0]
    for row in rows[1:]:
        if row[1] == name:
            return dict(zip(header, row, strict=True))
    raise AssertionError(name)


def _workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _edit(data: bytes, edits: dict[tuple[str, str], Any]) -> bytes:
    """The workbook with cells, addressed (sheet, "B3"), replaced."""
    book = load_workbook(io.BytesIO(data))
    for (sheet, cell), value in edits.items():
        book[sheet][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _problems(data: bytes) -> list[str]:
    with pytest.raises(XLSFormError) as caught:
        xlsform_to_spec(data)
    assert caught.value.problems
    assert isinstance(caught.value, ValueError)
    return caught.value.problems


def _survey_row(data: bytes, name: str) -> int:
    for number, row in enumerate(_sheet_rows(data, "survey"), start=1):
        if row[1] == name and not str(row[0]).endswith("group"):
            return number
    raise AssertionError(name)


# Round trip


def test_fixture_is_valid_and_canonical() -> None:
    assert validate(SPEC) == []
    assert normalise_spec(SPEC) == SPEC


def test_round_trip() -> None:
    assert xlsform_to_spec(spec_to_xlsform(SPEC)) == SPEC


def test_round_trip_of_a_non_canonical_spec() -> None:
    spec = copy.deepcopy(SPEC)
    spec["sections"].reverse()
    spec["sections"].append({"id": "unused", "title": _text("Unused", "Sin uso")})
    spec["items"][0]["type"] = "single"
    spec["items"][0]["options"].reverse()
    del spec["items"][2]["relevant"]
    del spec["items"][2]["compares_with"]
    spec["items"][3]["label"]["fr"] = "Combien de réunions ?"
    spec["items"][3]["extra"] = "dropped"
    spec["weights"]["broad-outreach"] = 1.0
    assert validate(spec) == []
    expected = normalise_spec(spec)
    assert expected["items"][0]["type"] == "yesno"
    assert xlsform_to_spec(spec_to_xlsform(spec)) == expected


def test_normalise_drops_blank_text_and_fills_defaults() -> None:
    spec = copy.deepcopy(SPEC)
    del spec["respondent_types"]
    spec["items"][5]["hint"] = {"en": " ", "es": ""}
    spec["items"][5]["label"]["en"] = "Anything\r\nelse?"
    spec["items"][3]["respondent_types"] = []
    del spec["items"][3]["min"]
    del spec["items"][2]["options"][3]["points"]
    spec["items"][0]["options"][0]["value"] = "yes"
    normal = normalise_spec(spec)
    assert normal["respondent_types"] == ALL_TYPES
    assert "hint" not in normal["items"][5]
    assert normal["items"][5]["label"]["en"] == "Anything\nelse?"
    assert normal["items"][3]["respondent_types"] == ALL_TYPES
    assert normal["items"][3]["min"] == 0
    assert normal["items"][2]["options"][3]["points"] == {}
    assert xlsform_to_spec(spec_to_xlsform(spec)) == normal


def test_items_of_a_section_need_not_be_contiguous() -> None:
    spec = copy.deepcopy(SPEC)
    spec["items"][2]["section"] = "closing"
    spec["items"][5]["section"] = "outreach"
    data = spec_to_xlsform(spec)
    groups = [row[:2] for row in _sheet_rows(data, "survey") if row[0] == "begin_group"]
    assert [name for _type, name in groups] == [
        "outreach",
        "closing",
        "partners",
        "outreach",
    ]
    assert xlsform_to_spec(data) == spec


@pytest.mark.parametrize(
    ("low", "high"),
    [(0, 0), (0, 1), (-10, 10), (5, 1_000_000), (0, 10**12), (-(10**9), -1)],
)
def test_number_bounds_round_trip(low: int, high: int) -> None:
    spec = copy.deepcopy(SPEC)
    spec["items"][3].update(min=low, max=high)
    data = spec_to_xlsform(spec)
    row = _row_by_name(_sheet_rows(data, "survey"), "meetings")
    assert row["constraint"] == f". >= {low} and . <= {high}"
    item = xlsform_to_spec(data)["items"][3]
    assert (item["min"], item["max"]) == (low, high)
    assert isinstance(item["min"], int) and isinstance(item["max"], int)


@pytest.mark.parametrize(
    ("constraint", "low", "high"),
    [
        (None, 0, 1_000_000),
        (".>=3 and .<=9", 3, 9),
        ("  .   >=  3   and   .  <=  9  ", 3, 9),
        (". <= 9 and . >= 3", 3, 9),
        (". >= 7", 7, 1_000_000),
        (". <= 7", 0, 7),
        (". >= 1.0 and . <= 20.0", 1, 20),
    ],
)
def test_number_constraint_forms(constraint: str | None, low: int, high: int) -> None:
    data = spec_to_xlsform(SPEC)
    row = _survey_row(data, "meetings")
    item = xlsform_to_spec(_edit(data, {("survey", f"I{row}"): constraint}))["items"][3]
    assert (item["min"], item["max"]) == (low, high)


# The workbook


def test_workbook_sheets_and_columns() -> None:
    data = spec_to_xlsform(SPEC)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = _sheet_rows(data, "survey")
    assert list(survey[0]) == [
        "type",
        "name",
        "label::English (en)",
        "label::Español (es)",
        "hint::English (en)",
        "hint::Español (es)",
        "required",
        "relevant",
        "constraint",
        "rationale::English (en)",
        "rationale::Español (es)",
        "respondent_types",
        "compares_with",
    ]
    assert [row[0] for row in survey[1:] if row[0].endswith("group")] == [
        "begin_group",
        "end_group",
    ] * 3
    assert survey[1][:4] == ("begin_group", "outreach", "Outreach", "Alcance")

    has_liaison = _row_by_name(survey, "has_liaison")
    assert has_liaison["type"] == "select_one has_liaison"
    assert has_liaison["required"] == "yes"
    assert has_liaison["respondent_types"] == "command line civilian"
    frequency = _row_by_name(survey, "liaison_frequency")
    assert frequency["type"] == "select_one liaison_frequency"
    assert frequency["relevant"] == "${has_liaison} = 'yes'"
    assert frequency["hint::Español (es)"] == "Cuente el último año."
    assert _row_by_name(survey, "channels")["type"] == "select_multiple channels"
    meetings = _row_by_name(survey, "meetings")
    assert meetings["type"] == "integer"
    assert meetings["constraint"] == ". >= 0 and . <= 52"
    assert meetings["relevant"] == (
        "selected(${channels}, 'church') or selected(${channels}, 'school')"
    )
    assert meetings["required"] is None
    partner = _row_by_name(survey, "partner_frequency")
    assert partner["compares_with"] == "liaison_frequency"
    assert partner["respondent_types"] == "partner"
    assert _row_by_name(survey, "comments")["type"] == "text"

    choices = _sheet_rows(data, "choices")
    assert list(choices[0]) == [
        "list_name",
        "name",
        "label::English (en)",
        "label::Español (es)",
        "points",
    ]
    weekly = _row_by_name(choices, "weekly")
    assert weekly["list_name"] == "liaison_frequency"
    assert weekly["points"] == "broad-outreach:2 leverage-partnerships:1"
    assert _row_by_name(choices, "church")["points"] == "leverage-partnerships:1.5"
    assert _row_by_name(choices, "none")["points"] is None

    header, values = _sheet_rows(data, "settings")
    settings = dict(zip(header, values, strict=True))
    assert settings == {
        "form_title": "Pilot instrument",
        "form_title::Español (es)": "Instrumento piloto",
        "form_id": "pilot-instrument",
        "version": "3",
        "default_language": "English (en)",
        "puente_principles": "broad-outreach leverage-partnerships root-causes",
        "puente_weights": "broad-outreach:1 leverage-partnerships:0.5 root-causes:2",
        "puente_respondent_types": "command line civilian partner",
        "puente_sections": "outreach partners closing",
    }


def test_extra_languages_follow_english_and_spanish() -> None:
    spec = copy.deepcopy(SPEC)
    spec["title"]["pt"] = "Instrumento piloto"
    spec["items"][0]["label"]["fr"] = "Y a-t-il un agent de liaison ?"
    data = spec_to_xlsform(spec)
    header = _sheet_rows(data, "survey")[0]
    assert header[2:7] == (
        "label::English (en)",
        "label::Español (es)",
        "label::Français (fr)",
        "label::Português (pt)",
        "hint::English (en)",
    )
    assert "form_title::Français (fr)" in _sheet_rows(data, "settings")[0]
    assert xlsform_to_spec(data) == spec


def test_text_that_looks_like_a_formula_stays_text() -> None:
    spec = copy.deepcopy(SPEC)
    spec["items"][5]["label"]["en"] = "=SUM(A1:A3) anything else?"
    assert xlsform_to_spec(spec_to_xlsform(spec)) == spec


# Workbooks written by researchers


def _researcher_sheets() -> dict[str, list[list[Any]]]:
    return {
        "Survey": [
            [
                "TYPE",
                "Name",
                "Label",
                "label::español (es)",
                "Hint",
                "REQUIRED",
                "Relevant",
                "Constraint",
                "Rationale",
                "rationale::Español (es)",
                "appearance",
                "hint::Español (es)",
            ],
            ["start", "start"],
            ["note", "intro", "Welcome", "Bienvenida"],
            ["begin group", "trust", "Trust", "Confianza", None, None, None, None],
            [
                "select_one yn",
                "has_unit",
                "Is there a unit?",
                "¿Hay una unidad?",
                "A dedicated unit.",
                "TRUE()",
                None,
                None,
                "Units matter.",
                "Las unidades importan.",
                "horizontal",
                "Una unidad dedicada.",
            ],
            [
                "select_multiple  langs",
                "languages",
                "Languages spoken?",
                "¿Idiomas?",
                None,
                "true",
                '${has_unit}  =  "yes"',
                None,
                "Language access.",
                "Acceso lingüístico.",
            ],
            [
                "Integer",
                "officers",
                "How many officers?",
                "¿Cuántos agentes?",
                None,
                "no",
                "selected( ${languages} , \"es\" )  or  selected(${languages},'fr')",
                ". >= 1 and . <= 500",
                "Staffing.",
                "Personal.",
            ],
            [
                "decimal",
                "budget",
                "Budget share?",
                "¿Presupuesto?",
                None,
                None,
                None,
                ".>=0 and .<=100",
                "Money.",
                "Dinero.",
            ],
            ["end group"],
            [],
            [
                "text",
                "notes",
                "Notes",
                "Notas",
                None,
                None,
                None,
                None,
                "Context.",
                "Contexto.",
            ],
        ],
        "choices": [
            ["List Name", "NAME", "label", "Label::Español (es)", "Points"],
            ["yn", "yes", "Yes", "Sí", "access:1"],
            ["yn", "no", "No", "No", "access:0"],
            ["langs", "es", "Spanish", "Español", "access:1"],
            ["langs", "fr", "French", "Francés", "access:0.5"],
            ["unused", "a", "A", "A"],
        ],
        "settings": [
            [
                "Form_Title",
                "form_title::español (es)",
                "form_id",
                "version",
                "puente_principles",
                "puente_weights",
            ],
            ["Access", "Acceso", "access-check", 2024, "access", "access:1"],
        ],
    }


def test_researcher_workbook() -> None:
    spec = xlsform_to_spec(_workbook(_researcher_sheets()))
    assert validate(spec) == []
    assert spec["slug"] == "access-check"
    assert spec["version"] == 2024
    assert spec["title"] == _text("Access", "Acceso")
    assert spec["weights"] == {"access": 1}
    assert spec["respondent_types"] == ALL_TYPES
    assert spec["sections"] == [
        {"id": "trust", "title": _text("Trust", "Confianza")},
        {"id": "main", "title": _text("Main", "Principal")},
    ]
    items = {item["id"]: item for item in spec["items"]}
    assert list(items) == ["has_unit", "languages", "officers", "budget", "notes"]
    unit = items["has_unit"]
    assert unit["type"] == "yesno"
    assert unit["required"] is True
    assert unit["hint"] == _text("A dedicated unit.", "Una unidad dedicada.")
    assert unit["label"] == _text("Is there a unit?", "¿Hay una unidad?")
    assert unit["respondent_types"] == ALL_TYPES
    assert unit["options"][0] == {
        "value": "yes",
        "label": _text("Yes", "Sí"),
        "points": {"access": 1},
    }
    languages = items["languages"]
    assert languages["type"] == "multiple"
    assert languages["relevant"] == {"item": "has_unit", "in": ["yes"]}
    assert languages["options"][1]["points"] == {"access": 0.5}
    officers = items["officers"]
    assert (officers["type"], officers["min"], officers["max"]) == ("number", 1, 500)
    assert officers["required"] is False
    assert officers["relevant"] == {"item": "languages", "in": ["es", "fr"]}
    assert (items["budget"]["type"], items["budget"]["max"]) == ("number", 100)
    assert items["notes"]["section"] == "main"
    assert "hint" not in items["notes"]
    assert items["notes"]["compares_with"] is None


def test_plain_columns_follow_the_default_language() -> None:
    sheets = _researcher_sheets()
    sheets["settings"][0].append("default_language")
    sheets["settings"][1].append("Español")
    sheets["settings"][0][0] = "form_title::English (en)"
    sheets["Survey"][0][2] = "label::English"
    sheets["Survey"][0][3] = "label"
    sheets["Survey"][0][8] = "rationale::en"
    sheets["Survey"][0][9] = "rationale"
    sheets["Survey"][0][4] = "hint::english (en)"
    sheets["choices"][0][2] = "label::English (en)"
    sheets["choices"][0][3] = "label"
    spec = xlsform_to_spec(_workbook(sheets))
    assert spec["title"] == _text("Access", "Acceso")
    assert spec["items"][0]["label"] == _text("Is there a unit?", "¿Hay una unidad?")
    assert spec["items"][0]["rationale"]["es"] == "Las unidades importan."


# Problems


def test_not_an_xlsx() -> None:
    for data in (b"", bytes(range(256)) * 4):
        problems = _problems(data)
        assert len(problems) == 1
        assert "not an XLSForm" in problems[0]
    assert "cannot be opened" in _problems(b"PK\x03\x04 broken")[0]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("hello.txt", "not a workbook")
    assert "not an Excel workbook" in _problems(archive.getvalue())[0]
    # pyxform reads an XLSForm CSV only with the sheet names in the first column.
    assert "not an XLSForm" in _problems(b"type,name\ntext,notes\n")[0]


def test_missing_sheets() -> None:
    problems = _problems(
        _workbook({"Sheet1": [["type", "name"]], "Sheet2": [["type", "name"]]})
    )
    assert "the workbook has no 'survey' sheet" in problems
    assert "the workbook has no 'settings' sheet" in problems
    # As in pyxform, a workbook's only sheet is its survey, whatever its name.
    problems = _problems(_workbook({"Sheet1": [["type", "name"]]}))
    assert "the workbook has no 'survey' sheet" not in problems
    assert "the workbook has no 'settings' sheet" in problems


def test_missing_choices_sheet_when_lists_are_used() -> None:
    sheets = _researcher_sheets()
    del sheets["choices"]
    problems = _problems(_workbook(sheets))
    assert "the workbook has no 'choices' sheet" in problems
    assert "survey row 5: unknown choice list 'yn'" in problems


def test_missing_columns() -> None:
    sheets = _researcher_sheets()
    sheets["Survey"][0][0] = "kind"
    sheets["choices"][0][0] = "list"
    problems = _problems(_workbook(sheets))
    assert "survey: no 'type' column" in problems
    assert "choices: no 'list_name' column" in problems
    sheets = _researcher_sheets()
    sheets["Survey"][0][1] = "id"
    assert "survey: no 'name' column" in _problems(_workbook(sheets))


def test_repeated_column() -> None:
    sheets = _researcher_sheets()
    sheets["Survey"][0][3] = "label::English (en)"
    problems = _problems(_workbook(sheets))
    assert "survey: columns C and D are both 'label::English (en)'" in problems


def test_unknown_language_column() -> None:
    sheets = _researcher_sheets()
    sheets["Survey"][0][3] = "label::Klingonese"
    problems = _problems(_workbook(sheets))
    assert any(
        problem.startswith("survey: column D: cannot tell the language")
        for problem in problems
    )


def test_three_problems_reported_at_once() -> None:
    data = spec_to_xlsform(SPEC)
    channels = _survey_row(data, "channels")
    comments = _survey_row(data, "comments")
    broken = _edit(
        data,
        {
            ("survey", f"A{channels}"): "select_multiple freq",
            ("survey", f"A{comments}"): "geopoint",
            ("choices", "E3"): "train:x",
        },
    )
    problems = _problems(broken)
    assert len(problems) >= 3
    assert f"survey row {channels}: unknown choice list 'freq'" in problems
    assert f"survey row {comments}: type 'geopoint' is not supported" in problems
    assert "choices row 3: points 'train:x' is not principle:number" in problems


def test_duplicate_names() -> None:
    data = spec_to_xlsform(SPEC)
    row = _survey_row(data, "comments")
    first = _survey_row(data, "channels")
    problems = _problems(_edit(data, {("survey", f"B{row}"): "channels"}))
    assert f"survey row {row}: name 'channels' is already used on row {first}" in (
        problems
    )


def test_duplicate_choice() -> None:
    data = spec_to_xlsform(SPEC)
    problems = _problems(_edit(data, {("choices", "B5"): "weekly"}))
    assert (
        "choices row 5: 'weekly' is already in list 'liaison_frequency' on row 4"
        in (problems)
    )


@pytest.mark.parametrize(
    ("name", "column", "value", "message"),
    [
        (
            "liaison_frequency",
            "H",
            "${has_liaison} != 'yes'",
            "relevant '${has_liaison} != 'yes'' is not of the form",
        ),
        (
            "meetings",
            "H",
            "${channels} = 'church'",
            "relevant: channels is a select_multiple question",
        ),
        (
            "meetings",
            "H",
            "${channels} = 'church' or selected(${channels}, 'school')",
            "is not of the form",
        ),
        (
            "meetings",
            "I",
            ". > 0",
            "constraint '. > 0' is not of the form '. >= A and . <= B'",
        ),
        ("meetings", "A", "decimal", "a decimal question needs the constraint"),
        (
            "comments",
            "I",
            "string-length(.) < 10",
            "a constraint is only supported on integer and decimal questions",
        ),
        ("comments", "B", None, "no name"),
        ("comments", "A", None, "no type"),
        ("comments", "A", "select_one", "type 'select_one' is not supported"),
        ("comments", "A", "begin repeat", "repeat groups are not supported"),
    ],
)
def test_row_problems(name: str, column: str, value: Any, message: str) -> None:
    data = spec_to_xlsform(SPEC)
    row = _survey_row(data, name)
    if value == "decimal":
        data = _edit(data, {("survey", f"I{row}"): ". <= 10"})
    problems = _problems(_edit(data, {("survey", f"{column}{row}"): value}))
    assert any(
        problem.startswith(f"survey row {row}: ") and message in problem
        for problem in problems
    ), problems


def test_group_problems() -> None:
    data = spec_to_xlsform(SPEC)
    rows = _sheet_rows(data, "survey")
    ends = [number for number, row in enumerate(rows, 1) if row[0] == "end_group"]
    begins = [number for number, row in enumerate(rows, 1) if row[0] == "begin_group"]
    problems = _problems(_edit(data, {("survey", f"A{ends[0]}"): "note"}))
    assert any(
        problem.startswith(f"survey row {begins[1]}: ")
        and "groups inside groups" in problem
        for problem in problems
    ), problems
    assert "survey row 2: group 'outreach' is never closed with end_group" in problems
    problems = _problems(_edit(data, {("survey", "A2"): "note"}))
    assert f"survey row {ends[0]}: end_group without a begin_group" in problems
    problems = _problems(_edit(data, {("survey", "H2"): "${x} = 'y'"}))
    assert "survey row 2: a group cannot have a relevant condition" in problems


def test_validate_problems_name_their_row() -> None:
    data = spec_to_xlsform(SPEC)
    row = _survey_row(data, "channels")
    problems = _problems(
        _edit(
            data,
            {
                ("survey", f"J{row}"): None,
                ("settings", "C2"): "Not A Slug",
                ("settings", "G2"): "broad-outreach:1 leverage-partnerships:x",
            },
        )
    )
    assert f"survey row {row}: item channels: rationale: no en text" in problems
    assert "settings row 2: slug: lower-case letters, digits, '-' or '_'" in problems
    assert (
        "settings row 2: puente_weights 'leverage-partnerships:x' "
        "is not principle:number"
    ) in problems


def test_later_rows_do_not_repeat_a_broken_row() -> None:
    data = spec_to_xlsform(SPEC)
    row = _survey_row(data, "has_liaison")
    problems = _problems(_edit(data, {("survey", f"A{row}"): "geopoint"}))
    assert problems == [f"survey row {row}: type 'geopoint' is not supported"]


def test_error_lists_every_problem_in_its_message() -> None:
    error = XLSFormError(["a", "b"])
    assert str(error) == "a\nb"
    assert error.problems == ["a", "b"]

"""XLSForm import and export for instrument specs (see `puente.assessments.spec`).

`spec_to_xlsform(spec)` writes an .xlsx workbook that ODK and KoboToolbox can
read; `xlsform_to_spec(data)` reads one back, including workbooks written by
hand, and raises `XLSFormError` listing every problem with its sheet and row.

Workbook layout
---------------
survey
    type, name, label::<Language> (<code>)..., hint::..., required, relevant,
    constraint, and the Puente columns rationale::..., respondent_types
    (space-separated) and compares_with. Each section is a begin_group /
    end_group pair named after the section id. Item types map to
    ``select_one <list>`` (single and yes/no), ``select_multiple <list>``,
    ``integer`` (with the constraint ``. >= min and . <= max``) and ``text``.
    ``relevant`` is ``${x} = 'a' or ${x} = 'b'`` for a single or yes/no
    target and ``selected(${x}, 'a') or selected(${x}, 'b')`` for a multiple
    one.
choices
    list_name, name, label::..., and the Puente column points, written as
    ``principle:number`` pairs. Every choice item has its own list, named
    after the item id.
settings
    form_title (English) and form_title::<Language> (<code>) for the others,
    form_id (the slug), version, default_language, and the Puente columns
    puente_principles, puente_weights (``key:number`` pairs),
    puente_respondent_types and puente_sections (the section order, which
    may differ from the order in which items use them; sections without
    items are written as empty groups).

Reading is lenient about how researchers write: headers in any case, a
plain ``label`` (the default_language, English unless set), ``begin group``
or ``begin_group``, ``integer``/``int``/``decimal``, ``text``/``string``,
metadata and ``note`` rows are skipped, a select_one whose list holds exactly
yes and no becomes a yes/no item, and items outside any group go into a
section "main". Constraints on number items may give one or both bounds
(defaults 0 and 1000000); a decimal item needs both.

Normalisation
-------------
`normalise_spec(spec)` gives the canonical form the importer returns, so
``xlsform_to_spec(spec_to_xlsform(spec)) == normalise_spec(spec)`` for any
valid spec, and ``normalise_spec(spec) == spec`` when the spec is canonical:

* every item has id, section, type, label, rationale, respondent_types,
  required (a bool), relevant (``{"item", "in"}`` or None) and compares_with
  (an id or None); "hint" only when it has text; "options" only for choice
  items, each with value, label and points (a dict, maybe empty); "min" and
  "max" only for number items (defaults 0 and 1000000);
* a single item whose options are exactly yes and no is a yes/no item;
* text maps keep only languages whose text is not blank, with line breaks
  written as ``\\n``;
* empty respondent_types (instrument or item) mean every type of the
  instrument, which defaults to command, line, civilian and partner;
* option values are strings; other keys are dropped.
"""

import io
import re
import zipfile
from collections.abc import Iterable
from functools import cache
from typing import Any
from xml.etree.ElementTree import ParseError

from babel import Locale, UnknownLocaleError, localedata
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pyxform.parsing.sheet_headers import process_header

from puente.assessments.spec import CHOICE_TYPES, RESPONDENT_TYPES, validate

DEFAULT_MIN = 0
DEFAULT_MAX = 1_000_000
MAIN_SECTION_ID = "main"
MAIN_SECTION_TITLE = {"en": "Main", "es": "Principal"}
SETTINGS_ROW = 2

_TRANSLATED = ("label", "hint", "rationale", "form_title")
_SKIPPED_TYPES = {
    "note", "start", "end", "today", "deviceid", "username", "simserial",
    "subscriberid", "phonenumber", "audit", "start-geopoint",
}  # fmt: skip
_BEGIN_GROUP = {"begin_group", "begin group"}
_END_GROUP = {"end_group", "end group"}
_BEGIN_REPEAT = {"begin_repeat", "begin repeat"}
_END_REPEAT = {"end_repeat", "end repeat"}
_SELECT = re.compile(
    r"^(select_one|select one|select_multiple|select all that apply)\s+(\S+)$",
    re.IGNORECASE,
)
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(rf"^{_NUMBER}$")
_BOUND = re.compile(rf"^\.\s*(>=|<=)\s*({_NUMBER})$")
_EQUALS = re.compile(r"""^\$\{\s*([^}\s]+)\s*\}\s*=\s*(['"])([^'"]*)\2$""")
_SELECTED = re.compile(
    r"""^selected\s*\(\s*\$\{\s*([^}\s]+)\s*\}\s*,\s*(['"])([^'"]*)\2\s*\)$"""
)
_LANGUAGE_CODE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\s*\)\s*$")
_TRUE = {"yes", "true", "true()"}


class XLSFormError(ValueError):
    """A workbook that cannot become a valid spec; `problems` lists why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


# Normalisation


def _texts(labels: Any) -> dict[str, str]:
    if not isinstance(labels, dict):
        return {}
    return {
        str(code): text.replace("\r\n", "\n").replace("\r", "\n")
        for code, text in labels.items()
        if isinstance(text, str) and text.strip()
    }


def normalise_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The canonical form of `spec`, as `xlsform_to_spec` returns it."""
    respondent_types = list(spec.get("respondent_types") or RESPONDENT_TYPES)
    items = []
    for item in spec.get("items") or []:
        kind = item.get("type")
        options = item.get("options") or []
        values = sorted(str(option.get("value")) for option in options)
        if kind == "single" and values == ["no", "yes"]:
            kind = "yesno"
        relevant = item.get("relevant")
        out: dict[str, Any] = {
            "id": item.get("id"),
            "section": item.get("section"),
            "type": kind,
            "label": _texts(item.get("label")),
            "rationale": _texts(item.get("rationale")),
            "respondent_types": list(item.get("respondent_types") or respondent_types),
            "required": bool(item.get("required")),
            "relevant": (
                {"item": relevant.get("item"), "in": list(relevant.get("in") or [])}
                if relevant
                else None
            ),
            "compares_with": item.get("compares_with") or None,
        }
        hint = _texts(item.get("hint"))
        if hint:
            out["hint"] = hint
        if kind in CHOICE_TYPES:
            out["options"] = [
                {
                    "value": str(option.get("value")),
                    "label": _texts(option.get("label")),
                    "points": dict(option.get("points") or {}),
                }
                for option in options
            ]
        elif kind == "number":
            out["min"] = item.get("min", DEFAULT_MIN)
            out["max"] = item.get("max", DEFAULT_MAX)
        items.append(out)
    return {
        "slug": spec.get("slug"),
        "version": spec.get("version"),
        "title": _texts(spec.get("title")),
        "principles": list(spec.get("principles") or []),
        "weights": dict(spec.get("weights") or {}),
        "respondent_types": respondent_types,
        "sections": [
            {"id": section.get("id"), "title": _texts(section.get("title"))}
            for section in spec.get("sections") or []
        ],
        "items": items,
    }


# Shared helpers


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _parse_number(text: str) -> int | float | None:
    text = text.strip()
    if not _NUMBER_RE.match(text):
        return None
    if not any(mark in text for mark in ".eE"):
        return int(text)
    number = float(text)
    return int(number) if number.is_integer() else number


def _language_name(code: str) -> str:
    try:
        locale = Locale.parse(code.replace("-", "_"))
        name = locale.get_display_name(locale)
    except (ValueError, TypeError, UnknownLocaleError):
        name = None
    if not name:
        return code
    return name[:1].upper() + name[1:]


def _language_header(base: str, code: str) -> str:
    return f"{base}::{_language_name(code)} ({code})"


@cache
def _languages_by_name() -> dict[str, str]:
    """Lower-case language names, English and native, to their codes."""
    english = Locale("en").languages
    names: dict[str, str] = {}
    for code, name in english.items():
        if "_" not in code:
            names.setdefault(name.lower(), code)
    for code in english:
        if len(code) == 2 and localedata.exists(code):
            native = Locale.parse(code).get_display_name(code)
            if native:
                names.setdefault(native.lower(), code)
    return names


def _parse_language(text: str) -> str | None:
    """The code in 'English (en)', 'en' or 'English'; None if unknown."""
    text = text.strip()
    match = _LANGUAGE_CODE.search(text)
    if match:
        primary, *rest = re.split(r"(?=[-_])", match.group(1), maxsplit=1)
        return primary.lower() + "".join(rest)
    if re.fullmatch(r"[A-Za-z]{2,3}", text):
        return text.lower()
    return _languages_by_name().get(text.lower())


def _at(sheet: str, row: int, problem: str) -> str:
    return _("%(sheet)s row %(row)d: %(problem)s") % {
        "sheet": sheet,
        "row": row,
        "problem": problem,
    }


def _in_sheet(sheet: str, problem: str) -> str:
    return _("%(sheet)s: %(problem)s") % {"sheet": sheet, "problem": problem}


# Export


def _spec_languages(spec: dict[str, Any]) -> list[str]:
    found: set[str] = set(spec["title"])
    for section in spec["sections"]:
        found.update(section["title"])
    for item in spec["items"]:
        for key in ("label", "hint", "rationale"):
            found.update(item.get(key) or {})
        for option in item.get("options") or []:
            found.update(option["label"])
    return ["en", "es", *sorted(found - {"en", "es"})]


def _append(sheet: Worksheet, values: Iterable[Any]) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _start_sheet(book: Workbook, title: str, header: list[str]) -> Worksheet:
    sheet = book.create_sheet(title)
    _append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _relevant_expression(relevant: dict[str, Any] | None, items: dict) -> str:
    if not relevant:
        return ""
    target = relevant["item"]
    if (items.get(target) or {}).get("type") == "multiple":
        terms = [f"selected(${{{target}}}, '{value}')" for value in relevant["in"]]
    else:
        terms = [f"${{{target}}} = '{value}'" for value in relevant["in"]]
    return " or ".join(terms)


def _points_text(points: dict[str, Any]) -> str:
    return " ".join(f"{key}:{_number_text(value)}" for key, value in points.items())


def spec_to_xlsform(spec: dict[str, Any]) -> bytes:
    """The spec as an XLSForm .xlsx workbook (sheets survey, choices, settings)."""
    spec = normalise_spec(spec)
    languages = _spec_languages(spec)
    by_id = {item["id"]: item for item in spec["items"]}
    titles = {section["id"]: section["title"] for section in spec["sections"]}

    def texts(labels: dict[str, str] | None) -> list[str]:
        return [(labels or {}).get(code, "") for code in languages]

    def columns(base: str) -> list[str]:
        return [_language_header(base, code) for code in languages]

    book = Workbook()
    book.remove(book.active)
    survey = _start_sheet(
        book,
        "survey",
        [
            "type", "name", *columns("label"), *columns("hint"), "required",
            "relevant", "constraint", *columns("rationale"), "respondent_types",
            "compares_with",
        ],
    )  # fmt: skip
    blank = [""] * len(languages)

    def group_rows(section_id: str) -> tuple[list[Any], list[Any]]:
        begin = ["begin_group", section_id, *texts(titles.get(section_id))]
        return begin, ["end_group", section_id]

    current: str | None = None
    for item in spec["items"]:
        if item["section"] != current:
            if current is not None:
                _append(survey, group_rows(current)[1])
            current = item["section"]
            _append(survey, group_rows(current)[0])
        kind = item["type"]
        constraint = ""
        if kind in ("single", "yesno"):
            type_text = f"select_one {item['id']}"
        elif kind == "multiple":
            type_text = f"select_multiple {item['id']}"
        elif kind == "number":
            type_text = "integer"
            constraint = (
                f". >= {_number_text(item['min'])} and . <= {_number_text(item['max'])}"
            )
        else:
            type_text = "text"
        _append(
            survey,
            [
                type_text,
                item["id"],
                *texts(item["label"]),
                *(texts(item["hint"]) if "hint" in item else blank),
                "yes" if item["required"] else "",
                _relevant_expression(item["relevant"], by_id),
                constraint,
                *texts(item["rationale"]),
                " ".join(item["respondent_types"]),
                item["compares_with"] or "",
            ],
        )
    if current is not None:
        _append(survey, group_rows(current)[1])
    used = {item["section"] for item in spec["items"]}
    for section in spec["sections"]:
        if section["id"] not in used:
            begin, end = group_rows(section["id"])
            _append(survey, begin)
            _append(survey, end)

    choices = _start_sheet(
        book, "choices", ["list_name", "name", *columns("label"), "points"]
    )
    for item in spec["items"]:
        for option in item.get("options") or []:
            _append(
                choices,
                [
                    item["id"],
                    option["value"],
                    *texts(option["label"]),
                    _points_text(option["points"]),
                ],
            )

    others = [code for code in languages if code != "en"]
    settings = _start_sheet(
        book,
        "settings",
        [
            "form_title",
            *(_language_header("form_title", code) for code in others),
            "form_id", "version", "default_language", "puente_principles",
            "puente_weights", "puente_respondent_types", "puente_sections",
        ],
    )  # fmt: skip
    _append(
        settings,
        [
            spec["title"].get("en", ""),
            *(spec["title"].get(code, "") for code in others),
            spec["slug"] or "",
            "" if spec["version"] is None else str(spec["version"]),
            f"{_language_name('en')} (en)",
            " ".join(spec["principles"]),
            _points_text(spec["weights"]),
            " ".join(spec["respondent_types"]),
            " ".join(str(section["id"]) for section in spec["sections"]),
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Import


def _not_a_form() -> XLSFormError:
    return XLSFormError(
        [
            _(
                "the file is not an XLSForm: save it from Excel, LibreOffice or Google "
                "Sheets as .xlsx (or as an XLSForm CSV, with the sheet name in the "
                "first column)"
            )
        ]
    )


def _read_definition(data: bytes) -> Any:
    """The workbook's sheets as pyxform reads them. A ZIP is checked for size and
    compression first (lib.spreadsheets); text is decoded whatever its encoding."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import Definition, definition_to_dict

    from puente.lib.spreadsheets import (
        SpreadsheetError,
        check_xlsx_archive,
        detect_encoding,
    )

    if not data.strip():
        raise _not_a_form()
    if data.startswith(b"PK\x03\x04"):
        try:
            check_xlsx_archive(io.BytesIO(data))
        except SpreadsheetError as exc:
            raise XLSFormError([str(exc)]) from None
        file_type = ".xlsx"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        file_type = ".xls"
    else:
        try:
            text = data.decode(detect_encoding(data)).lstrip("\ufeff")
        except (SpreadsheetError, UnicodeDecodeError, LookupError):
            raise _not_a_form() from None
        data = text.encode("utf-8")
        file_type = ".md" if text.lstrip().startswith("|") else ".csv"
    try:
        return definition_to_dict(
            Definition(io.BytesIO(data), None, None), file_type=file_type
        )
    except PyXFormError as exc:
        duplicate = re.match(r"Duplicate column header: (.+)", str(exc))
        if duplicate:
            raise XLSFormError(
                [
                    _("two columns are both '%(header)s'")
                    % {"header": duplicate.group(1)}
                ]
            ) from None
        raise _not_a_form() from exc
    except (ValueError, TypeError, EOFError, ParseError, zipfile.BadZipFile) as exc:
        raise _not_a_form() from exc


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number_text(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


class _Table:
    """One sheet: its columns by canonical key, and its non-empty rows."""

    def __init__(
        self,
        sheet: "_Sheet",
        name: str,
        problems: list[str],
        default_language: str,
    ) -> None:
        self.name = name
        self.columns: dict[str, int] = {}
        header, rows = sheet
        # pyxform's rule: a sheet whose headers use "::" anywhere splits on "::" only;
        # otherwise the older single colon ("label:English (en)") separates the language.
        self.double_colon = any("::" in title for title in header)
        for index, raw in enumerate(header):
            title = _cell_text(raw).strip()
            if not title:
                continue
            key = self._key(title, index, problems, default_language)
            if key is None:
                continue
            if key in self.columns:
                problems.append(
                    _in_sheet(
                        name,
                        _("columns %(first)s and %(second)s are both '%(header)s'")
                        % {
                            "first": get_column_letter(self.columns[key] + 1),
                            "second": get_column_letter(index + 1),
                            "header": title,
                        },
                    )
                )
                continue
            self.columns[key] = index
        self.rows = [
            (number, values)
            for number, values in enumerate(rows, start=2)
            if any(_cell_text(value).strip() for value in values)
        ]

    def _key(
        self, title: str, index: int, problems: list[str], default_language: str
    ) -> str | None:
        _new, tokens = process_header(
            title,
            use_double_colon=self.double_colon,
            header_aliases={},
            header_columns=set(_TRANSLATED),
        )
        base = re.sub(r"\s+", "_", tokens[0].strip().lower())
        separator = len(tokens) > 1
        suffix = "::".join(tokens[1:])
        if base not in _TRANSLATED:
            return base if not separator else title.lower()
        language = _parse_language(suffix) if separator else default_language
        if language is None:
            problems.append(
                _in_sheet(
                    self.name,
                    _(
                        "column %(column)s: cannot tell the language of '%(header)s'; "
                        "write it as '%(base)s::English (en)'"
                    )
                    % {
                        "column": get_column_letter(index + 1),
                        "header": title,
                        "base": base,
                    },
                )
            )
            return None
        return f"{base}::{language}"

    def raw(self, values: tuple, key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(values):
            return None
        return values[index]

    def text(self, values: tuple, key: str) -> str:
        return _cell_text(self.raw(values, key))

    def code(self, values: tuple, key: str) -> str:
        return self.text(values, key).strip()

    def texts(self, values: tuple, base: str) -> dict[str, str]:
        prefix = f"{base}::"
        return {
            key[len(prefix) :]: text
            for key in self.columns
            if key.startswith(prefix) and (text := self.text(values, key)).strip()
        }


def _parse_pairs(
    text: str, sheet: str, row: int, column: str, problems: list[str]
) -> dict[str, int | float]:
    pairs: dict[str, int | float] = {}
    for token in text.split():
        key, _colon, number_text = token.rpartition(":")
        number = _parse_number(number_text)
        if not key or number is None:
            problems.append(
                _at(
                    sheet,
                    row,
                    _("%(column)s '%(token)s' is not principle:number")
                    % {"column": column, "token": token},
                )
            )
            continue
        pairs[key] = number
    return pairs


def _parse_constraint(text: str) -> dict[str, int | float] | None:
    bounds: dict[str, int | float] = {}
    for term in re.split(r"\s+and\s+", text.strip()):
        match = _BOUND.match(term.strip())
        if not match:
            return None
        key = "min" if match.group(1) == ">=" else "max"
        if key in bounds:
            return None
        number = _parse_number(match.group(2))
        if number is None:
            return None
        bounds[key] = number
    return bounds


def _parse_relevant(text: str) -> tuple[str, str, list[str]] | None:
    """(target, form, values) with form "equals" or "selected"; None if unknown."""
    targets: set[str] = set()
    forms: set[str] = set()
    values: list[str] = []
    for term in re.split(r"\s+or\s+", text.strip()):
        term = term.strip()
        match = _EQUALS.match(term) or _SELECTED.match(term)
        if not match:
            return None
        targets.add(match.group(1))
        forms.add("selected" if match.re is _SELECTED else "equals")
        values.append(match.group(3))
    if len(targets) != 1 or len(forms) != 1:
        return None
    return targets.pop(), forms.pop(), values


# A sheet as pyxform reads it: the header, then every row (blank rows kept, so that row
# numbers match the workbook) as values in header order.
_Sheet = tuple[list[str], list[tuple]]
_SHEETS = ("survey", "choices", "settings")


def _find_sheets(definition: Any) -> dict[str, _Sheet]:
    sheets: dict[str, _Sheet] = {}
    for name in _SHEETS:
        rows = getattr(definition, name, None)
        headers = getattr(definition, f"{name}_header", None)
        if rows is None:
            continue
        header = list(headers[0]) if headers else []
        sheets[name] = (header, [tuple(row.get(h) for h in header) for row in rows])
    return sheets


class _Importer:
    def __init__(self, definition: Any) -> None:
        self.problems: list[str] = []
        self.sheets = _find_sheets(definition)
        self.item_rows: dict[str, int] = {}
        self.section_rows: dict[str, int] = {}
        self.broken: set[str] = set()
        self.needs_choices = False

    def missing_sheet(self, name: str) -> None:
        self.problems.append(
            _("the workbook has no '%(sheet)s' sheet") % {"sheet": name}
        )

    def missing_column(self, sheet: str, column: str) -> None:
        self.problems.append(
            _in_sheet(sheet, _("no '%(column)s' column") % {"column": column})
        )

    def settings(self) -> dict[str, Any]:
        sheet = self.sheets.get("settings")
        if sheet is None:
            self.missing_sheet("settings")
            return {
                "default_language": "en",
                "title": {},
                "principles": [],
                "weights": {},
                "respondent_types": list(RESPONDENT_TYPES),
                "section_order": [],
            }
        default_language = "en"
        probe = _Table(sheet, "settings", [], "en")
        values = probe.rows[0][1] if probe.rows else ()
        language_text = probe.code(values, "default_language")
        if language_text:
            parsed = _parse_language(language_text)
            if parsed is None:
                self.problems.append(
                    _at(
                        "settings",
                        SETTINGS_ROW,
                        _(
                            "default_language '%(language)s' is not a language; "
                            "write it as 'English (en)'"
                        )
                        % {"language": language_text},
                    )
                )
            else:
                default_language = parsed
        table = _Table(sheet, "settings", self.problems, default_language)
        values = table.rows[0][1] if table.rows else ()
        version_text = table.code(values, "version")
        version: int | str | None = version_text or None
        if version_text.isdigit():
            version = int(version_text)
        return {
            "default_language": default_language,
            "slug": table.code(values, "form_id") or None,
            "version": version,
            "title": table.texts(values, "form_title"),
            "principles": table.code(values, "puente_principles").split(),
            "weights": _parse_pairs(
                table.code(values, "puente_weights"),
                "settings",
                SETTINGS_ROW,
                "puente_weights",
                self.problems,
            ),
            "respondent_types": (
                table.code(values, "puente_respondent_types").split()
                or list(RESPONDENT_TYPES)
            ),
            "section_order": table.code(values, "puente_sections").split(),
        }

    def choices(self, default_language: str) -> dict[str, list[dict[str, Any]]]:
        sheet = self.sheets.get("choices")
        if sheet is None:
            return {}
        table = _Table(sheet, "choices", self.problems, default_language)
        missing = [key for key in ("list_name", "name") if key not in table.columns]
        for column in missing:
            self.missing_column("choices", column)
        if missing:
            return {}
        lists: dict[str, list[dict[str, Any]]] = {}
        rows: dict[tuple[str, str], int] = {}
        for row, values in table.rows:
            list_name = table.code(values, "list_name")
            value = table.code(values, "name")
            problems = []
            if not list_name:
                problems.append(_("no list_name"))
            if not value:
                problems.append(_("no name"))
            elif (list_name, value) in rows:
                problems.append(
                    _("'%(value)s' is already in list '%(list)s' on row %(other)d")
                    % {
                        "value": value,
                        "list": list_name,
                        "other": rows[list_name, value],
                    }
                )
            self.problems.extend(_at("choices", row, problem) for problem in problems)
            points = _parse_pairs(
                table.code(values, "points"), "choices", row, "points", self.problems
            )
            if problems:
                continue
            rows[list_name, value] = row
            lists.setdefault(list_name, []).append(
                {
                    "value": value,
                    "label": table.texts(values, "label"),
                    "points": points,
                }
            )
        return lists

    def survey(
        self, settings: dict[str, Any], lists: dict[str, list[dict[str, Any]]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        sheet = self.sheets.get("survey")
        if sheet is None:
            self.missing_sheet("survey")
            return [], []
        table = _Table(sheet, "survey", self.problems, settings["default_language"])
        missing = [key for key in ("type", "name") if key not in table.columns]
        for column in missing:
            self.missing_column("survey", column)
        if missing:
            return [], []
        sections: dict[str, dict[str, Any]] = {}
        automatic: set[str] = set()
        groups: list[tuple[str, int]] = []
        repeats: list[int] = []
        items: dict[str, dict[str, Any]] = {}
        for row, values in table.rows:
            type_text = " ".join(table.code(values, "type").split())
            kind = type_text.lower()
            name = table.code(values, "name")
            if kind in _SKIPPED_TYPES:
                continue
            if kind in _BEGIN_GROUP:
                self.begin_group(table, row, values, name, groups, sections, automatic)
            elif kind in _BEGIN_REPEAT:
                repeats.append(row)
                self.problems.append(
                    _at(
                        "survey",
                        row,
                        _(
                            "repeat groups are not supported: each question is asked "
                            "once of each respondent"
                        ),
                    )
                )
            elif kind in _END_REPEAT:
                if repeats:
                    repeats.pop()
                else:
                    self.problems.append(
                        _at("survey", row, _("end_repeat without a begin_repeat"))
                    )
            elif kind in _END_GROUP:
                if groups:
                    groups.pop()
                else:
                    self.problems.append(
                        _at("survey", row, _("end_group without a begin_group"))
                    )
            elif not type_text and not name:
                self.problems.append(_at("survey", row, _("no type and no name")))
            else:
                section = groups[0][0] if groups else MAIN_SECTION_ID
                if not groups and MAIN_SECTION_ID not in sections:
                    sections[MAIN_SECTION_ID] = {
                        "id": MAIN_SECTION_ID,
                        "title": dict(MAIN_SECTION_TITLE),
                    }
                    automatic.add(MAIN_SECTION_ID)
                    self.section_rows[MAIN_SECTION_ID] = row
                item = self.question(
                    table, row, values, type_text, name, section, settings, lists, items
                )
                if item is not None:
                    items[item["id"]] = item
        for section_id, row in groups:
            self.problems.append(
                _at(
                    "survey",
                    row,
                    _("group '%(group)s' is never closed with end_group")
                    % {"group": section_id},
                )
            )
        return self.order_sections(sections, settings["section_order"]), list(
            items.values()
        )

    def begin_group(
        self,
        table: _Table,
        row: int,
        values: tuple,
        name: str,
        groups: list[tuple[str, int]],
        sections: dict[str, dict[str, Any]],
        automatic: set[str],
    ) -> None:
        groups.append((name, row))
        if len(groups) > 1:
            self.problems.append(
                _at("survey", row, _("groups inside groups are not supported"))
            )
            return
        if not name:
            self.problems.append(_at("survey", row, _("a group needs a name")))
        if table.code(values, "relevant"):
            self.problems.append(
                _at("survey", row, _("a group cannot have a relevant condition"))
            )
        title = table.texts(values, "label")
        existing = sections.get(name)
        if existing is None or name in automatic:
            sections[name] = {"id": name, "title": title}
            automatic.discard(name)
            self.section_rows.setdefault(name, row)
        elif title and title != existing["title"]:
            self.problems.append(
                _at(
                    "survey",
                    row,
                    _("group '%(group)s' is used on row %(other)d with another label")
                    % {"group": name, "other": self.section_rows[name]},
                )
            )

    def order_sections(
        self, sections: dict[str, dict[str, Any]], order: list[str]
    ) -> list[dict[str, Any]]:
        for section_id in order:
            if section_id not in sections:
                self.problems.append(
                    _at(
                        "settings",
                        SETTINGS_ROW,
                        _("puente_sections names '%(section)s', which is not a group")
                        % {"section": section_id},
                    )
                )
        listed = [sections[key] for key in order if key in sections]
        return listed + [
            section for key, section in sections.items() if key not in order
        ]

    def question(
        self,
        table: _Table,
        row: int,
        values: tuple,
        type_text: str,
        name: str,
        section: str,
        settings: dict[str, Any],
        lists: dict[str, list[dict[str, Any]]],
        items: dict[str, dict[str, Any]],
    ) -> dict[str, Any] | None:
        problems: list[str] = []
        fatal = False
        kind = type_text.lower()
        options: list[dict[str, Any]] | None = None
        decimal = False
        select = _SELECT.match(type_text)
        if not type_text:
            problems.append(_("no type"))
            fatal = True
        elif select:
            list_name = select.group(2)
            self.needs_choices = True
            if list_name not in lists:
                problems.append(
                    _("unknown choice list '%(list)s'") % {"list": list_name}
                )
                fatal = True
            else:
                options = [
                    {
                        "value": option["value"],
                        "label": dict(option["label"]),
                        "points": dict(option["points"]),
                    }
                    for option in lists[list_name]
                ]
            if select.group(1).lower() in ("select_one", "select one"):
                values_ = sorted(option["value"] for option in options or [])
                kind = "yesno" if values_ == ["no", "yes"] else "single"
            else:
                kind = "multiple"
        elif kind in ("integer", "int", "decimal"):
            kind, decimal = "number", kind == "decimal"
        elif kind in ("text", "string"):
            kind = "text"
        else:
            problems.append(_("type '%(type)s' is not supported") % {"type": type_text})
            fatal = True
        if not name:
            problems.append(_("no name"))
            fatal = True
        elif name in self.item_rows:
            problems.append(
                _("name '%(name)s' is already used on row %(other)d")
                % {"name": name, "other": self.item_rows[name]}
            )
            fatal = True

        item: dict[str, Any] = {
            "id": name,
            "section": section,
            "type": kind,
            "label": table.texts(values, "label"),
            "rationale": table.texts(values, "rationale"),
            "respondent_types": (
                table.code(values, "respondent_types").split()
                or list(settings["respondent_types"])
            ),
            "required": table.code(values, "required").lower() in _TRUE,
            "relevant": self.relevant(table.code(values, "relevant"), items, problems),
            "compares_with": table.code(values, "compares_with") or None,
        }
        if item["compares_with"] in self.broken:
            item["compares_with"] = None
        hint = table.texts(values, "hint")
        if hint:
            item["hint"] = hint
        constraint = table.code(values, "constraint")
        if kind == "number":
            bounds = _parse_constraint(constraint) if constraint else {}
            if bounds is None:
                problems.append(
                    _(
                        "constraint '%(constraint)s' is not of the form "
                        "'. >= A and . <= B'"
                    )
                    % {"constraint": constraint}
                )
                bounds = {}
            elif decimal and len(bounds) < 2:
                problems.append(
                    _("a decimal question needs the constraint '. >= A and . <= B'")
                )
            item["min"] = bounds.get("min", DEFAULT_MIN)
            item["max"] = bounds.get("max", DEFAULT_MAX)
        elif constraint:
            problems.append(
                _("a constraint is only supported on integer and decimal questions")
            )
        if options is not None:
            item["options"] = options

        self.problems.extend(_at("survey", row, problem) for problem in problems)
        if fatal:
            if name:
                self.broken.add(name)
            return None
        self.item_rows[name] = row
        return item

    def relevant(
        self, text: str, items: dict[str, dict[str, Any]], problems: list[str]
    ) -> dict[str, Any] | None:
        if not text:
            return None
        parsed = _parse_relevant(text)
        if parsed is None:
            problems.append(
                _(
                    "relevant '%(relevant)s' is not of the form "
                    "\"${item} = 'value' or ...\" or "
                    "\"selected(${item}, 'value') or ...\""
                )
                % {"relevant": text}
            )
            return None
        target, form, values = parsed
        if target in self.broken:
            return None
        if form == "equals" and (items.get(target) or {}).get("type") == "multiple":
            problems.append(
                _(
                    "relevant: %(target)s is a select_multiple question; "
                    "write selected(${%(target)s}, 'value')"
                )
                % {"target": target}
            )
            return None
        return {"item": target, "in": values}

    def locate(self, problem: str) -> str:
        """A `validate` problem, prefixed with the row it comes from."""
        match = re.match(r"item (\S+): ", problem)
        if match and match.group(1) in self.item_rows:
            return _at("survey", self.item_rows[match.group(1)], problem)
        match = re.match(r"section '?([^':]*)'?: ", problem)
        if match and match.group(1) in self.section_rows:
            return _at("survey", self.section_rows[match.group(1)], problem)
        if re.match(
            r"(slug|version|title|principles|weights|respondent_types)\b|principle ",
            problem,
        ):
            return _at("settings", SETTINGS_ROW, problem)
        return problem


def xlsform_to_spec(data: bytes) -> dict[str, Any]:
    """The spec in an XLSForm (.xlsx, .xls, CSV or Markdown, read with pyxform's own
    reader, the reference implementation); raises XLSFormError listing every problem.
    Every layout pyxform accepts is accepted or refused for a reason stated here."""
    definition = _read_definition(data)
    importer = _Importer(definition)
    settings = importer.settings()
    lists = importer.choices(settings["default_language"])
    sections, items = importer.survey(settings, lists)
    if importer.needs_choices and "choices" not in importer.sheets:
        importer.missing_sheet("choices")
    spec = {
        "slug": settings.get("slug"),
        "version": settings.get("version"),
        "title": settings.get("title", {}),
        "principles": settings.get("principles", []),
        "weights": settings.get("weights", {}),
        "respondent_types": settings.get("respondent_types", list(RESPONDENT_TYPES)),
        "sections": sections,
        "items": items,
    }
    problems = importer.problems + [
        importer.locate(problem) for problem in validate(spec, principle_keys=None)
    ]
    if problems:
        raise XLSFormError(problems)
    return spec

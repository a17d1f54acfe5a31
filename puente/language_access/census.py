"""Read ACS tables C16001 and B16001 as the Census Bureau publishes them.

Accepted: the data.census.gov CSV (a row of variable codes, then a row of labels), and the
Census API output as JSON (an array of arrays) or CSV (codes only). Any geography, any vintage,
estimates and margins of error. Rows are matched by their GEO_ID (or the API's ucgid); without
one, the GEOID is built from every geography column by the summary-level rules
(`SUMMARY_LEVELS`), and a column that cannot be placed is refused by name, never read as a
containing geography. Variables are mapped by their labels, never by line numbers:
the two tables number their lines differently and B16001 was renumbered in 2016. A file without
labels is labelled from the bundled variable dictionary of its table, and every geography is
checked to add up (each group's speakers = "very well" + "less than very well"; the total =
English only + every group), so a layout we do not know is refused instead of misread.

Suppressed or empty cells become `None` (a gap), never zero. Everything that cannot be read is
an `AcsError` whose message is translated for the user. No database, no Django models.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from puente.lib.spreadsheets import SpreadsheetError, decode_csv, detect_delimiter

DATA_DIR = Path(__file__).resolve().parent / "data"
TABLES = ("C16001", "B16001")
# The bundled dictionaries describe the layout in use since the 2016 release.
DICTIONARY_FIRST_VINTAGE = 2016

_CODE = re.compile(
    r"^(?P<table>[BC]16001)_(?P<line>\d{3})(?P<kind>[EM])$", re.IGNORECASE
)
_ANY_TABLE_CODE = re.compile(r"^([A-Z]\d{5}[A-Z]?)_\d{3}[A-Z]{1,2}$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
# The Census API writes these "jam values" where a figure cannot be given.
_CONTROLLED_MOE = -555555555
_JAM_VALUES = {-111111111, -222222222, -333333333, -666666666, -888888888, -999999999}
_EMPTY = {"", "null", "none", "n", "-", "(x)", "x", "**", "***", "n/a"}
# "*****" in a margin of error: the estimate is controlled, so it has no sampling error.
_CONTROLLED = {"*****"}
# Census API geography columns → summary level, and the columns whose codes make the GEOID,
# in order, with each code's width. Source: US Census Bureau, "Understanding Geographic
# Identifiers (GEOIDs)" and "Summary levels" (census.gov), and the ACS API's geography
# lists (api.census.gov/data/<year>/acs/acs5/geography.html). A GEO_ID is the summary
# level, "0000" (no variant, whole geography), "US", then the codes.
_WIDTHS = {
    "region": 1, "division": 1, "state": 2, "county": 3, "county subdivision": 5,
    "subminor civil division": 5, "place/remainder (or part)": 5, "tract": 6,
    "block group": 1, "place": 5, "county (or part)": 3, "consolidated city": 5,
    "place (or part)": 5, "alaska native regional corporation": 5,
    "american indian area/alaska native area/hawaiian home land": 4,
    "tribal subdivision/remainder": 3, "tribal census tract": 6, "tribal block group": 1,
    "zip code tabulation area": 5, "school district (elementary)": 5,
    "school district (secondary)": 5, "school district (unified)": 5,
}  # fmt: skip
_AIANNH = "american indian area/alaska native area/hawaiian home land"
SUMMARY_LEVELS: dict[str, tuple[str, ...]] = {
    "010": ("us",),
    "020": ("region",),
    "030": ("division",),
    "040": ("state",),
    "050": ("state", "county"),
    "060": ("state", "county", "county subdivision"),
    "067": ("state", "county", "county subdivision", "subminor civil division"),
    "070": ("state", "county", "county subdivision", "place/remainder (or part)"),
    "140": ("state", "county", "tract"),
    "150": ("state", "county", "tract", "block group"),
    "155": ("state", "place", "county (or part)"),
    "160": ("state", "place"),
    "170": ("state", "consolidated city"),
    "172": ("state", "consolidated city", "place (or part)"),
    "230": ("state", "alaska native regional corporation"),
    "250": (_AIANNH,),
    "251": (_AIANNH, "tribal subdivision/remainder"),
    "256": (_AIANNH, "tribal census tract"),
    "258": (_AIANNH, "tribal census tract", "tribal block group"),
    "860": ("zip code tabulation area",),
    "950": ("state", "school district (elementary)"),
    "960": ("state", "school district (secondary)"),
    "970": ("state", "school district (unified)"),
}
# Columns the API adds to narrow a query without being part of the geography: before 2020
# the ACS API nested ZCTAs in states, but each row is still the whole ZCTA (860).
_FILTERS = {"860": {"state"}}
# These GEO_IDs carry a code for the delineation or Congress (310M600US…, 5001800US…,
# 795P200US…) that the API's columns do not; guessing it would misfile the row.
_VARIANT_LEVELS = {
    "metropolitan statistical area/micropolitan statistical area", "metropolitan division",
    "combined statistical area", "new england city and town area", "necta division",
    "combined new england city and town area", "principal city (or part)", "urban area",
    "congressional district", "state legislative district (upper chamber)",
    "state legislative district (lower chamber)", "public use microdata area",
}  # fmt: skip
TOTAL, ENGLISH_ONLY = "total", "english_only"
SPEAKERS, VERY_WELL, LEP = "speakers", "very_well", "lep"


class AcsError(ValueError):
    """A file we cannot read as C16001 or B16001; `str(exc)` is a translated message."""


@dataclass
class Estimate:
    """An estimate and its 90% margin of error; `None` marks a suppressed or empty cell."""

    value: int | None = None
    moe: int | None = None

    @property
    def is_gap(self) -> bool:
        return self.value is None


@dataclass
class LanguageGroup:
    label: str
    speakers: Estimate = field(default_factory=Estimate)
    very_well: Estimate = field(default_factory=Estimate)
    lep: Estimate = field(default_factory=Estimate)


@dataclass
class Geography:
    geoid: str
    name: str
    population_5_plus: Estimate = field(default_factory=Estimate)
    english_only: Estimate = field(default_factory=Estimate)
    groups: list[LanguageGroup] = field(default_factory=list)


@dataclass
class AcsTable:
    table: str
    vintage: int | None
    source_format: str
    filename: str = ""
    labelled_from_dictionary: bool = False
    geographies: dict[str, Geography] = field(default_factory=dict)

    def geography(self, geoid: str) -> Geography | None:
        """The geography with this GEO_ID ("0400000US27") or its short form ("27"). The
        variant code is not compared: 860Z200US90210 (2020 ZCTAs) finds 8600000US90210."""
        wanted = normalize_geoid(geoid)
        for key, geography in self.geographies.items():
            if wanted in (key.upper(), _short(key) or "US") or _same_geography(
                wanted, key.upper()
            ):
                return geography
        return None


def normalize_geoid(geoid: str) -> str:
    return (geoid or "").strip().upper()


def _same_geography(one: str, other: str) -> bool:
    """Two full GEO_IDs of one summary level and codes, whatever their variant."""
    return (
        len(one) > 9
        and one[7:9] == other[7:9] == "US"
        and one[:3] == other[:3]
        and one[9:] == other[9:]
    )


def _short(geoid: str) -> str:
    return geoid.upper().partition("US")[2] if "US" in geoid.upper() else geoid.upper()


# --- Reading --------------------------------------------------------------------------


def read_acs(
    data: bytes | str, *, filename: str = "", vintage: int | None = None
) -> AcsTable:
    """One published C16001 or B16001 file, in any of the accepted formats."""
    text = _decode(data)
    rows, source_format = _rows(text)
    if not rows or not rows[0]:
        raise AcsError(_("The file is empty."))
    header = [str(cell or "").strip() for cell in rows[0]]
    table = _detect_table(header)
    codes = {
        index: match
        for index, name in enumerate(header)
        if (match := _CODE.match(name))
    }
    labels, body = _labels_from_file(rows, codes)
    if vintage is None:
        vintage = _vintage_from_name(filename)
    from_dictionary = labels is None
    if from_dictionary:
        if vintage is None and not _only_in_the_2016_layout(table, codes):
            raise AcsError(
                _(
                    "This %(table)s file has variable codes but no labels, and its ACS year "
                    "cannot be told from its name. Give the year: the table's lines were "
                    "numbered differently before 2016."
                )
                % {"table": table}
            )
        if vintage is not None and vintage < DICTIONARY_FIRST_VINTAGE:
            raise AcsError(
                _(
                    "This %(table)s file for %(year)s has variable codes but no labels, and "
                    "before 2016 the table's lines were numbered differently. Download the "
                    "table from data.census.gov, whose CSV carries the labels."
                )
                % {"table": table, "year": vintage}
            )
        labels = _labels_from_dictionary(table, codes)
    roles = _roles(table, codes, labels)
    result = AcsTable(
        table=table,
        vintage=vintage,
        source_format=source_format,
        filename=filename,
        labelled_from_dictionary=from_dictionary,
    )
    id_of = _geoid_reader(header)
    name_index = _find(header, "NAME")
    for number, row in enumerate(body, start=2 if from_dictionary else 3):
        if not any(str(cell or "").strip() for cell in row):
            continue
        row = list(row) + [None] * (len(header) - len(row))
        geoid = id_of(row)
        if not geoid:
            raise AcsError(_("Row %(row)s has no GEO_ID.") % {"row": number})
        if geoid in result.geographies:
            raise AcsError(
                _("The GEO_ID %(geoid)s appears twice in the file.") % {"geoid": geoid}
            )
        name = str(row[name_index] or "").strip() if name_index is not None else ""
        geography = _geography(geoid, name or geoid, row, roles)
        _check_sums(geography, table)
        result.geographies[geoid] = geography
    if not result.geographies:
        raise AcsError(_("The file has no rows of figures."))
    return result


# B16001 had 119 lines before the 2016 release and has 128 since: a codes-only file with a
# line above 119 can only be of the 2016 layout, whatever its year. (Census Bureau, "2016
# ACS table changes": B16001 was redesigned and renumbered.)
_LAST_LINE_BEFORE_2016 = {"B16001": 119}


def _only_in_the_2016_layout(table: str, codes: dict) -> bool:
    """Whether the variable set itself tells the bundled (2016 on) layout."""
    last = _LAST_LINE_BEFORE_2016.get(table)
    return last is not None and any(int(m.group("line")) > last for m in codes.values())


def _decode(data: bytes | str) -> str:
    """The file as text, in any encoding the lib reader recognises (UTF-8, UTF-16,
    Windows-1252…)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if not data.strip():
        return ""
    try:
        text, _format = decode_csv(data)
    except SpreadsheetError:
        raise AcsError(_("The file is not text (CSV or JSON).")) from None
    return text


def _rows(text: str) -> tuple[list[list], str]:
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise AcsError(_("The file looks like JSON but cannot be read.")) from exc
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise AcsError(
                _("The JSON is not a Census API table (an array of arrays).")
            )
        return rows, "api-json"
    try:
        # A CSV re-saved by Excel in a Spanish or French locale uses semicolons.
        rows = list(
            csv.reader(io.StringIO(stripped), delimiter=detect_delimiter(stripped))
        )
    except csv.Error as exc:
        raise AcsError(_("The file is not a readable CSV file.")) from exc
    return rows, "csv"


def _detect_table(header: list[str]) -> str:
    tables = {match.group("table").upper() for h in header if (match := _CODE.match(h))}
    if len(tables) == 1:
        return tables.pop()
    if len(tables) > 1:
        raise AcsError(
            _("The file mixes tables C16001 and B16001; import them separately.")
        )
    others = sorted(
        {m.group(1).upper() for h in header if (m := _ANY_TABLE_CODE.match(h))}
    )
    if others:
        raise AcsError(
            _(
                "This is table %(found)s, not C16001 or B16001 (language spoken at home "
                "by ability to speak English)."
            )
            % {"found": ", ".join(others[:3])}
        )
    raise AcsError(
        _(
            "This file is not ACS table C16001 or B16001: its first row should hold "
            "variable codes such as C16001_005E."
        )
    )


def _labels_from_file(
    rows: list[list], codes: dict
) -> tuple[dict[int, str] | None, list]:
    """The second row's labels when it holds them (data.census.gov CSV), and the data rows."""
    if len(rows) > 1:
        second = rows[1]
        cells = [str(second[i] or "") if i < len(second) else "" for i in codes]
        if cells and all(
            "!!" in c or c.lower().startswith(("estimate", "margin")) for c in cells
        ):
            return {i: str(second[i]) for i in codes}, rows[2:]
    return None, rows[1:]


@cache
def _dictionary(table: str) -> dict[str, str]:
    path = DATA_DIR / f"acs1_2018_{table}_variables.csv"
    with open(path, encoding="utf-8") as handle:
        return {row["VARIABLE"].upper(): row["LABEL"] for row in csv.DictReader(handle)}


@cache
def _group_count(table: str) -> int:
    """How many language groups the table has in the bundled (2016 on) layout."""
    return sum(
        1
        for label in _dictionary(table).values()
        if label.startswith("Estimate!!")
        and len(_parts(label)) == 3
        and _ability(_parts(label)[2]) is None
    )


def _labels_from_dictionary(table: str, codes: dict) -> dict[int, str]:
    known = _dictionary(table)
    unknown = [
        match.group(0)
        for match in codes.values()
        if match.group(0).upper() not in known
    ]
    if unknown:
        raise AcsError(
            _(
                "The file has variables the %(table)s dictionary does not know (%(codes)s) "
                "and no labels to say what they are. Download the table from "
                "data.census.gov, whose CSV carries the labels."
            )
            % {"table": table, "codes": ", ".join(unknown[:5])}
        )
    return {i: known[match.group(0).upper()] for i, match in codes.items()}


def _parts(label: str) -> list[str]:
    parts = [p.strip().rstrip(":").strip() for p in label.split("!!")]
    return [p for p in parts if p]


def _ability(part: str) -> str | None:
    text = re.sub(r"[\"“”']", "", part).casefold()
    text = " ".join(text.split())
    if "less than very well" in text:
        return LEP
    if "very well" in text:
        return VERY_WELL
    if text in ("speak only english", "speak english only", "english only"):
        return ENGLISH_ONLY
    return None


def _roles(
    table: str, codes: dict, labels: dict[int, str]
) -> dict[int, tuple[str, str, str, str]]:
    """Column index → (E or M, role, group label, variable code) from each label."""
    roles: dict[int, tuple[str, str, str, str]] = {}
    for index, match in codes.items():
        parts = _parts(labels[index])
        if parts and parts[0].casefold() in ("estimate", "margin of error"):
            parts = parts[1:]
        if not parts or parts[0].casefold() != "total":
            raise AcsError(
                _("The label “%(label)s” of %(code)s is not one of table %(table)s.")
                % {"label": labels[index], "code": match.group(0), "table": table}
            )
        rest = parts[1:]
        if not rest:
            role, group = TOTAL, ""
        elif len(rest) == 1 and _ability(rest[0]) == ENGLISH_ONLY:
            role, group = ENGLISH_ONLY, ""
        elif len(rest) == 1:
            role, group = SPEAKERS, rest[0]
        elif len(rest) == 2 and _ability(rest[1]) in (VERY_WELL, LEP):
            role, group = _ability(rest[1]), rest[0]
        else:
            raise AcsError(
                _("The label “%(label)s” of %(code)s is not one of table %(table)s.")
                % {"label": labels[index], "code": match.group(0), "table": table}
            )
        roles[index] = (match.group("kind").upper(), role, group, match.group(0))
    found = {role for _kind, role, _group, _code in roles.values()}
    if not {TOTAL, LEP} <= found:
        raise AcsError(
            _(
                "The file lacks the total or the “less than very well” lines of table "
                "%(table)s, so the LEP population cannot be read from it."
            )
            % {"table": table}
        )
    return roles


def _find(header: list[str], name: str) -> int | None:
    for index, cell in enumerate(header):
        if cell.strip().upper() == name:
            return index
    return None


def _geoid_reader(header: list[str]):
    """A function from a row to its GEO_ID: the GEO_ID (or ucgid) column when there is one,
    else built from every geography column by the summary-level rules above. Raises
    AcsError naming a column it cannot place; never falls back to a containing geography."""
    for name in ("GEO_ID", "GEOID", "UCGID"):
        found = _find(header, name)
        if found is not None:
            return lambda row, i=found: str(row[i] or "").strip().upper()
    columns = {
        cell.strip().casefold(): index
        for index, cell in enumerate(header)
        if cell.strip()
        and cell.strip().upper() != "NAME"
        and not _ANY_TABLE_CODE.match(cell.strip())
    }
    if not columns:
        raise AcsError(
            _(
                "The file has no GEO_ID column (nor the Census API's geography columns, "
                "such as state and county), so its rows cannot be matched to geographies."
            )
        )
    level, order = _summary_level(set(columns), header)
    indexes = [columns[name] for name in order]
    prefix = f"{level}0000US"

    def geoid(row: list) -> str:
        codes = []
        for name, index in zip(order, indexes, strict=True):
            code = str(row[index] or "").strip().upper()
            if not code:
                return ""
            codes.append(_padded(code, name))
        return prefix + "".join(codes)

    return geoid


def _summary_level(names: set[str], header: list[str]) -> tuple[str, tuple[str, ...]]:
    """The summary level whose geography columns are exactly `names`."""
    shown = {cell.strip().casefold(): cell.strip() for cell in header}
    for name in sorted(names & _VARIANT_LEVELS):
        raise AcsError(
            _(
                "The column “%(column)s” cannot be turned into a GEO_ID: for this "
                "geography the Census Bureau's GEO_ID carries a code for the year of its "
                "boundaries that the file does not. Ask the API for GEO_ID as well "
                "(get=GEO_ID,…), or download the table from data.census.gov."
            )
            % {"column": shown[name]}
        )
    for level, columns in SUMMARY_LEVELS.items():
        if names == set(columns) or names - _FILTERS.get(level, set()) == set(columns):
            return level, columns
    known = set(_WIDTHS) | {"us"}
    unknown = sorted(shown[n] for n in names if n not in known)
    if unknown:
        raise AcsError(
            _(
                "The column “%(column)s” is neither a figure of the table nor a Census "
                "geography Puente can place, so the rows cannot be matched to "
                "geographies. Remove it, or include GEO_ID."
            )
            % {"column": unknown[0]}
        )
    raise AcsError(
        _(
            "The geography columns %(columns)s do not make up a Census summary level "
            "(such as state + county + county subdivision), so the rows cannot be "
            "matched to geographies. Include GEO_ID."
        )
        % {"columns": ", ".join(sorted(shown[n] for n in names))}
    )


def _padded(code: str, column: str) -> str:
    """A geography code at its full width: spreadsheets drop leading zeros ("9" for
    Connecticut's "09"); a code longer than its width is refused."""
    if column == "us":
        return ""
    width = _WIDTHS[column]
    if code.isdigit() and len(code) < width:
        code = code.zfill(width)
    if len(code) != width:
        raise AcsError(
            _("“%(code)s” is not a %(column)s code (%(width)s characters).")
            % {"code": code[:20], "column": column, "width": width}
        )
    return code


def _number(raw, *, code: str, geoid: str, is_moe: bool) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, int | float):
        text = repr(raw)
    else:
        text = str(raw).strip()
    if text.casefold() in _EMPTY:
        return None
    if text in _CONTROLLED:
        return 0 if is_moe else None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise AcsError(
            _("%(code)s for %(geoid)s is “%(value)s”, which is not a number.")
            % {"code": code, "geoid": geoid, "value": text[:40]}
        ) from None
    if (
        number != number
        or number in (float("inf"), float("-inf"))
        or number != int(number)
    ):
        raise AcsError(
            _("%(code)s for %(geoid)s is “%(value)s”, which is not a whole number.")
            % {"code": code, "geoid": geoid, "value": text[:40]}
        )
    value = int(number)
    if value == _CONTROLLED_MOE:
        return 0 if is_moe else None
    if value in _JAM_VALUES:
        return None
    if value < 0:
        raise AcsError(
            _("%(code)s for %(geoid)s is negative (%(value)s); counts cannot be.")
            % {"code": code, "geoid": geoid, "value": value}
        )
    return value


def _geography(geoid: str, name: str, row: list, roles: dict) -> Geography:
    geography = Geography(geoid=geoid, name=name)
    groups: dict[str, LanguageGroup] = {}
    for index, (kind, role, group, code) in roles.items():
        value = _number(row[index], code=code, geoid=geoid, is_moe=kind == "M")
        if role == TOTAL:
            target = geography.population_5_plus
        elif role == ENGLISH_ONLY:
            target = geography.english_only
        else:
            entry = groups.setdefault(group, LanguageGroup(label=group))
            target = getattr(entry, role)
        if kind == "E":
            target.value = value
        else:
            target.moe = value
    geography.groups = list(groups.values())
    return geography


def _check_sums(geography: Geography, table: str) -> None:
    problems = []
    for group in geography.groups:
        parts = (group.speakers.value, group.very_well.value, group.lep.value)
        if None not in parts and parts[0] != parts[1] + parts[2]:
            problems.append(group.label)
    speakers = [g.speakers.value for g in geography.groups]
    total, english = geography.population_5_plus.value, geography.english_only.value
    # The total can only be checked when the file has every group (API queries may not).
    complete = len(speakers) == _group_count(table)
    if (
        complete
        and None not in (total, english, *speakers)
        and total != english + sum(speakers)
    ):
        problems.append(_("the total"))
    if problems:
        raise AcsError(
            _(
                "The figures for %(geoid)s do not add up (%(where)s), so the variables "
                "cannot be what their codes say in table %(table)s. Use the "
                "data.census.gov CSV, which carries the labels."
            )
            % {
                "geoid": geography.geoid,
                "where": ", ".join(problems[:3]),
                "table": table,
            }
        )


def _vintage_from_name(filename: str) -> int | None:
    years = {int(y) for y in _YEAR.findall(Path(filename or "").name)}
    return years.pop() if len(years) == 1 else None


# --- Several files, chosen geographies -----------------------------------------------


def select_geographies(
    tables: Iterable[AcsTable], geoids: Iterable[str]
) -> tuple[str, int | None, list[Geography]]:
    """The table, the vintage and the geographies with these GEOIDs, from one or more files.

    All or nothing: a GEOID found in no file, files of different tables or of different
    (or unknown and known) vintages raise AcsError.
    """
    tables = list(tables)
    if not tables:
        raise AcsError(_("Give at least one ACS file."))
    kinds = {t.table for t in tables}
    if len(kinds) > 1:
        raise AcsError(
            _("The files mix tables C16001 and B16001; use one table for all of them.")
        )
    vintages = {t.vintage for t in tables}
    if len(vintages) > 1:
        raise AcsError(
            _(
                "The files are of different ACS years (%(years)s); figures of different "
                "years cannot be added up."
            )
            % {
                "years": ", ".join(
                    str(v) if v else _("unknown")
                    for v in sorted(vintages, key=lambda v: v or 0)
                )
            }
        )
    wanted = [normalize_geoid(g) for g in geoids if normalize_geoid(g)]
    if not wanted:
        raise AcsError(_("Give at least one GEOID."))
    found: list[Geography] = []
    missing = []
    for geoid in dict.fromkeys(wanted):
        geography = next((g for t in tables if (g := t.geography(geoid))), None)
        if geography is None:
            missing.append(geoid)
        elif geography.geoid not in {g.geoid for g in found}:
            found.append(geography)
    if missing:
        raise AcsError(
            _("No row for GEOID %(geoids)s in the file(s).")
            % {"geoids": ", ".join(missing)}
        )
    return kinds.pop(), vintages.pop(), found

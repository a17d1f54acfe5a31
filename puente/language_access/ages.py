"""Read ACS table B01001 (sex by age) into the trust survey's adult age bands.

B01001 is read by its variable codes, which have kept one layout in every ACS release
since 2005: line 001 is the total, 002 the male total and 003–025 the male age groups,
026 the female total and 027–049 the female age groups in the same order (US Census
Bureau, ACS table shells, B01001 "Sex by Age"). The groups from 18 years on are summed
into the survey's bands (18–24, 25–34, 35–44, 45–64, 65 and over); children are not asked
the survey and are left out.

Accepted: the data.census.gov CSV (codes, then labels) and the Census API output as JSON
or CSV, any geography, matched by GEO_ID or by the API's geography columns, with the same
rules (and the same messages) as the language tables in `census.py`. Every geography is
checked to add up: each sex's total equals its groups, and the total equals both sexes,
so a file that is not B01001 as published is refused, never misread. A suppressed cell in
a band leaves that geography's band unknown (a gap), never zero. No database.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from puente.language_access.census import (
    _ANY_TABLE_CODE,
    AcsError,
    _decode,
    _find,
    _geoid_reader,
    _number,
    _rows,
    _vintage_from_name,
    normalize_geoid,
)

TABLE = "B01001"
# The survey's adult age bands (puente/portal/survey.py AGE_BANDS) and the B01001 lines
# of each, for men; women's lines are the same plus 24.
BANDS: dict[str, tuple[int, ...]] = {
    "18-24": (7, 8, 9, 10),
    "25-34": (11, 12),
    "35-44": (13, 14),
    "45-64": (15, 16, 17, 18, 19),
    "65+": (20, 21, 22, 23, 24, 25),
}
_FEMALE_OFFSET = 24
_MALE_TOTAL, _FEMALE_TOTAL = 2, 26
_MALE_GROUPS = range(3, 26)
_CODE = re.compile(r"^B01001_(?P<line>\d{3})(?P<kind>[EM])$", re.IGNORECASE)


@dataclass
class AgeGeography:
    """One geography's adults by band: `bands` maps band → people, None for a gap."""

    geoid: str
    name: str
    total: int | None = None
    bands: dict[str, int | None] = field(default_factory=dict)
    moes: dict[str, int | None] = field(default_factory=dict)


@dataclass
class AgeTable:
    vintage: int | None
    source_format: str
    filename: str = ""
    geographies: dict[str, AgeGeography] = field(default_factory=dict)

    def geography(self, geoid: str) -> AgeGeography | None:
        """The geography with this full GEO_ID ("1600000US0667000"), or None."""
        wanted = normalize_geoid(geoid)
        return next(
            (g for key, g in self.geographies.items() if key.upper() == wanted), None
        )


def read_b01001(
    data: bytes | str, *, filename: str = "", vintage: int | None = None
) -> AgeTable:
    """One published B01001 file → AgeTable, its geographies keyed by GEO_ID.

    Raises AcsError (a translated message) for an empty file, another table, a missing
    line the bands need, a geography that does not add up, or a figure that is not a
    whole number. Margins of error of a band are combined as the root of the sum of
    squares (Census Bureau, "Understanding and Using ACS Data", 2020, ch. 8).
    """
    text = _decode(data)
    rows, source_format = _rows(text)
    if not rows or not rows[0]:
        raise AcsError(_("The file is empty."))
    header = [str(cell or "").strip() for cell in rows[0]]
    codes = {i: m for i, name in enumerate(header) if (m := _CODE.match(name))}
    if not codes:
        others = sorted(
            {m.group(1).upper() for h in header if (m := _ANY_TABLE_CODE.match(h))}
        )
        if others:
            raise AcsError(
                _("This is table %(found)s, not B01001 (sex by age).")
                % {"found": ", ".join(others)}
            )
        raise AcsError(
            _(
                "This file is not ACS table B01001: its first row should hold variable "
                "codes such as B01001_007E."
            )
        )
    estimates = {
        int(m.group("line")): i for i, m in codes.items() if m.group("kind") in "Ee"
    }
    moes = {
        int(m.group("line")): i for i, m in codes.items() if m.group("kind") in "Mm"
    }
    needed = [
        line + offset
        for lines in BANDS.values()
        for line in lines
        for offset in (0, _FEMALE_OFFSET)
    ]
    missing = [line for line in needed if line not in estimates]
    if missing:
        raise AcsError(
            _(
                "The file lacks B01001_%(line)03dE, which the age bands from 18 years "
                "on need. Download the whole table."
            )
            % {"line": missing[0]}
        )
    # data.census.gov puts a row of labels under the codes.
    body = rows[1:]
    if body and any(
        "!!" in str(body[0][i] or "") for i in estimates.values() if i < len(body[0])
    ):
        body = body[1:]
    table = AgeTable(
        vintage=vintage or _vintage_from_name(filename),
        source_format=source_format,
        filename=filename,
    )
    id_of = _geoid_reader(header)
    name_index = _find(header, "NAME")
    for number, row in enumerate(body, start=2):
        if not any(str(cell or "").strip() for cell in row):
            continue
        row = list(row) + [None] * (len(header) - len(row))
        geoid = id_of(row)
        if not geoid:
            raise AcsError(_("Row %(row)s has no GEO_ID.") % {"row": number})
        if geoid in table.geographies:
            raise AcsError(
                _("The GEO_ID %(geoid)s appears twice in the file.") % {"geoid": geoid}
            )

        def value(line: int, *, moe: bool = False, row=row, geoid=geoid) -> int | None:
            index = (moes if moe else estimates).get(line)
            if index is None:
                return None
            return _number(
                row[index],
                code=f"B01001_{line:03d}{'M' if moe else 'E'}",
                geoid=geoid,
                is_moe=moe,
            )

        name = str(row[name_index] or "").strip() if name_index is not None else ""
        geography = AgeGeography(geoid=geoid, name=name or geoid, total=value(1))
        for band, lines in BANDS.items():
            every = [ln + off for ln in lines for off in (0, _FEMALE_OFFSET)]
            people = [value(ln) for ln in every]
            geography.bands[band] = None if None in people else sum(people)
            errors = [value(ln, moe=True) for ln in every]
            geography.moes[band] = (
                None if None in errors else round(sum(e * e for e in errors) ** 0.5)
            )
        _check_sums(geography, value)
        table.geographies[geoid] = geography
    if not table.geographies:
        raise AcsError(_("The file has no rows of figures."))
    return table


def _check_sums(geography: AgeGeography, value) -> None:
    """Each sex's total is its groups; the total is both sexes (when all are given)."""
    problems = []
    for total_line, offset in ((_MALE_TOTAL, 0), (_FEMALE_TOTAL, _FEMALE_OFFSET)):
        total = value(total_line)
        groups = [value(line + offset) for line in _MALE_GROUPS]
        if total is not None and None not in groups and total != sum(groups):
            problems.append(f"B01001_{total_line:03d}E")
    male, female = value(_MALE_TOTAL), value(_FEMALE_TOTAL)
    if None not in (geography.total, male, female) and geography.total != male + female:
        problems.append("B01001_001E")
    if problems:
        raise AcsError(
            _(
                "The figures for %(geoid)s do not add up (%(where)s), so the file is not "
                "table B01001 as the Census Bureau publishes it."
            )
            % {"geoid": geography.geoid, "where": ", ".join(problems)}
        )


def age_band_name(band: str) -> str:
    """An age band of AGE_BANDS in words in the active language ("18-24" → "18 to 24",
    "65+" → "65 and over"); an unknown key is returned as it is."""
    from django.utils.translation import gettext

    if band.endswith("+") and band[:-1].isdigit():
        return gettext("%(age)s and over") % {"age": band[:-1]}
    low, _sep, high = band.partition("-")
    if low.isdigit() and high.isdigit():
        return gettext("%(low)s to %(high)s") % {"low": low, "high": high}
    return band

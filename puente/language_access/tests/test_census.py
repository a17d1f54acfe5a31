"""Reading C16001 and B16001 as published, with the real ACS 2018 1-year files. No database."""

import csv
import io
import json

import pytest

from puente.language_access.census import (
    DATA_DIR,
    AcsError,
    read_acs,
    select_geographies,
)

C_STATE = "acs1_2018_C16001_state.csv"
B_STATE = "acs1_2018_B16001_state.csv"
C_US = "acs1_2018_C16001_us.csv"


def _read(name: str):
    return read_acs((DATA_DIR / name).read_bytes(), filename=name)


def _rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _group(geography, label):
    return next(g for g in geography.groups if g.label == label)


@pytest.mark.parametrize("state", ["27", "48", "19", "12", "06"])
def test_the_spanish_lep_count_of_a_state_agrees_between_c16001_and_b16001(state):
    c16001 = _read(C_STATE).geography(state)
    b16001 = _read(B_STATE).geography(state)
    spanish_c, spanish_b = _group(c16001, "Spanish"), _group(b16001, "Spanish")
    assert spanish_c.lep.value == spanish_b.lep.value
    assert spanish_c.lep.moe == spanish_b.lep.moe
    assert c16001.population_5_plus == b16001.population_5_plus


def test_minnesota_as_published():
    table = _read(C_STATE)
    assert (table.table, table.vintage, table.source_format) == ("C16001", 2018, "csv")
    assert table.labelled_from_dictionary
    assert len(table.geographies) == 52
    minnesota = table.geography("0400000US27")
    assert minnesota.name == "Minnesota"
    assert minnesota.population_5_plus.value == 5256247
    assert len(minnesota.groups) == 12
    spanish = _group(minnesota, "Spanish")
    assert (spanish.speakers.value, spanish.lep.value, spanish.lep.moe) == (
        211571,
        78803,
        5599,
    )


def test_the_nation_is_found_by_its_geo_id_or_us():
    table = _read(C_US)
    assert table.geography("0100000US") is table.geography("us")
    assert table.geography("0100000US").population_5_plus.value > 300_000_000


def test_suppressed_cells_are_gaps_never_zeros():
    wyoming = _read(C_STATE).geography("56")
    assert wyoming.population_5_plus.value is None
    assert all(g.lep.value is None for g in wyoming.groups)
    b16001 = _read(B_STATE)
    gaps = [
        g for geo in b16001.geographies.values() for g in geo.groups if g.lep.is_gap
    ]
    assert len(gaps) == 546
    # A real zero stays a zero: no Armenian speaker was counted in Minnesota.
    armenian = _group(b16001.geography("27"), "Armenian")
    assert (armenian.lep.value, armenian.lep.moe) == (0, 147)


def _data_census_gov_csv(*, renumber: bool = False, colons: bool = True) -> str:
    """Minnesota's real C16001 row written as data.census.gov does: codes, then labels
    (2019-style, with colons), NAME before the figures; optionally with the line numbers
    scrambled, which must not matter because variables are mapped by label."""
    row = next(r for r in _rows(C_STATE) if r["NAME"] == "Minnesota")
    with open(DATA_DIR / "acs1_2018_C16001_variables.csv", encoding="utf-8") as handle:
        labels = {r["VARIABLE"]: r["LABEL"] for r in csv.DictReader(handle)}
    codes = [c for c in row if c.startswith("C16001_") and c[-1] in "EM"]
    lines = sorted({c[7:10] for c in codes})
    new_line = dict(zip(lines, reversed(lines), strict=True)) if renumber else {}
    header, label_row, values = (
        ["GEO_ID", "NAME"],
        ["Geography", "Geographic Area Name"],
        [
            row["GEO_ID"],
            row["NAME"],
        ],
    )
    for code in codes:
        label = labels[code]
        if colons:
            parts = label.split("!!")
            label = "!!".join(
                p + ":"
                if 0 < i < len(parts) - 1
                or (i == len(parts) - 1 and "very well" not in p and "only" not in p)
                else p
                for i, p in enumerate(parts)
            )
        header.append(f"C16001_{new_line.get(code[7:10], code[7:10])}{code[-1]}")
        label_row.append(label)
        values.append(row[code])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([header, label_row, values])
    return out.getvalue()


def test_the_data_census_gov_csv_with_labels_is_read_by_label():
    table = read_acs(_data_census_gov_csv(), filename="ACSDT1Y2018.C16001-Data.csv")
    assert not table.labelled_from_dictionary
    assert table.vintage == 2018
    spanish = _group(table.geography("27"), "Spanish")
    assert (spanish.lep.value, spanish.lep.moe) == (78803, 5599)


def test_line_numbers_do_not_matter_only_labels_do():
    table = read_acs(_data_census_gov_csv(renumber=True), filename="x.csv")
    minnesota = table.geography("27")
    assert minnesota.population_5_plus.value == 5256247
    assert _group(minnesota, "Spanish").lep.value == 78803
    assert _group(minnesota, "Vietnamese").lep.value == 11247


def test_census_api_json_is_read():
    """A Census API answer built by hand from Minnesota's and Iowa's real figures:
    `get=NAME,C16001_001E,...&for=state:27,19`, codes only, geography in `state`."""
    codes = ["C16001_001E", "C16001_001M", "C16001_002E", "C16001_003E", "C16001_004E",
             "C16001_005E", "C16001_005M"]  # fmt: skip
    rows = {r["NAME"]: r for r in _rows(C_STATE)}
    payload = [["NAME", *codes, "state"]] + [
        [name, *[rows[name][c] for c in codes], rows[name]["state"]]
        for name in ("Minnesota", "Iowa")
    ]
    table = read_acs(json.dumps(payload).encode(), filename="api-2018.json")
    assert table.source_format == "api-json"
    assert set(table.geographies) == {"0400000US27", "0400000US19"}
    iowa = table.geography("19")
    assert iowa.name == "Iowa"
    assert _group(iowa, "Spanish").lep.value == 44308
    assert _group(iowa, "Spanish").lep.moe == 3814


def test_api_json_nulls_and_counties():
    payload = [
        ["NAME", "C16001_001E", "C16001_003E", "C16001_004E", "C16001_005E", "state", "county"],
        ["Demo County, Minnesota", "1000", "60", "20", None, "27", "053"],
    ]  # fmt: skip
    table = read_acs(json.dumps(payload), vintage=2022)
    county = table.geography("0500000US27053")
    assert county is table.geography("27053")
    assert _group(county, "Spanish").lep.is_gap


def test_a_file_that_is_not_c16001_or_b16001_is_refused():
    with pytest.raises(AcsError, match="B01001"):
        read_acs("GEO_ID,NAME,B01001_001E\n0400000US27,Minnesota,5600000\n")
    with pytest.raises(AcsError, match="not ACS table C16001 or B16001"):
        read_acs("a,b,c\n1,2,3\n")
    with pytest.raises(AcsError, match="empty"):
        read_acs(b"")


def test_a_file_without_geo_id_is_refused():
    with pytest.raises(AcsError, match="no GEO_ID"):
        read_acs(
            "NAME,C16001_001E,C16001_005E\nMinnesota,5256247,78803\n", vintage=2018
        )


def test_a_missing_geoid_is_an_error():
    with pytest.raises(AcsError, match="No row for GEOID 99"):
        select_geographies([_read(C_STATE)], ["27", "99"])


def test_negative_and_non_numeric_values_are_errors():
    good = "GEO_ID,C16001_001E,C16001_003E,C16001_004E,C16001_005E\n"
    with pytest.raises(AcsError, match="negative"):
        read_acs(good + "0400000US27,1000,50,60,-10\n", vintage=2018)
    with pytest.raises(AcsError, match="not a number"):
        read_acs(good + "0400000US27,1000,lots,60,10\n", vintage=2018)
    with pytest.raises(AcsError, match="not a whole number"):
        read_acs(good + "0400000US27,1000,70.5,60,10\n", vintage=2018)


def test_census_jam_values_and_markers_are_gaps():
    head = "GEO_ID,C16001_001E,C16001_001M,C16001_003E,C16001_004E,C16001_005E,C16001_005M\n"
    table = read_acs(
        head + "0400000US27,1000,*****,-666666666,N,(X),-222222222\n", vintage=2018
    )
    geography = table.geography("27")
    assert geography.population_5_plus.moe == 0  # controlled: no sampling error
    spanish = _group(geography, "Spanish")
    assert spanish.speakers.is_gap and spanish.lep.is_gap and spanish.lep.moe is None


def test_figures_that_do_not_add_up_are_refused():
    head = "GEO_ID,C16001_001E,C16001_003E,C16001_004E,C16001_005E\n"
    with pytest.raises(AcsError, match="do not add up"):
        read_acs(head + "0400000US27,1000,100,60,10\n", vintage=2018)


def test_mixed_vintages_and_tables_are_refused():
    c2018 = _read(C_STATE)
    c2019 = read_acs((DATA_DIR / C_STATE).read_bytes(), filename="acs1_2019_C16001.csv")
    with pytest.raises(AcsError, match="different ACS years"):
        select_geographies([c2018, c2019], ["27"])
    with pytest.raises(AcsError, match="mix tables"):
        select_geographies([c2018, _read(B_STATE)], ["27"])


def test_codes_only_files_need_their_year():
    with pytest.raises(AcsError, match="Give the year"):
        read_acs((DATA_DIR / C_US).read_bytes(), filename="download.csv")
    assert read_acs((DATA_DIR / C_US).read_bytes(), vintage=2018).vintage == 2018


def test_codes_only_files_from_before_2016_are_refused():
    with pytest.raises(AcsError, match="before 2016"):
        read_acs(
            (DATA_DIR / "acs1_2018_B16001_us.csv").read_bytes(),
            filename="acs1_2014_B16001_us.csv",
        )


def test_unknown_variables_without_labels_are_refused():
    with pytest.raises(AcsError, match="does not know"):
        read_acs("GEO_ID,C16001_001E,C16001_099E\n0400000US27,1,1\n", vintage=2018)


def test_the_same_geoid_twice_is_refused():
    head = "GEO_ID,C16001_001E,C16001_003E,C16001_004E,C16001_005E\n"
    with pytest.raises(AcsError, match="twice"):
        read_acs(
            head + "0400000US27,1000,0,0,0\n0400000US27,1000,0,0,0\n", vintage=2018
        )

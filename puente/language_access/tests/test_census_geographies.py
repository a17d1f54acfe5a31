"""GEOIDs from the Census API's geography columns by summary-level rules, and the vintage
told by the variable set (issue 12)."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from puente.language_access import selectors
from puente.language_access.census import DATA_DIR, AcsError, read_acs
from puente.language_access.rules import Outcome, analyse

CASES = Path(__file__).resolve().parents[2] / "tests" / "data"
COUSUB = "lep_cousub_acs5_2022_C16001.json"


def _case():
    return json.loads((CASES / COUSUB).read_text(encoding="utf-8"))


def _with_geography(columns: list[str], rows_codes: list[list[str]]) -> str:
    """The case file's figures under other geography columns, one row per code list."""
    header, row = _case()
    figures = header[:-3], row[:-3]
    body = [[*figures[1], *codes] for codes in rows_codes]
    return json.dumps([[*figures[0], *columns], *body])


def _spanish(geography):
    return next(g for g in geography.groups if g.label == "Spanish")


def test_a_county_subdivision_is_the_town_never_its_county():
    table = read_acs((CASES / COUSUB).read_bytes(), filename=COUSUB)
    assert table.vintage == 2022
    assert list(table.geographies) == ["0600000US0917047290"]
    town = table.geography("0600000US0917047290")
    assert town.population_5_plus.value == 20000
    assert _spanish(town).lep.value == 1200
    assert table.geography("0500000US09170") is None
    assert table.geography("09170") is None
    analysis = analyse([town], table=table.table, vintage=table.vintage)
    spanish = next(g for g in analysis.groups if g.label == "Spanish")
    assert spanish.outcome == Outcome.TRANSLATE


@pytest.mark.django_db
def test_the_town_is_imported_from_the_page_and_must_be_translated(
    client, member_a, agency_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("language_access:import_acs", args=[agency_a.slug]),
            {
                "files": SimpleUploadedFile(COUSUB, (CASES / COUSUB).read_bytes()),
                "geoids": "0600000US0917047290",
            },
        )
    assert response.status_code == 302
    town = agency_a.jurisdictions.get()
    assert (town.geoid, town.population_5_plus, town.vintage) == (
        "0600000US0917047290", 20000, 2022,
    )  # fmt: skip
    analysis = selectors.agency_analysis(
        agency=agency_a, jurisdictions=list(agency_a.jurisdictions.all())
    )
    spanish = next(g for g in analysis.groups if g.label == "Spanish")
    assert (spanish.lep, spanish.outcome) == (1200, "translate")


def test_two_towns_of_one_county_are_two_geographies():
    text = _with_geography(
        ["state", "county", "county subdivision"],
        [["09", "170", "47290"], ["09", "170", "52070"]],
    )
    table = read_acs(text, vintage=2022)
    assert sorted(table.geographies) == ["0600000US0917047290", "0600000US0917052070"]


@pytest.mark.parametrize(
    ("columns", "codes", "geoid"),
    [
        (["us"], ["1"], "0100000US"),
        (["region"], ["3"], "0200000US3"),
        (["division"], ["4"], "0300000US4"),
        (["state"], ["27"], "0400000US27"),
        (["state", "county"], ["27", "053"], "0500000US27053"),
        (["state", "county", "county subdivision"], ["09", "170", "47290"], "0600000US0917047290"),
        (["state", "county", "county subdivision", "subminor civil division"],
         ["72", "001", "07001", "00100"], "0670000US720010700100100"),
        (["state", "county", "tract"], ["27", "053", "026200"], "1400000US27053026200"),
        (["state", "county", "tract", "block group"], ["27", "053", "026200", "2"],
         "1500000US270530262002"),
        (["state", "place", "county (or part)"], ["27", "43000", "053"], "1550000US2743000053"),
        (["state", "place"], ["27", "43000"], "1600000US2743000"),
        (["state", "consolidated city"], ["13", "03436"], "1700000US1303436"),
        (["state", "alaska native regional corporation"], ["02", "94200"], "2300000US0294200"),
        (["american indian area/alaska native area/hawaiian home land"], ["2430"],
         "2500000US2430"),
        (["zip code tabulation area"], ["55404"], "8600000US55404"),
        (["state", "zip code tabulation area"], ["27", "55404"], "8600000US55404"),
        (["state", "school district (unified)"], ["27", "21360"], "9700000US2721360"),
        (["state", "school district (elementary)"], ["06", "00001"], "9500000US0600001"),
        (["state", "school district (secondary)"], ["06", "00002"], "9600000US0600002"),
    ],
)  # fmt: skip
def test_every_summary_level_gets_its_own_geoid(columns, codes, geoid):
    table = read_acs(_with_geography(columns, [codes]), vintage=2022)
    assert list(table.geographies) == [geoid]
    assert table.geography(geoid).population_5_plus.value == 20000


def test_a_zcta_row_is_the_zcta_not_its_state_and_2020_zctas_are_found():
    table = read_acs(
        _with_geography(["state", "zip code tabulation area"], [["27", "55404"]]),
        vintage=2022,
    )
    assert table.geography("0400000US27") is None
    assert table.geography("860Z200US55404") is table.geography("8600000US55404")
    assert table.geography("55404") is not None


def test_codes_that_lost_their_leading_zeros_in_a_spreadsheet_are_padded():
    header, row = _case()
    text = (
        ",".join(header)
        + "\n"
        + ",".join('"' + c + '"' for c in row[:-3])
        + ",9,170,47290\n"
    )
    assert list(read_acs(text, vintage=2022).geographies) == ["0600000US0917047290"]


@pytest.mark.parametrize(
    ("columns", "codes", "message"),
    [
        (["state", "congressional district"], ["27", "05"], "“congressional district”"),
        (["metropolitan statistical area/micropolitan statistical area"], ["33460"],
         "“metropolitan statistical area/micropolitan statistical area”"),
        (["state", "public use microdata area"], ["27", "01400"], "“public use microdata area”"),
        (["state", "ward"], ["27", "3"], "“ward”"),
        (["state", "tract"], ["27", "026200"], "do not make up a Census summary level"),
        (["state", "county"], ["27", "12345"], "not a county code"),
    ],
)  # fmt: skip
def test_a_geography_that_cannot_be_placed_is_refused_naming_its_column(
    columns, codes, message
):
    with pytest.raises(AcsError, match=message):
        read_acs(_with_geography(columns, [codes]), vintage=2022)


def test_the_api_ucgid_column_is_read_as_the_geo_id():
    header, row = _case()
    text = json.dumps([[*header[:-3], "ucgid"], [*row[:-3], "0600000US0917047290"]])
    assert list(read_acs(text, vintage=2022).geographies) == ["0600000US0917047290"]


# The vintage told by the variable set


def test_a_codes_only_b16001_file_is_read_without_asking_its_year():
    """Only the 2016 layout has lines above 119, so the file can only be read one way."""
    data = (DATA_DIR / "acs1_2018_B16001_us.csv").read_bytes()
    table = read_acs(data, filename="download.csv")
    assert table.labelled_from_dictionary and table.vintage is None
    given = read_acs(data, vintage=2018)
    assert table.geography("0100000US").groups == given.geography("0100000US").groups
    assert _spanish(table.geography("0100000US")).lep.value > 0


def test_a_codes_only_file_that_could_be_either_layout_still_asks():
    text = (
        "GEO_ID,B16001_001E,B16001_003E,B16001_004E,B16001_005E\n0400000US27,1,1,1,0\n"
    )
    with pytest.raises(AcsError, match="Give the year"):
        read_acs(text)
    with pytest.raises(AcsError, match="Give the year"):
        read_acs((DATA_DIR / "acs1_2018_C16001_us.csv").read_bytes())


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t"), ("utf-8", ";")],
)
def test_an_acs_csv_resaved_by_excel_in_any_locale_is_read(encoding, delimiter):
    header, row = _case()
    row = [*row[:-3], "09", "170", "47290"]
    row[0] = "Sample town, Capitol Planning Region, Connecticut (Peñasco)"
    text = "".join(
        delimiter.join(f'"{c}"' if "," in c else c for c in line) + "\r\n"
        for line in (header, row)
    )
    table = read_acs(text.encode(encoding), filename="acs5_2022_C16001.csv")
    town = table.geography("0600000US0917047290")
    assert town.name.endswith("(Peñasco)")
    assert _spanish(town).lep.value == 1200

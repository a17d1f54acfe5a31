import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from puente.language_access.census import DATA_DIR

C_STATE = str(DATA_DIR / "acs1_2018_C16001_state.csv")
B_STATE = str(DATA_DIR / "acs1_2018_B16001_state.csv")
KEYS = [
    "geoids",
    "name",
    "table",
    "vintage",
    "population_5_plus",
    "lep_total",
    "groups",
]
GROUP_KEYS = {"label", "speakers", "lep", "lep_moe", "share_of_population", "outcome",
              "is_aggregate_group", "near_threshold"}  # fmt: skip


def _report(*args: str) -> dict:
    out = StringIO()
    call_command("language-access", "report", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_the_report_prints_exactly_the_issues_keys_with_an_empty_database():
    report = _report("--acs", C_STATE, "--geoid", "27", "--format", "json")
    assert list(report) == KEYS
    assert report["geoids"] == ["0400000US27"]
    assert (report["name"], report["table"], report["vintage"]) == (
        "Minnesota",
        "C16001",
        2018,
    )
    assert report["population_5_plus"] == 5256247
    assert report["lep_total"] == 241882
    assert all(set(group) == GROUP_KEYS for group in report["groups"])
    first = report["groups"][0]
    assert first == {
        "label": "Spanish",
        "speakers": 211571,
        "lep": 78803,
        "lep_moe": 5599,
        "share_of_population": round(78803 / 5256247, 6),
        "outcome": "translate",
        "is_aggregate_group": False,
        "near_threshold": False,
    }
    leps = [g["lep"] for g in report["groups"]]
    assert leps == sorted(leps, reverse=True)
    assert {g["label"] for g in report["groups"] if g["is_aggregate_group"]} >= {
        "Other Asian and Pacific Island languages",
        "Other and unspecified languages",
    }


def test_several_files_and_geoids_are_summed():
    report = _report("--acs", B_STATE, "--acs", C_STATE.replace("C16001_state", "B16001_us"),
                     "--geoid", "0400000US27", "--geoid", "19")  # fmt: skip
    assert report["geoids"] == ["0400000US27", "0400000US19"]
    spanish = next(g for g in report["groups"] if g["label"] == "Spanish")
    assert (spanish["lep"], spanish["lep_moe"]) == (123111, 6775)


def test_bad_input_is_a_clear_command_error(tmp_path):
    with pytest.raises(CommandError, match="No row for GEOID 98"):
        _report("--acs", C_STATE, "--geoid", "98")
    with pytest.raises(CommandError, match="suppressed"):
        _report("--acs", C_STATE, "--geoid", "56")
    with pytest.raises(CommandError, match="mix tables"):
        _report("--acs", C_STATE, "--acs", B_STATE, "--geoid", "27")
    with pytest.raises(CommandError, match="Cannot read"):
        _report("--acs", str(tmp_path / "missing.csv"), "--geoid", "27")
    other = tmp_path / "b01001_2018.csv"
    other.write_text("GEO_ID,NAME,B01001_001E\n0400000US27,Minnesota,5600000\n")
    with pytest.raises(CommandError, match="not C16001 or B16001"):
        _report("--acs", str(other), "--geoid", "27")


def test_the_year_can_be_given_for_files_whose_names_lack_it(tmp_path):
    copy = tmp_path / "download.csv"
    copy.write_bytes((DATA_DIR / "acs1_2018_C16001_us.csv").read_bytes())
    with pytest.raises(CommandError, match="Give the year"):
        _report("--acs", str(copy), "--geoid", "us")
    assert (
        _report("--acs", str(copy), "--geoid", "us", "--vintage", "2018")["vintage"]
        == 2018
    )

"""ACS table B01001 (sex by age) read into the survey's age bands, loaded for an agency's
jurisdictions through the page and the command, and used to weight the trust survey.
The figures are invented for fictional geographies."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import override

from puente.insights.survey_weighting import age_margins, weighted_survey
from puente.insights.weighting import rake, weighted_margins
from puente.language_access.ages import read_b01001
from puente.language_access.census import AcsError
from puente.language_access.models import AgeFigure, Jurisdiction
from puente.portal.models import SurveyResponse

PLACE = "1600000US2700000"
COUNTY = "0500000US27999"


def _groups(scale: int) -> dict[int, int]:
    """Invented people per B01001 line 3–25 (one sex): line number × scale."""
    return {line: line * scale for line in range(3, 26)}


def _row(geoid: str, name: str, men: int, women: int) -> dict[str, int | str]:
    male, female = _groups(men), _groups(women)
    cells: dict[str, int | str] = {"GEO_ID": geoid, "NAME": name}
    cells["B01001_002E"] = sum(male.values())
    cells["B01001_026E"] = sum(female.values())
    cells["B01001_001E"] = cells["B01001_002E"] + cells["B01001_026E"]
    for line, people in male.items():
        cells[f"B01001_{line:03d}E"] = people
        cells[f"B01001_{line + 24:03d}E"] = female[line]
    return cells


def _api_json(*rows: dict) -> str:
    header = list(rows[0])
    return json.dumps([header, *([str(r[h]) for h in header] for r in rows)])


def _band(lines: range | tuple, men: int, women: int) -> int:
    return sum(line * (men + women) for line in lines)


BY_HAND = {  # the bands of _row(..., men=10, women=11), summed by hand
    "18-24": _band((7, 8, 9, 10), 10, 11),
    "25-34": _band((11, 12), 10, 11),
    "35-44": _band((13, 14), 10, 11),
    "45-64": _band((15, 16, 17, 18, 19), 10, 11),
    "65+": _band((20, 21, 22, 23, 24, 25), 10, 11),
}


def test_census_api_json_is_summed_into_the_survey_bands():
    table = read_b01001(
        _api_json(_row(PLACE, "Alphaville city (fictional)", 10, 11)),
        filename="acs5_2022_B01001.json",
    )
    place = table.geography(PLACE)
    assert table.vintage == 2022 and table.source_format == "api-json"
    assert place.bands == BY_HAND
    assert BY_HAND["18-24"] == (7 + 8 + 9 + 10) * 21


def test_data_census_gov_csv_with_labels_and_margins():
    row = _row(PLACE, "Alphaville city (fictional)", 10, 11)
    codes = list(row) + ["B01001_007M", "B01001_031M"]
    labels = ["Geography", "Geographic Area Name"] + [
        f"Estimate!!Total:!!{code}" for code in codes[2:]
    ]
    values = [str(row.get(code, "")) for code in codes[:-2]] + ["30", "40"]
    text = "\n".join(",".join(line) for line in (codes, labels, values))
    place = read_b01001(text.encode("utf-8-sig")).geography(PLACE)
    assert place.bands == BY_HAND
    # Only two of the band's eight lines have a margin: the band's margin is unknown.
    assert place.moes["18-24"] is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"B01001_002E": 1}, "do not add up"),
        ({"B01001_010E": "abc"}, "not a number"),
    ],
)
def test_a_file_that_is_not_b01001_as_published_is_refused(change, message):
    row = _row(PLACE, "Alphaville city (fictional)", 10, 11) | change
    with pytest.raises(AcsError, match=message):
        read_b01001(_api_json(row))


def test_another_table_or_a_missing_line_is_named():
    with pytest.raises(AcsError, match="This is table C16001, not B01001"):
        read_b01001('[["GEO_ID","C16001_001E"],["1600000US2700000","5"]]')
    row = _row(PLACE, "x", 10, 11)
    del row["B01001_031E"]
    with pytest.raises(AcsError, match="B01001_031E"):
        read_b01001(_api_json(row))


@pytest.fixture
def jurisdictions(agency_a):
    for geoid, name in ((PLACE, "Alphaville city (fictional)"), (COUNTY, "County")):
        Jurisdiction.objects.create(
            agency=agency_a, geoid=geoid, name=name, table="C16001",
            population_5_plus=10_000,
        )  # fmt: skip


def _upload(client, agency, content: str, name="acs5_2022_B01001.json", language="en"):
    """Upload through the page; the import runs as a job once the upload commits. Returns
    the job's page, or the answer to the upload when it was not a job."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import TestCase

    with override(language):
        url = reverse("language_access:import_ages", kwargs={"slug": agency.slug})
    upload = SimpleUploadedFile(name, content.encode(), "application/json")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"files": upload})
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


@pytest.mark.django_db
def test_staff_load_b01001_for_the_jurisdictions_through_the_page(
    client, admin_a, agency_a, jurisdictions
):
    client.force_login(admin_a)
    content = _api_json(
        _row(PLACE, "Alphaville city (fictional)", 10, 11),
        _row(COUNTY, "County (fictional)", 1, 2),
        _row("1600000US2799999", "Not ours (fictional)", 5, 5),
    )
    page = _upload(client, agency_a, content)
    body = page.content.decode()
    assert "Imported the adults by age of 2 geographies." in body
    assert AgeFigure.objects.filter(agency=agency_a).count() == 10
    county = {"18-24": _band((7, 8, 9, 10), 1, 2), "65+": _band(range(20, 26), 1, 2)}
    margins = age_margins(agency=agency_a)
    assert margins["18-24"] == BY_HAND["18-24"] + county["18-24"]
    assert margins["65+"] == BY_HAND["65+"] + county["65+"]
    assert "Read as Census API output (JSON)." in body
    ages = client.get(
        reverse("language_access:import_ages", kwargs={"slug": agency_a.slug})
    ).content.decode()
    assert "Alphaville city (fictional)" in ages and "2799999" not in ages
    assert "ACS 2022" in ages  # the year is not localized ("2,022")


@pytest.mark.django_db
def test_a_missing_jurisdiction_changes_nothing(
    client, admin_a, agency_a, jurisdictions
):
    client.force_login(admin_a)
    _upload(
        client, agency_a, _api_json(_row(PLACE, "A", 10, 11), _row(COUNTY, "C", 1, 2))
    )
    before = list(AgeFigure.objects.values_list("geoid", "band", "people"))
    page = _upload(client, agency_a, _api_json(_row(PLACE, "A", 3, 3)))
    assert f"No row for GEOID {COUNTY}" in page.content.decode()
    assert list(AgeFigure.objects.values_list("geoid", "band", "people")) == before


@pytest.mark.django_db
def test_in_spanish_the_refusal_is_in_spanish(client, admin_a, agency_a, jurisdictions):
    client.force_login(admin_a)
    page = _upload(
        client, agency_a, '[["GEO_ID","C16001_001E"],["x","5"]]', language="es"
    )
    assert "no B01001" in page.content.decode()


@pytest.mark.django_db
def test_only_those_who_import_census_figures_may_load_them(
    client, viewer_a, member_b, agency_a, jurisdictions
):
    url = reverse("language_access:import_ages", kwargs={"slug": agency_a.slug})
    client.force_login(viewer_a)
    assert client.get(url).status_code == 200
    assert (
        _upload(client, agency_a, _api_json(_row(PLACE, "A", 1, 1))).status_code == 403
    )
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    assert not AgeFigure.objects.exists()


@pytest.mark.django_db
def test_the_command_loads_them_and_refuses_without_jurisdictions(
    tmp_path, agency_a, agency_b, jurisdictions
):
    path = tmp_path / "acs5_2022_B01001.json"
    path.write_text(_api_json(_row(PLACE, "A", 10, 11), _row(COUNTY, "C", 1, 2)))
    call_command("language-access", "import-ages", str(path), "--agency", agency_a.slug)
    assert AgeFigure.objects.filter(agency=agency_a, vintage=2022).count() == 10
    with pytest.raises(CommandError, match="Load the language tables"):
        call_command(
            "language-access", "import-ages", str(path), "--agency", agency_b.slug
        )


@pytest.mark.django_db
def test_the_survey_is_raked_to_the_census_age_shares(
    client, member_a, agency_a, settings
):
    """Raked on both margins, the weighted shares reproduce the census's age shares
    within 0.1 percentage points, and the page shows both margins."""
    settings.PUENTE_SMALL_CELL = 11
    Jurisdiction.objects.create(
        agency=agency_a, geoid=PLACE, name="Alphaville city (fictional)",
        table="C16001", population_5_plus=10_000,
    )  # fmt: skip
    call_command_rows = _api_json(_row(PLACE, "Alphaville city (fictional)", 10, 11))
    client.force_login(member_a)
    from puente.language_access.services import age_figures_import

    age_figures_import(
        actor=member_a,
        agency=agency_a,
        files=[("acs_2022.json", call_command_rows.encode())],
    )
    bands = ["18-24", "25-34", "35-44", "45-64", "65+"]
    answers = []
    for n in range(60):  # mostly young respondents, a few who did not say
        band = bands[0] if n < 30 else bands[n % 5] if n < 55 else ""
        answers.append(
            SurveyResponse(
                agency=agency_a,
                quarter="2026Q2",
                language="en",
                age_band=band,
                trust=5 if band == "18-24" else 2,
            )  # fmt: skip
        )
    SurveyResponse.objects.bulk_create(answers)
    margins, (quarter,) = weighted_survey(agency=agency_a)
    assert margins["age"] == BY_HAND and quarter.told_age == 55
    people = [{"age": a.age_band or None} for a in answers]
    weights = rake(people, {"age": margins["age"]}).weights
    got = weighted_margins(people, weights, "age")
    total = sum(BY_HAND.values())
    for band, count in BY_HAND.items():
        assert abs(100 * got[band] - 100 * count / total) < 0.1
    plain, weighted = quarter.shares["trust"]
    assert weighted < plain  # the young, who trust more here, were over-represented

    page = client.get(
        reverse("insights:weighted_survey", kwargs={"slug": agency_a.slug})
    )
    body = page.content.decode()
    assert "Adults by age (census table B01001)" in body
    assert "65 and over" in body and "18 to 24" in body

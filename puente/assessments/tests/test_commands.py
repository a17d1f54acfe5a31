import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from puente.assessments.models import AgencyScore, Campaign, Response
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _csv(tmp_path, rows, name="responses.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(rows)
    return path


HEADER = [
    "agency",
    "respondent_type",
    "out_liaison",
    "out_frequency",
    "out_channels",
    "mon_tracks",
    "mon_officers",
    "pv_liaison",
]


def test_instrument_json_has_the_stable_shape(instrument):
    out = StringIO()
    call_command("assessment", "instrument", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["slug"], data["version"]) == ("test-instrument", 1)
    assert data["principles"] == ["broad-outreach", "leverage-partnerships", "monitor"]
    frequency = next(i for i in data["items"] if i["id"] == "out_frequency")
    assert frequency["type"] == "single"
    assert frequency["respondent_types"] == ["command"]
    assert frequency["options"][2] == {
        "value": "weekly",
        "label": {"en": "Weekly", "es": "Cada semana"},
        "points": {"broad-outreach": 2},
    }


def test_import_responses_creates_the_campaign_and_scores_it(
    tmp_path, instrument, program, agency_a, agency_b
):
    path = _csv(
        tmp_path,
        [
            HEADER,
            [agency_a.slug, "command", "yes", "weekly", "radio press", "yes", "4", ""],
            [agency_a.slug, "partner", "", "", "", "", "", "no"],
            [agency_b.slug, "command", "no", "", "", "no", "", ""],
        ],
    )
    out = StringIO()
    call_command(
        "assessment",
        "import-responses",
        str(path),
        "--campaign",
        "spring-2026",
        "--create",
        "--program",
        program.slug,
        stdout=out,
    )
    assert "Imported 3 responses" in out.getvalue()
    campaign = Campaign.objects.get(slug="spring-2026")
    assert campaign.program == program
    assert (
        Response.objects.filter(
            campaign=campaign, status="submitted", source="import"
        ).count()
        == 3
    )
    police_a = AgencyScore.objects.get(
        campaign=campaign, agency=agency_a, group="police"
    )
    assert police_a.principle_scores == {
        "broad-outreach": 100.0,
        "leverage-partnerships": 100.0,
        "monitor": 100.0,
    }
    partner_a = AgencyScore.objects.get(
        campaign=campaign, agency=agency_a, group="partner"
    )
    assert partner_a.principle_scores["leverage-partnerships"] == 0.0

    out = StringIO()
    call_command(
        "assessment",
        "scores",
        "--campaign",
        "spring-2026",
        "--format",
        "json",
        stdout=out,
    )
    scores = json.loads(out.getvalue())
    assert [a["agency"] for a in scores["agencies"]] == sorted(
        [agency_a.slug, agency_b.slug]
    )
    assert {a["agency"]: a["composite"] for a in scores["agencies"]}[
        agency_b.slug
    ] == 0.0

    out = StringIO()
    call_command(
        "assessment",
        "scores",
        "--campaign",
        "spring-2026",
        "--format",
        "csv",
        stdout=out,
    )
    rows = list(csv.reader(StringIO(out.getvalue())))
    assert rows[0] == [
        "agency",
        "broad-outreach",
        "leverage-partnerships",
        "monitor",
        "composite",
        "responses",
    ]
    assert len(rows) == 3


def test_agencies_can_be_named_by_ori(tmp_path, instrument, program, agency_a):
    agency_a.ori = "MN0270200"
    agency_a.save()
    path = _csv(
        tmp_path, [HEADER, ["mn0270200", "command", "no", "", "", "no", "", ""]]
    )
    call_command(
        "assessment",
        "import-responses",
        str(path),
        "--campaign",
        "c1",
        "--create",
        "--program",
        program.slug,
        stdout=StringIO(),
    )
    assert Response.objects.get().agency == agency_a


def test_every_bad_row_and_column_is_reported_and_nothing_is_stored(
    tmp_path, instrument, program, agency_a
):
    path = _csv(
        tmp_path,
        [
            [*HEADER, "favourite_colour"],
            [agency_a.slug, "command", "maybe", "", "", "yes", "", "", ""],
            ["no-such-agency", "command", "no", "", "", "no", "", "", ""],
            [agency_a.slug, "command", "no", "", "tv", "no", "9999", "", ""],
            [agency_a.slug, "chief", "no", "", "", "no", "", "", ""],
            [agency_a.slug, "line", "yes", "", "", "", "", "", ""],
        ],
    )
    with pytest.raises(CommandError) as info:
        call_command(
            "assessment",
            "import-responses",
            str(path),
            "--campaign",
            "c2",
            "--create",
            "--program",
            program.slug,
        )
    assert "favourite_colour is not a question" in str(info.value)
    path = _csv(
        tmp_path,
        [HEADER, *[r[:-1] for r in list(csv.reader(open(path)))[1:]]],
        name="fixed.csv",
    )
    with pytest.raises(CommandError) as info:
        call_command("assessment", "import-responses", str(path), "--campaign", "c2")
    message = str(info.value)
    assert "Line 2, out_liaison: 'maybe' is not one of the choices" in message
    assert (
        "Line 3, agency: no agency has the short name or ORI 'no-such-agency'"
        in message
    )
    assert "Line 4, out_channels: tv is not one of the choices" in message
    assert "Line 4, mon_officers: Enter a number from 0 to 500." in message
    assert "Line 5, respondent_type: 'chief' is not one of" in message
    assert (
        "Line 6, out_liaison: this question is not asked of line respondents" in message
    )
    assert Response.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_closed_campaign_accepts_no_responses(
    tmp_path, instrument, program, agency_a
):
    path = _csv(
        tmp_path, [HEADER, [agency_a.slug, "command", "no", "", "", "no", "", ""]]
    )
    call_command(
        "assessment",
        "import-responses",
        str(path),
        "--campaign",
        "c3",
        "--create",
        "--program",
        program.slug,
        stdout=StringIO(),
    )
    Campaign.objects.filter(slug="c3").update(status=Campaign.Status.CLOSED)
    with pytest.raises(CommandError, match="closed"):
        call_command("assessment", "import-responses", str(path), "--campaign", "c3")
    assert Response.objects.count() == 1


def test_an_unknown_campaign_without_create(tmp_path, instrument):
    path = _csv(tmp_path, [HEADER])
    with pytest.raises(CommandError, match="add --create"):
        call_command("assessment", "import-responses", str(path), "--campaign", "nope")


def test_load_instrument_refuses_changes_to_a_frozen_version(
    tmp_path, instrument, agency_a, small_spec
):
    Response.objects.create(
        instrument=instrument, agency=agency_a, respondent_type="command"
    )
    small_spec["items"][0]["label"]["en"] = "Changed wording"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(small_spec))
    with pytest.raises(CommandError, match="cannot change; make a new version"):
        call_command("assessment", "load-instrument", str(path))
    small_spec["version"] = 2
    path.write_text(json.dumps(small_spec))
    call_command("assessment", "load-instrument", str(path), stdout=StringIO())
    out = StringIO()
    call_command("assessment", "instrument", stdout=out)
    assert json.loads(out.getvalue())["version"] == 2


def test_load_instrument_reports_an_invalid_spec(tmp_path, db, small_spec):
    small_spec["items"][1]["relevant"] = {"item": "nope", "in": ["yes"]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(small_spec))
    with pytest.raises(CommandError, match="relevant refers to 'nope'"):
        call_command("assessment", "load-instrument", str(path))


def test_scores_give_each_respondent_type_and_the_perception_gap(
    tmp_path, instrument, program, agency_a
):
    path = _csv(
        tmp_path,
        [
            HEADER,
            [agency_a.slug, "command", "yes", "weekly", "radio press", "yes", "", ""],
            [agency_a.slug, "line", "", "", "radio", "", "", ""],
            [agency_a.slug, "partner", "", "", "", "", "", "no"],
        ],
    )
    call_command(
        "assessment",
        "import-responses",
        str(path),
        "--campaign",
        "gap",
        "--create",
        "--program",
        program.slug,
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("assessment", "scores", "--campaign", "gap", stdout=out)
    (row,) = json.loads(out.getvalue())["agencies"]
    assert set(row["by_respondent_type"]) == {"command", "line", "partner"}
    assert row["by_respondent_type"]["line"]["principles"]["broad-outreach"] == 50.0
    # Police (mean of command 100 and line: not asked) say 100 on partnerships, the partner says 0.
    assert row["perception_gap"]["leverage-partnerships"] == 100.0


def test_responses_import_from_xlsx(tmp_path, instrument, program, agency_a):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([agency_a.slug, "command", "no", None, None, "yes", 7, None])
    path = tmp_path / "paper.xlsx"
    workbook.save(path)
    call_command(
        "assessment",
        "import-responses",
        str(path),
        "--campaign",
        "x",
        "--create",
        "--program",
        program.slug,
        stdout=StringIO(),
    )
    assert Response.objects.get().answers == {
        "out_liaison": "no",
        "mon_tracks": "yes",
        "mon_officers": 7,
    }


def test_the_national_instrument_round_trips_through_xlsform(tmp_path, db):
    from puente.assessments.models import Instrument

    national = Instrument.objects.get(slug="puente-national", version=1)
    path = tmp_path / "national.xlsx"
    call_command(
        "assessment",
        "instrument",
        "--instrument",
        "puente-national",
        "--format",
        "xlsform",
        "--output",
        str(path),
        stdout=StringIO(),
    )
    from puente.assessments.xlsform import normalise_spec, xlsform_to_spec

    assert xlsform_to_spec(path.read_bytes()) == normalise_spec(national.spec)

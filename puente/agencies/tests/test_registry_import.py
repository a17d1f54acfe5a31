import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from puente.agencies.models import Agency
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FBI_FILE = Path(__file__).resolve().parents[1] / "data" / "fbi_cde_agencies.csv"


def _real_slice(tmp_path: Path, size: int = 200) -> Path:
    """`size` real rows spread over the whole FBI file (every state, missing
    coordinates, Nebraska's NB ORIs, multi-county agencies)."""
    with open(FBI_FILE, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    step = len(rows) // size
    picked = rows[::step][:size]
    path = tmp_path / "slice.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(picked)
    return path


def test_a_real_slice_imports_with_mapped_types(tmp_path):
    path = _real_slice(tmp_path)
    call_command("agencies", "import", str(path), verbosity=0)
    assert Agency.objects.count() == 200
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = {"City": "municipal", "County": "sheriff", "State Police": "state"}
    for row in rows:
        agency = Agency.objects.get(ori=row["ori"])
        assert agency.name == row["agency_name"]
        assert agency.state == row["state_abbr"]
        assert agency.agency_type == expected.get(row["agency_type"], "other")
        assert agency.source_type == (
            "" if row["agency_type"] == "NA" else row["agency_type"]
        )
        if row["latitude"] == "NA":
            assert agency.latitude is None
        else:
            assert float(agency.latitude) == pytest.approx(
                float(row["latitude"]), abs=1e-6
            )
    assert len({a.slug for a in Agency.objects.all()}) == 200


def test_a_rerun_creates_no_duplicates_and_updates_by_ori(tmp_path):
    path = _real_slice(tmp_path)
    call_command("agencies", "import", str(path), verbosity=0)
    first = dict(Agency.objects.values_list("ori", "slug"))
    renamed = path.read_text(encoding="utf-8").replace(
        Agency.objects.order_by("ori").first().name, "Renamed Agency", 1
    )
    path.write_text(renamed, encoding="utf-8")
    call_command("agencies", "import", str(path), verbosity=0)
    assert Agency.objects.count() == 200
    assert dict(Agency.objects.values_list("ori", "slug")) == first
    assert Agency.objects.filter(name="Renamed Agency").count() == 1


def test_a_rerun_keeps_facts_the_fbi_file_does_not_have(tmp_path):
    path = _real_slice(tmp_path, size=20)
    call_command("agencies", "import", str(path), verbosity=0)
    agency = Agency.objects.order_by("ori").first()
    Agency.objects.filter(pk=agency.pk).update(
        population_served=1234, epic_profiled=True
    )
    call_command("agencies", "import", str(path), verbosity=0)
    agency.refresh_from_db()
    assert (agency.population_served, agency.epic_profiled) == (1234, True)


def _write(tmp_path, text):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "ori,county,latitude,longitude,state_abbr,state,agency_name,agency_type\n"


def test_a_missing_column_is_a_clear_error(tmp_path):
    path = _write(
        tmp_path, "ori,agency_name\nMN0270200,Brooklyn Center Police Department\n"
    )
    with pytest.raises(CommandError, match="lacks the column.*state_abbr, agency_type"):
        call_command("agencies", "import", str(path), verbosity=0)
    assert Agency.objects.count() == 0


def test_one_bad_row_writes_nothing_and_names_every_bad_line(tmp_path):
    path = _write(
        tmp_path,
        HEADER
        + "MN0270200,HENNEPIN,45.07,-93.29,MN,Minnesota,Brooklyn Center Police Department,City\n"
        + "MN0270300,HENNEPIN,north,-93.34,MN,Minnesota,Brooklyn Park Police Department,City\n"
        + "BAD,HENNEPIN,45.1,-93.3,MN,Minnesota,Nowhere PD,City\n"
        + "MN0270200,HENNEPIN,45.07,-93.29,MN,Minnesota,Duplicate PD,City\n",
    )
    with pytest.raises(CommandError) as info:
        call_command("agencies", "import", str(path), verbosity=0)
    message = str(info.value)
    assert "Nothing was imported" in message
    assert "Line 3: latitude and longitude must be numbers" in message
    assert "Line 4: 'BAD' is not a nine-character ORI" in message
    assert "Line 5: ORI MN0270200 already appears on line 2" in message
    assert Agency.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_bad_file_leaves_an_earlier_import_intact(tmp_path):
    good = _real_slice(tmp_path, size=20)
    call_command("agencies", "import", str(good), verbosity=0)
    before = list(Agency.objects.order_by("ori").values_list("ori", "name"))
    bad = _write(tmp_path, HEADER + f"{before[0][0]},X,1,2,MN,Minnesota,,City\n")
    with pytest.raises(CommandError, match="has no name"):
        call_command("agencies", "import", str(bad), verbosity=0)
    assert list(Agency.objects.order_by("ori").values_list("ori", "name")) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 4, "not CSV text"),
        (HEADER.encode(), "no agencies"),
        (
            HEADER.encode() + b"MN0270200,H,1,2,MN,Minnesota,A PD,City,extra\n",
            "more fields",
        ),
    ],
)
def test_malformed_files(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("agencies", "import", str(path), verbosity=0)
    assert Agency.objects.count() == 0


def test_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("agencies", "import", str(tmp_path / "nope.csv"), verbosity=0)


def test_an_import_is_audited(tmp_path):
    call_command("agencies", "import", str(_real_slice(tmp_path, size=20)), verbosity=0)
    event = AuditEvent.objects.get(action="import")
    assert event.changes["created"] == 20
    assert len(event.changes["sha256"]) == 64


@pytest.mark.parametrize(
    ("encoding", "delimiter", "said"),
    [
        ("cp1252", ";", "Windows-1252, with semicolons"),
        ("utf-16", "\t", "UTF-16, with tabs"),
        ("utf-8-sig", ",", "UTF-8 (BOM), with commas"),
    ],
)
def test_a_registry_file_saved_by_excel_in_any_locale(
    tmp_path, encoding, delimiter, said
):
    rows = [
        ["ori", "county", "latitude", "longitude", "state_abbr", "state", "agency_name", "agency_type"],
        ["MN0270200", "HENNEPIN", "44.9", "-93.2", "MN", "Minnesota", "Peñasco Police Department", "City"],
    ]  # fmt: skip
    path = tmp_path / "agencies.csv"
    path.write_bytes("".join(delimiter.join(r) + "\r\n" for r in rows).encode(encoding))
    out = StringIO()
    call_command("agencies", "import", str(path), verbosity=1, stdout=out)
    assert said in out.getvalue()
    assert Agency.objects.get(ori="MN0270200").name == "Peñasco Police Department"

"""Bulk imports: all or nothing, every problem by line and column."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import Workbook

from puente.audit.models import AuditEvent
from puente.outreach.models import CommunityContact, Event, ImportJob, Setting, Topic
from puente.outreach.tests.factories import LiaisonFactory, PartnerFactory

pytestmark = pytest.mark.django_db
HEADER = (
    "date,liaison,setting,topics,language,interpreter_used,partner,follow_up_needed\n"
)


@pytest.fixture
def people(agency_a, agency_b, member_a):
    LiaisonFactory(agency=agency_a, name="Lía Ortega", user=member_a)
    LiaisonFactory(agency=agency_b, name="Pat Other")
    PartnerFactory(agency=agency_a, name="Casa Latina (fictional)")
    return agency_a


def _import(tmp_path, kind, text, agency):
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command(
        "outreach",
        "import",
        kind,
        str(path),
        "--agency",
        agency.slug,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def test_contacts_import(tmp_path, people, member_a):
    text = HEADER + (
        "2026-08-01,Lía Ortega,faith,reporting;rights,so,yes,Casa Latina (fictional),no\n"
        f"2026-08-02,{member_a.email.upper()},Business or restaurant,Victim services,Spanish,,,\n"
        "\n"
    )
    out, _err = _import(tmp_path, "contacts", text, people)
    assert "Imported 2 contacts" in out
    first, second = CommunityContact.objects.order_by("date")
    assert (first.setting, first.topics, first.language, first.interpreter_used, first.partner.name) == (
        "faith", ["reporting", "rights"], "so", True, "Casa Latina (fictional)",
    )  # fmt: skip
    assert (second.liaison.name, second.setting, second.topics, second.language) == (
        "Lía Ortega", "business", ["victim_services"], "es",
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="import", agency_id=people.pk).exists()


def test_every_problem_is_reported_and_nothing_is_stored(tmp_path, people):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    text = (
        HEADER
        + (
            "2026-08-01,Lía Ortega,faith,reporting,es,no,,no\n"  # a good row, not stored either
            f"{future},Lía Ortega,faith,reporting,es,no,,no\n"
            "1999-05-01,Pat Other,bar,gossip,xx-nonsense,maybe,Nowhere,no\n"
            "01/08/2026,Lía Ortega,faith,,es,no,,no\n"
        )
    )
    with pytest.raises(
        CommandError, match="Nothing was imported: 10 problems in 4 rows"
    ):
        _import(tmp_path, "contacts", text, people)
    assert not CommunityContact.objects.exists()


def test_the_problems_name_line_and_column(tmp_path, people):
    text = HEADER + "2026-08-01,Pat Other,faith,reporting,es,no,,no\n"
    err = StringIO()
    path = tmp_path / "c.csv"
    path.write_text(text)
    with pytest.raises(CommandError):
        call_command(
            "outreach",
            "import",
            "contacts",
            str(path),
            "--agency",
            people.slug,
            stderr=err,
        )
    assert (
        "Line 2, column liaison: “Pat Other” is not the name of a liaison recorded here."
        in err.getvalue()
    )


def test_a_wrong_code_is_answered_with_the_codes_that_are_known(tmp_path, people):
    """Found by importing from the page: "“street” is not one of the known codes", and
    neither the page nor the message said which codes are known."""
    text = HEADER + "2026-08-01,Lía Ortega,street,reporting;crime,es,no,Nobody,no\n"
    path = tmp_path / "c.csv"
    path.write_text(text)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "outreach", "import", "contacts", str(path), "--agency", people.slug,
            stderr=err,
        )  # fmt: skip
    problems = err.getvalue()
    settings = ", ".join(sorted(Setting.values))
    topics = ", ".join(sorted(Topic.values))
    assert (
        f"column setting: “street” is not one of the known codes: {settings}."
        in problems
    )
    assert (
        f"column topics: “crime” is not one of the known codes: {topics}." in problems
    )
    assert (
        "column partner: “Nobody” is not the name of a partner organization" in problems
    )


def test_a_column_for_a_resident_is_refused(tmp_path, people):
    text = "date,liaison,setting,topics,language,resident_name\n2026-08-01,Lía Ortega,faith,reporting,es,Jane\n"
    with pytest.raises(CommandError, match="unknown columns: resident_name"):
        _import(tmp_path, "contacts", text, people)
    assert not CommunityContact.objects.exists()


def _workbook(tmp_path, rows, *, merge=None):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    path = tmp_path / "contacts.xlsx"
    book.save(path)
    return path


def test_xlsx_with_real_dates(tmp_path, people):
    path = _workbook(tmp_path, [["date", "liaison", "setting", "topics", "language"],
                                [date(2026, 8, 1), "Lía Ortega", "school", "prevention", "vi"]])  # fmt: skip
    call_command(
        "outreach",
        "import",
        "contacts",
        str(path),
        "--agency",
        people.slug,
        stdout=StringIO(),
    )
    assert CommunityContact.objects.get().date == date(2026, 8, 1)


@pytest.mark.parametrize(
    ("rows", "merge", "message"),
    [
        ([["date", "liaison", "setting", "topics", "language"],
          ["2026-08-01", "Lía Ortega", "school", "prevention", "=LOWER(\"ES\")"]], None, "formulas"),
        ([["date", "liaison", "setting", "topics", "language"],
          ["2026-08-01", "Lía Ortega", "school", "prevention", "es"],
          ["2026-08-02", "", "school", "prevention", "es"]], "B2:B3", "merged cells"),
    ],
)  # fmt: skip
def test_xlsx_formulas_and_merged_cells_are_refused(
    tmp_path, people, rows, merge, message
):
    path = _workbook(tmp_path, rows, merge=merge)
    with pytest.raises(CommandError, match=message):
        call_command(
            "outreach", "import", "contacts", str(path), "--agency", people.slug
        )
    assert not CommunityContact.objects.exists()


def test_events_import(tmp_path, people):
    upcoming = (timezone.localdate() + timedelta(days=10)).isoformat()
    text = (
        "date,kind,title,place,languages,interpretation_provided,partners,attendance,follow_ups\n"
        "2026-08-01,forum,Safety forum,Library,es;en,yes,Casa Latina (fictional),55,3\n"
        f"{upcoming},festival,Fair booth,Park,Somali,no,,,\n"
    )
    out, _err = _import(tmp_path, "events", text, people)
    assert "Imported 2 events" in out
    forum = Event.objects.get(title="Safety forum")
    assert (forum.languages, forum.attendance, forum.follow_ups, forum.interpretation_provided) == (
        ["en", "es"], 55, 3, True,
    )  # fmt: skip
    assert [p.name for p in forum.partners.all()] == ["Casa Latina (fictional)"]
    assert Event.objects.get(title="Fair booth").languages == ["so"]


def test_events_import_errors(tmp_path, people):
    upcoming = (timezone.localdate() + timedelta(days=10)).isoformat()
    text = (
        "date,kind,title,place,languages,attendance\n"
        "2026-08-01,rave,,Library,es,-4\n"
        f"{upcoming},forum,Forum,Park,es,30\n"
    )
    with pytest.raises(CommandError, match="4 problems in 2 rows"):
        _import(tmp_path, "events", text, people)
    assert not Event.objects.exists()


def test_the_upload_page_lists_problems_in_spanish(
    client,
    people,
    admin_a,
    member_b,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    with override("es"):
        url = reverse("outreach:import", kwargs={"slug": people.slug})
    text = HEADER + "2026-08-01,Nadie,faith,reporting,es,no,,no\n"
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    client.force_login(admin_a)
    upload = SimpleUploadedFile("contacts.csv", text.encode(), content_type="text/csv")
    # The upload answers with the job's page; the import runs once the upload commits
    # (on a worker, or here in the process when no broker is configured).
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            url, {"kind": "contacts", "file": upload}, HTTP_ACCEPT_LANGUAGE="es"
        )
    job = ImportJob.objects.get()
    assert page["Location"] == reverse(
        "outreach:import_job", kwargs={"slug": people.slug, "job": job.uuid}
    ).replace("/en/", "/es/")
    html = client.get(page["Location"]).content.decode()
    assert "No se importó nada" in html and "Nadie" in html
    assert not CommunityContact.objects.exists()
    assert not job.files, "the uploaded copy is deleted once imported"
    client.force_login(member_b)
    assert client.get(page["Location"]).status_code == 404
    client.force_login(admin_a)
    good = SimpleUploadedFile(
        "contacts.csv",
        (HEADER + "2026-08-01,Lía Ortega,faith,reporting,es,no,,no\n").encode(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "contacts", "file": good})
    assert response.status_code == 302 and CommunityContact.objects.count() == 1
    done = client.get(response["Location"]).content.decode()
    assert "Imported 1 row." in done or "Se importó 1 fila." in done


def test_an_import_job_runs_once_however_often_its_task_arrives(
    people, admin_a, settings, tmp_path
):
    from puente.outreach import jobs

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(
        "contacts.csv",
        (HEADER + "2026-08-01,Lía Ortega,faith,reporting,es,no,,no\n").encode(),
    )
    job = jobs.import_job_create(
        actor=admin_a, agency=people, kind="contacts", upload=upload
    )
    assert job.status == ImportJob.Status.QUEUED and job.files
    assert jobs.import_job_run(job_id=job.pk).status == ImportJob.Status.DONE
    assert jobs.import_job_run(job_id=job.pk) is None
    assert CommunityContact.objects.count() == 1

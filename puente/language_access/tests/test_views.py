"""The language-access pages: who may see and change what, and what they show."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override

from puente.agencies.models import WorkforceLanguage
from puente.audit.models import AuditEvent
from puente.language_access import services
from puente.language_access.census import DATA_DIR, AcsError
from puente.language_access.models import (
    CensusImportJob,
    Jurisdiction,
    Translation,
    VitalDocument,
)

pytestmark = pytest.mark.django_db
C_STATE = "acs1_2018_C16001_state.csv"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _import(agency, geoids=("27",), name=C_STATE):
    return services.jurisdictions_import(
        actor=None,
        agency=agency,
        files=[(name, (DATA_DIR / name).read_bytes())],
        geoids=list(geoids),
    )


@pytest.fixture
def register_a(agency_a):
    _import(agency_a)
    complaint = services.vital_document_create(
        actor=None, agency=agency_a, kind=VitalDocument.Kind.COMPLAINT_FORM
    )
    notice = services.vital_document_create(
        actor=None, agency=agency_a, kind=VitalDocument.Kind.LANGUAGE_ASSISTANCE
    )
    translation = services.translation_upload(
        actor=None,
        document=complaint,
        language="es",
        translated_on=date(2025, 5, 1),
        reviewed_by="Certified interpreter",
        data=b"Formulario de quejas\n",
        filename="queja.txt",
    )
    return complaint, notice, translation


def _urls(agency, register):
    complaint, _notice, translation = register
    slug = agency.slug
    return [
        reverse("language_access:overview", args=[slug]),
        reverse("language_access:export_csv", args=[slug]),
        reverse("language_access:plan_pdf", args=[slug]),
        reverse("language_access:download_translation", args=[slug, translation.uuid]),
    ]


def _write_urls(agency, register):
    complaint = register[0]
    return [
        reverse("language_access:import_acs", args=[agency.slug]),
        reverse("language_access:add_document", args=[agency.slug]),
        reverse(
            "language_access:upload_translation", args=[agency.slug, complaint.uuid]
        ),
    ]


def test_a_member_sees_the_page_with_chart_table_matrix_and_gaps(
    client, member_a, agency_a, register_a
):
    WorkforceLanguage.objects.create(
        agency=agency_a, language="es", level="fluent", staff=4
    )
    client.force_login(member_a)
    response = client.get(reverse("language_access:overview", args=[agency_a.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "Data table:" in page
    assert "78,803" in page  # Spanish LEP persons in Minnesota
    assert "group of languages" in page  # aggregate groups are flagged
    assert "Gap" in page
    assert "Translated" in page
    # Vietnamese, Chinese... are required but the register has no translation in them.
    assert "Vietnamese: Complaint form; Notice of free language assistance" in page
    assert "Example figures" not in page


def test_every_read_answers_404_to_another_agency(
    client, member_b, agency_a, register_a
):
    # Bob is a member of agency B only: nothing of A's exists for him.
    client.force_login(member_b)
    for url in _urls(agency_a, register_a) + _write_urls(agency_a, register_a):
        assert client.get(url).status_code == 404, url


def test_outsiders_get_404_and_anonymous_visitors_are_sent_to_sign_in(
    client, outsider, agency_a, register_a
):
    for url in _urls(agency_a, register_a):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]
    client.force_login(outsider)
    for url in _urls(agency_a, register_a):
        assert client.get(url).status_code == 404


def test_the_viewer_reads_but_gets_403_on_uploads(
    client, viewer_a, agency_a, register_a
):
    # Vera is read-only: she may read, export and download, never change.
    client.force_login(viewer_a)
    for url in _urls(agency_a, register_a):
        assert client.get(url).status_code == 200, url
    for url in _write_urls(agency_a, register_a):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_a_download_of_another_agencys_translation_is_404_even_in_ones_own_workspace(
    client, member_b, agency_a, agency_b, register_a
):
    translation = register_a[2]
    client.force_login(member_b)
    url = reverse(
        "language_access:download_translation", args=[agency_b.slug, translation.uuid]
    )
    assert client.get(url).status_code == 404


def test_reads_refuse_other_methods(client, member_a, agency_a, register_a):
    client.force_login(member_a)
    for url in _urls(agency_a, register_a):
        assert client.post(url).status_code == 405


def test_the_export_and_the_plan(client, member_a, agency_a, register_a):
    client.force_login(member_a)
    csv = client.get(reverse("language_access:export_csv", args=[agency_a.slug]))
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("geoids,label,language,speakers,lep")
    assert lines[1].startswith("0400000US27,Spanish,es,211571,78803,5599,")
    pdf = client.get(reverse("language_access:plan_pdf", args=[agency_a.slug]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_download_is_an_attachment_that_cannot_run_script(
    client, member_a, agency_a, register_a
):
    client.force_login(member_a)
    url = reverse(
        "language_access:download_translation", args=[agency_a.slug, register_a[2].uuid]
    )
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"Formulario de quejas\n"


def test_a_staff_member_imports_acs_files_all_or_nothing(
    client, member_a, member_b, viewer_a, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    url = reverse("language_access:import_acs", args=[agency_a.slug])
    data = (DATA_DIR / C_STATE).read_bytes()
    # The upload answers with the job's page at once; the import runs after commit.
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            url, {"files": SimpleUploadedFile(C_STATE, data), "geoids": "27, 19"}
        )
    job = CensusImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "language_access:import_job", args=[agency_a.slug, job.uuid]
    )
    waiting = client.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in waiting and "Check again" in waiting
    assert not agency_a.jurisdictions.exists()
    # Staff of another agency cannot see the job, not even that it exists.
    client.force_login(member_b)
    assert client.get(response["Location"]).status_code == 404
    # A read-only member may not import, so may not follow an import either.
    client.force_login(viewer_a)
    assert client.get(response["Location"]).status_code == 403
    client.force_login(member_a)

    for callback in queued:
        callback()
    done = client.get(response["Location"]).content.decode()
    assert "Imported the figures of 2 geographies." in done
    assert "Read as CSV text in UTF-8, with commas between columns." in done
    assert sorted(agency_a.jurisdictions.values_list("geoid", flat=True)) == [
        "0400000US19",
        "0400000US27",
    ]
    assert AuditEvent.objects.filter(agency=agency_a, action="import").count() == 1
    assert not CensusImportJob.objects.get().files, "the uploads are not kept"
    # The import page lists recent imports with a link to each job's page.
    assert f'href="{response["Location"]}"' in client.get(url).content.decode()

    # One GEOID missing: nothing changes, and the job page says why, in Spanish for a
    # Spanish reader.
    with override("es"):
        url = reverse("language_access:import_acs", args=[agency_a.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"files": SimpleUploadedFile(C_STATE, data), "geoids": "27 98"}
        )
    page = client.get(response["Location"]).content.decode()
    assert "98" in page and "No se importó nada" in page
    assert agency_a.jurisdictions.count() == 2


def test_the_import_refuses_a_suppressed_population(agency_a):
    with pytest.raises(AcsError, match="suppressed"):
        _import(agency_a, geoids=["27", "56"])
    assert not Jurisdiction.objects.exists()


def test_a_staff_member_adds_documents_and_translations(client, member_a, agency_a):
    _import(agency_a)
    client.force_login(member_a)
    response = client.post(
        reverse("language_access:add_document", args=[agency_a.slug]),
        {"kind": "other", "title": ""},
    )
    assert response.status_code == 200  # the agency's own documents need a title
    response = client.post(
        reverse("language_access:add_document", args=[agency_a.slug]),
        {"kind": "other", "title": "Hate-crime reporting card"},
    )
    assert response.status_code == 302
    document = VitalDocument.objects.get(agency=agency_a)
    url = reverse(
        "language_access:upload_translation", args=[agency_a.slug, document.uuid]
    )
    assert client.get(url + "?language=vi").status_code == 200
    fields = {"language": "vi", "translated_on": "2025-06-01", "reviewed_by": "Liaison"}
    # A PDF's bytes named .txt are refused by content.
    response = client.post(
        url, {**fields, "file": SimpleUploadedFile("card.txt", b"%PDF-1.4 junk")}
    )
    assert response.status_code == 200
    assert not Translation.objects.exists()
    response = client.post(
        url, {**fields, "file": SimpleUploadedFile("card.txt", "Thẻ báo cáo".encode())}
    )
    assert response.status_code == 302
    translation = Translation.objects.get()
    assert (translation.language, translation.reviewed_by) == ("vi", "Liaison")
    # A second upload in the same language replaces the first.
    response = client.post(
        url, {**fields, "file": SimpleUploadedFile("card2.txt", b"Version 2")}
    )
    assert response.status_code == 302
    assert Translation.objects.get().filename == "card2.txt"


def test_the_notice_outcome_requires_only_the_language_assistance_notice(agency_a):
    from puente.language_access.selectors import agency_analysis, coverage

    # 5% of Wyoming-sized numbers is not available; build a tiny jurisdiction instead.
    jurisdiction = Jurisdiction.objects.create(
        agency=agency_a, geoid="1600000US9999999", name="Tiny", table="C16001",
        vintage=2018, population_5_plus=900,
    )  # fmt: skip
    jurisdiction.figures.create(position=0, label="Vietnamese", speakers=60, very_well=15, lep=45, lep_moe=10)  # fmt: skip
    for kind in (
        VitalDocument.Kind.COMPLAINT_FORM,
        VitalDocument.Kind.LANGUAGE_ASSISTANCE,
    ):
        services.vital_document_create(actor=None, agency=agency_a, kind=kind)
    analysis = agency_analysis(agency=agency_a)
    assert analysis.groups[0].outcome == "notice"
    assert analysis.groups[0].near_threshold is True  # 35..55 spans 45 and 50
    result = coverage(agency=agency_a, analysis=analysis)
    assert [(r.language, d.kind) for r, d in result.gaps] == [
        ("vi", VitalDocument.Kind.LANGUAGE_ASSISTANCE)
    ]


def test_the_dashboard_links_to_language_access(client, member_a, agency_a):
    client.force_login(member_a)
    page = client.get(
        reverse("insights_workspace:agency_dashboard", args=[agency_a.slug])
    ).content.decode()
    assert reverse("language_access:overview", args=[agency_a.slug]) in page


def test_the_page_works_before_any_import(client, member_a, agency_a):
    client.force_login(member_a)
    response = client.get(reverse("language_access:overview", args=[agency_a.slug]))
    assert response.status_code == 200
    assert "No Census figures have been imported yet." in response.content.decode()


def test_the_page_in_spanish(client, member_a, agency_a, register_a):
    client.force_login(member_a)
    response = client.get(f"/es/workspace/{agency_a.slug}/language-access/")
    assert response.status_code == 200
    assert "Acceso lingüístico" in response.content.decode()


def test_translations_and_documents_are_deleted_with_their_files(
    client, member_a, member_b, viewer_a, agency_a, register_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    complaint, _notice, translation = register_a
    path = translation.file.path
    slug = agency_a.slug
    detail = reverse("language_access:document_detail", args=[slug, complaint.uuid])
    delete_translation = reverse(
        "language_access:delete_translation", args=[slug, translation.uuid]
    )
    delete_document = reverse(
        "language_access:delete_document", args=[slug, complaint.uuid]
    )
    client.force_login(member_b)
    assert client.get(detail).status_code == 404
    assert client.post(delete_translation).status_code == 404
    assert client.post(delete_document).status_code == 404
    client.force_login(viewer_a)
    assert client.get(detail).status_code == 200
    assert client.post(delete_translation).status_code == 403
    client.force_login(member_a)
    page = client.get(detail).content.decode()
    assert "queja.txt" in page and "Certified interpreter" in page
    edit = reverse("language_access:edit_document", args=[slug, complaint.uuid])
    response = client.post(
        edit, {"title": "Complaint form (2025 edition)", "description": "Front desk"}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.title, complaint.description) == (
        "Complaint form (2025 edition)",
        "Front desk",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete_translation).status_code == 302
    assert not Translation.objects.filter(pk=translation.pk).exists()
    assert not Path(path).exists()
    assert client.post(delete_document).status_code == 302
    assert not VitalDocument.objects.filter(pk=complaint.pk).exists()
    assert AuditEvent.objects.filter(
        action="delete", object_type="language_access.vitaldocument"
    ).exists()

"""Responses collected on paper, in KoboToolbox or in ODK Central, uploaded from the
campaign's page (issue 13): the upload answers with the job page at once, a worker
imports the file, and the job page shows the result; another program's job is 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override

from puente.agencies.tests.factories import ProgramMembershipFactory
from puente.assessments.models import Response, ResponseImportJob
from puente.assessments.services import campaign_create
from puente.assessments.tests.test_response_import_layouts import KOBO

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(program, agency_context):
    return campaign_create(
        program=program, instrument=agency_context, slug="kobo-2026", name="Kobo 2026"
    )


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_upload_answers_with_the_job_page_then_the_worker_imports(
    client, evaluator, campaign, montgomery, django_capture_on_commit_callbacks
):
    url = reverse(
        "assessments:import_responses", args=[campaign.program.slug, campaign.slug]
    )
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url, {"file": _upload("kobo.csv", KOBO.read_bytes())})
    job = ResponseImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assessments:import_responses_job",
        args=[campaign.program.slug, campaign.slug, job.uuid],
    )
    waiting = client.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in waiting and not Response.objects.exists()

    for callback in queued:
        callback()
    done = client.get(response["Location"]).content.decode()
    assert "Imported 1 response and scored the campaign." in done
    assert "Metadata columns ignored: start, end, _id, _uuid" in done
    assert "Read as CSV text in UTF-8, with commas between columns." in done
    assert Response.objects.get().agency == montgomery
    assert not ResponseImportJob.objects.get().files, "the upload is not kept"


def test_problems_are_listed_row_by_row_in_the_readers_language(
    client, evaluator, campaign, montgomery, django_capture_on_commit_callbacks
):
    with override("es"):
        url = reverse(
            "assessments:import_responses", args=[campaign.program.slug, campaign.slug]
        )
    text = KOBO.read_text(encoding="utf-8").replace("AL0430200", "XX9999999")
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": _upload("kobo.csv", text.encode())})
    page = client.get(response["Location"]).content.decode()
    assert "No se importó nada" in page
    assert "<td>2</td><td>agency</td>" in page and "XX9999999" in page
    assert not Response.objects.exists()


def test_another_programs_evaluator_gets_404(
    client, evaluator, campaign, django_capture_on_commit_callbacks
):
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse(
                "assessments:import_responses",
                args=[campaign.program.slug, campaign.slug],
            ),
            {"file": _upload("kobo.csv", KOBO.read_bytes())},
        )
    stranger = ProgramMembershipFactory().user
    client.force_login(stranger)
    assert client.get(response["Location"]).status_code == 404
    assert (
        client.post(
            reverse(
                "assessments:import_responses",
                args=[campaign.program.slug, campaign.slug],
            ),
            {"file": _upload("kobo.csv", KOBO.read_bytes())},
        ).status_code
        == 404
    )
    assert ResponseImportJob.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(
    client, evaluator, campaign
):
    client.force_login(evaluator)
    response = client.post(
        reverse(
            "assessments:import_responses", args=[campaign.program.slug, campaign.slug]
        ),
        {"file": _upload("notes.txt", b"hello")},
    )
    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert not ResponseImportJob.objects.exists()

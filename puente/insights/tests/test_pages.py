"""Who sees what, publishing, consent, the report as PDF and HTML (English and Spanish),
and campaigns with nothing or little to show."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from puente.agencies.tests.factories import (
    MembershipFactory,
    ProgramMembershipFactory,
)
from puente.assessments.models import Campaign, CampaignAgency, Response
from puente.audit.models import AuditEvent
from puente.insights.models import Publication
from puente.insights.services import campaign_publish

pytestmark = pytest.mark.django_db
LIAISON = {"out_liaison": "yes", "mon_written_policy": "no"}
SECTIONS_EN = ["Contents", "Method", "The eight principles", "Agency profiles",
               "National trends", "Map of respondents", "Glossary", "Resources"]  # fmt: skip
SECTIONS_ES = ["Contenido", "Método", "Los ocho principios", "Perfiles de agencias",
               "Tendencias nacionales", "Mapa de las agencias participantes", "Glosario", "Recursos"]  # fmt: skip


def _url(name, campaign, **kwargs):
    return reverse(f"insights:{name}", kwargs={"campaign": campaign.slug, **kwargs})


@pytest.fixture
def filled(build):
    for n in range(12):
        build.add(
            answers=LIAISON, police={"train": 40 + n}, partner={"train": 30},
            consent=n < 3, stage="selected" if n < 2 else "surveyed",
            name=f"Agency {n:02d} PD (fictional)",
        )  # fmt: skip
    return build.campaign


def test_before_publishing_only_the_programs_members_see_it(
    client, filled, evaluator, member_a, outsider
):
    url = _url("trends", filled)
    assert client.get(url).status_code == 404  # anonymous
    other = ProgramMembershipFactory(user__email="otto@other.example").user
    for user in (other, member_a, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.get(_url("report_download", filled, fmt="pdf")).status_code == 404
        assert (
            client.get(_url("open_data_table", filled, table="principles")).status_code
            == 404
        )
    client.force_login(evaluator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Not published" in response.content.decode()


def test_once_published_everyone_may_read_it(client, filled):
    campaign_publish(campaign=filled)
    for name, extra in (
        ("trends", {}), ("report", {}), ("open_data", {}),
        ("report_download", {"fmt": "html"}),
    ):  # fmt: skip
        assert client.get(_url(name, filled, **extra)).status_code == 200, name
    assert "National 2025" in client.get(reverse("insights:index")).content.decode()


def test_the_evaluator_publishes_a_closed_campaign_and_it_is_audited(
    client, filled, evaluator, member_a
):
    url = _url("publish", filled)
    assert client.put(url).status_code == 405
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(member_a)
    assert client.post(url).status_code == 404
    client.force_login(evaluator)
    # The button leads to a page that says what becomes public and asks.
    asked = client.get(url).content.decode()
    assert "Anyone will be able to read" in asked
    assert not Publication.objects.filter(campaign=filled).exists()
    client.post(url)
    assert Publication.objects.filter(campaign=filled).exists()
    assert AuditEvent.objects.filter(
        object_type="insights.publication", actor=evaluator, action="create"
    ).exists()
    assert "stop being public" in client.get(url).content.decode()
    client.post(url)
    assert not Publication.objects.filter(campaign=filled).exists()
    assert AuditEvent.objects.filter(
        object_type="insights.publication", action="delete"
    ).exists()


def test_an_open_campaign_cannot_be_published(client, filled, evaluator):
    Campaign.objects.filter(pk=filled.pk).update(status=Campaign.Status.OPEN)
    client.force_login(evaluator)
    response = client.post(_url("publish", filled), follow=True)
    assert "Only a closed campaign can be published." in response.content.decode()
    assert not Publication.objects.exists()


def test_a_campaign_nobody_answered_cannot_be_published(client, filled, evaluator):
    Response.objects.filter(campaign=filled).delete()
    client.force_login(evaluator)
    asked = client.get(_url("publish", filled)).content.decode()
    assert "No agency has responded: there are no findings to publish." in asked
    response = client.post(_url("publish", filled), follow=True)
    assert "No agency has responded" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_evaluator_records_consent_and_it_is_audited(
    client, filled, evaluator, viewer_a
):
    entry = CampaignAgency.objects.filter(
        campaign=filled, consent_to_publish=False
    ).first()
    url = reverse(
        "assessments:set_consent",
        kwargs={
            "slug": filled.program.slug,
            "campaign": filled.slug,
            "agency": entry.agency.slug,
        },
    )
    client.force_login(viewer_a)  # a member of an agency, not of the program
    assert client.post(url, {"consent": "yes"}).status_code == 404
    client.force_login(evaluator)
    listing = reverse(
        "assessments:consent_list",
        kwargs={"slug": filled.program.slug, "campaign": filled.slug},
    )
    assert entry.agency.name in client.get(listing).content.decode()
    client.post(url, {"consent": "yes"})
    entry.refresh_from_db()
    assert entry.consent_to_publish
    event = AuditEvent.objects.get(
        object_type="assessments.campaignagency", object_id=str(entry.pk)
    )
    assert (
        event.changes == {"consent_to_publish": [False, True]}
        and event.actor == evaluator
    )


def test_profiles_page_only_for_selected_agencies_that_agreed(client, filled):
    campaign_publish(campaign=filled)
    entries = CampaignAgency.objects.filter(
        campaign=filled, stage="selected"
    ).select_related("agency")
    agreed = entries.get(agency__name="Agency 00 PD (fictional)")
    CampaignAgency.objects.filter(
        pk=entries.get(agency__name="Agency 01 PD (fictional)").pk
    ).update(consent_to_publish=False)
    assert (
        client.get(_url("profile", filled, agency=agreed.agency.slug)).status_code
        == 200
    )
    assert client.get(_url("profile", filled, agency="agency-01")).status_code == 404
    declined = entries.get(agency__name="Agency 01 PD (fictional)").agency
    assert client.get(_url("profile", filled, agency=declined.slug)).status_code == 404
    page = client.get(_url("trends", filled)).content.decode()
    assert "Agency 01 PD" not in page and "Agency 05 PD" not in page


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_report_has_every_section_and_a_table_of_contents(filled, tmp_path):
    output = tmp_path / "report.pdf"
    call_command(
        "insights", "report", "--campaign", filled.slug, "--format", "pdf",
        "--output", str(output), verbosity=0,
    )  # fmt: skip
    pages, text = _pdf_text(output.read_bytes())
    assert pages > 5
    for section in SECTIONS_EN:
        assert section in text, section
    toc = PdfReader(str(output)).pages[0].extract_text()
    assert "Method ..." in toc.replace("\n", " ") or "Method ." in toc
    assert "Agency 00 PD (fictional)" in text  # selected and agreed: profiled
    assert "Agency 05 PD" not in text


def test_the_report_in_spanish(filled, tmp_path):
    output = tmp_path / "informe.pdf"
    call_command(
        "insights", "report", "--campaign", filled.slug, "--format", "pdf",
        "--language", "es", "--output", str(output), verbosity=0,
    )  # fmt: skip
    _pages, text = _pdf_text(output.read_bytes())
    for section in SECTIONS_ES:
        assert section in text, section
    html = tmp_path / "informe.html"
    call_command(
        "insights", "report", "--campaign", filled.slug, "--format", "html",
        "--language", "es", "--output", str(html), verbosity=0,
    )  # fmt: skip
    content = html.read_text(encoding="utf-8")
    assert '<html lang="es">' in content and "Glosario" in content
    assert "<svg" in content and 'role="img"' in content


def test_spanish_pages(client, filled):
    campaign_publish(campaign=filled)
    with translation.override("es"):
        url = _url("trends", filled)
    page = client.get(url).content.decode()
    assert url.startswith("/es/") and "Tendencias nacionales" in page
    assert "Mapa de las agencias participantes" in page


def test_a_campaign_without_responses_still_builds_and_says_so(build, tmp_path):
    build.add()
    build.add(state="TX")
    output = tmp_path / "empty.pdf"
    call_command(
        "insights", "report", "--campaign", build.campaign.slug, "--format", "pdf",
        "--output", str(output), verbosity=0,
    )  # fmt: skip
    _pages, text = _pdf_text(output.read_bytes())
    assert "No agency has responded to this campaign yet" in text.replace("\n", " ")
    assert "no profiles" in text


def test_only_small_cells_and_missing_coordinates_are_reported(build):
    from puente.insights import report

    for n in range(5):
        build.add(
            answers=LIAISON, police={"train": 50}, consent=True,
            coordinates=None if n == 0 else (Decimal("30.2"), Decimal("-97.7")),
        )  # fmt: skip
    html = report.report_html(campaign=build.campaign)
    assert "Fewer than 11 agencies have scores" in html
    assert "Fewer than 11 agencies answered this question" in html
    assert "1 named respondent has no coordinates in the registry" in html
    assert "Too few agencies to show: MN" in html


def test_workspace_members_of_a_participating_agency_do_not_see_an_unpublished_campaign(
    client, filled, agency_a
):
    member = MembershipFactory(agency=agency_a).user
    client.force_login(member)
    assert client.get(_url("report", filled)).status_code == 404


def test_the_published_pdf_is_rendered_once_kept_on_s3_and_again_when_data_change(
    client, filled, s3_storage, monkeypatch, django_capture_on_commit_callbacks
):
    from puente.insights import report
    from puente.tests.s3 import keys

    campaign_publish(campaign=filled)
    renders = []
    real = report.report_pdf
    monkeypatch.setattr(
        report, "report_pdf", lambda **kw: renders.append(kw) or real(**kw)
    )
    url = _url("report_download", filled, fmt="pdf")
    # Three visitors before the PDF exists: each is asked to come back, one render is
    # queued (it runs on a worker; here, when the callbacks run).
    with django_capture_on_commit_callbacks(execute=True) as queued:
        for _visitor in range(3):
            waiting = client.get(url)
            assert waiting.status_code == 202 and waiting["Retry-After"] == "30"
            assert "being prepared" in waiting.content.decode()
    assert len(queued) == 1 and len(renders) == 1
    for _visitor in range(3):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert len(renders) == 1
    assert [k for k in keys(s3_storage) if k.startswith(f"reports/{filled.pk}/")]
    # A change that shows in the report (agencies withdraw their consent to be named)
    # gives the PDF a new name: the next visitor triggers a fresh render.
    CampaignAgency.objects.filter(campaign=filled, consent_to_publish=True).update(
        consent_to_publish=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 202
    assert client.get(url).status_code == 200
    assert len(renders) == 2 and len(keys(s3_storage)) == 2


def test_the_map_key_has_its_colours_and_findings_are_in_the_menu(client):
    import re as _re
    from pathlib import Path

    from puente.insights.charts import rate_legend

    css = (
        Path(__file__).resolve().parents[2] / "static/puente/css/puente.css"
    ).read_text()
    for index, (color, _meaning) in enumerate(rate_legend()):
        rule = _re.search(rf"\.swatch-{index} {{ background: (#[0-9a-f]{{6}}); }}", css)
        assert rule and rule.group(1) == color.lower(), index
    home = client.get("/").content.decode()
    assert f'href="{reverse("insights:index")}"' in home


def test_with_workers_publishing_renders_each_languages_pdf_after_commit(
    client, filled, evaluator, settings, django_capture_on_commit_callbacks
):
    """With a broker the report's PDFs are queued for the workers as the publication
    commits, so no visitor waits for a render; without one (the demo) nothing is
    queued and the first download renders it."""
    client.force_login(evaluator)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks() as queued:
        client.post(_url("publish", filled))
    assert _pdf_renders(queued) == [(filled.pk, "en"), (filled.pk, "es")]
    client.post(_url("publish", filled))  # withdrawn
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks() as queued:
        client.post(_url("publish", filled))
    assert Publication.objects.filter(campaign=filled).exists()
    assert _pdf_renders(queued) == []


def _pdf_renders(callbacks) -> list[tuple]:
    """The (campaign id, language) of each report render among on-commit callbacks."""
    return sorted(
        callback.args
        for callback in callbacks
        if getattr(getattr(callback, "func", None), "__self__", None) is not None
        and callback.func.__self__.name == "puente.insights.tasks.report_pdf_render"
    )

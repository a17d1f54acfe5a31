"""Filing on the portal: named or anonymous, in the resident's language, a case number
and a private status link; nothing about immigration status, nothing of the visitor's
connection, nothing of the resident in any log."""

import logging

import pytest
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.PUENTE_FEEDBACK_MIN_SECONDS = 0


def _form(client, language, slug):
    response = client.get(f"/{language}/agencies/{slug}/complaints/new/")
    assert response.status_code == 200
    return response, response.context["token"]


def _file(client, slug, language="es", **data):
    _response, token = _form(client, language, slug)
    payload = {
        "kind": "complaint",
        "what_happened": "El agente no quiso llamar a un intérprete.",
        "token": token,
        **data,
    }
    return client.post(f"/{language}/agencies/{slug}/complaints/new/", payload)


def test_the_form_never_asks_about_immigration_status(client, agency_a):
    response, _token = _form(client, "es", agency_a.slug)
    html = response.content.decode().lower()
    assert response["Content-Language"] == "es"
    for word in ("immigration status", "citizenship", "citizen", "visa", "ciudadan"):
        assert f'name="{word}' not in html
    assert set(response.context["form"].fields) == {
        "kind", "what_happened", "occurred_on", "place", "officers",
        "contact_name", "contact_email", "contact_phone",
    }  # fmt: skip
    assert "<script" not in html


def test_an_anonymous_complaint_gets_a_case_number_and_a_private_link(
    client, agency_a, caplog
):
    caplog.set_level(logging.DEBUG)
    response = _file(client, agency_a.slug, place="Calle 5 y Main")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert response.url.startswith(f"/es/agencies/{agency_a.slug}/complaints/")
    token = response.url.split("/")[-2]
    assert complaint.token_hash != token and len(token) >= 32
    assert (complaint.language, complaint.contact_email) == ("es", "")
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert complaint.case_number in html
    assert "Recibido" in html
    # The status page never shows what the resident wrote.
    assert "intérprete" not in html
    assert page["Cache-Control"] == "private, no-store"
    # Nothing of the resident in the log records or the audit log.
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "intérprete" not in logged and "Calle 5" not in logged
    event = AuditEvent.objects.get(object_type="complaints.complaint")
    assert event.object_repr == complaint.case_number
    assert "intérprete" not in str(event.changes) and event.actor is None


def test_a_named_complaint_keeps_the_contact_the_resident_gave(client, agency_a):
    _file(
        client, agency_a.slug, language="ar", kind="commendation",
        contact_name="Amal", contact_email="amal@example.org",
        what_happened="شكرا للضابط",
    )  # fmt: skip
    complaint = Complaint.objects.get()
    assert (complaint.kind, complaint.language) == ("commendation", "ar")
    assert complaint.contact_email == "amal@example.org"


def test_identity_numbers_in_what_happened_are_removed_before_storing(client, agency_a):
    """An A-number would tell staff the resident's immigration history; an SSN or phone
    number in the free text is not needed to look into a complaint (issue 14)."""
    _file(
        client, agency_a.slug, language="es",
        what_happened="Mi A-number es A123456789, SSN 123-45-6789, llamen al 555-201-0199.",
        contact_phone="555-201-0199",
    )  # fmt: skip
    complaint = Complaint.objects.get()
    assert "123456789" not in complaint.what_happened
    assert "123-45-6789" not in complaint.what_happened
    assert "201-0199" not in complaint.what_happened
    assert complaint.what_happened.count("[■■■]") == 3
    # The contact the resident chose to give stays, so the agency can answer.
    assert complaint.contact_phone == "555-201-0199"


def test_bad_input_gets_an_error_in_the_residents_language_and_keeps_the_text(
    client, agency_a
):
    response = _file(
        client, agency_a.slug, contact_email="not-an-address",
        occurred_on="2999-01-01",
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "El agente no quiso llamar" in html
    assert Complaint.objects.count() == 0
    assert response.context["form"].errors.keys() == {"contact_email", "occurred_on"}
    response = _file(client, agency_a.slug, what_happened="")
    assert response.status_code == 400 and Complaint.objects.count() == 0


def test_the_same_form_sent_twice_files_one_case(client, agency_a):
    _response, token = _form(client, "es", agency_a.slug)
    data = {"kind": "complaint", "what_happened": "Dos veces", "token": token}
    url = f"/es/agencies/{agency_a.slug}/complaints/new/"
    client.post(url, data)
    client.post(url, data)
    assert Complaint.objects.count() == 1


def test_case_numbers_count_up_per_agency(client, agency_a, agency_b):
    _file(client, agency_a.slug)
    _file(client, agency_a.slug)
    _file(client, agency_b.slug)
    numbers = sorted(Complaint.objects.values_list("agency__slug", "case_number"))
    year = numbers[0][1][:4]
    assert numbers == [
        ("alphaville-pd", f"{year}-00001"),
        ("alphaville-pd", f"{year}-00002"),
        ("betatown-so", f"{year}-00001"),
    ]


def test_a_status_link_works_only_for_its_own_agency(client, agency_a, agency_b):
    response = _file(client, agency_a.slug)
    token = response.url.split("/")[-2]
    other = f"/es/agencies/{agency_b.slug}/complaints/{token}/"
    assert client.get(other).status_code == 404
    assert (
        client.get(f"/es/agencies/{agency_a.slug}/complaints/nope/").status_code == 404
    )
    assert client.get("/es/agencies/no-such-agency/complaints/new/").status_code == 404


def test_the_status_page_shows_the_reply_in_the_residents_language(
    client, agency_a, member_a
):
    from puente.complaints import services

    response = _file(client, agency_a.slug)
    complaint = Complaint.objects.get()
    services.complaint_reply(
        actor=member_a, complaint=complaint, reply="Gracias, revisamos su caso.",
        language="es", translation="Ana (intérprete certificada)",
    )  # fmt: skip
    services.complaint_update(
        actor=member_a, complaint=complaint, status="closed", assigned_to=None,
        due_on=None, outcome="resolved",
    )  # fmt: skip
    html = client.get(response.url).content.decode()
    assert "Gracias, revisamos su caso." in html
    assert "Ana (intérprete certificada)" in html
    assert "Cerrado" in html and "Resuelto de manera informal" in html


def test_wrong_methods_get_405(client, agency_a):
    assert (
        client.delete(f"/es/agencies/{agency_a.slug}/complaints/new/").status_code
        == 405
    )
    assert (
        client.post(f"/es/agencies/{agency_a.slug}/complaints/abc/").status_code == 405
    )


def test_the_public_results_show_complaint_figures_suppressed(
    client, agency_a, settings
):
    from puente.complaints.tests.factories import ComplaintFactory

    settings.PUENTE_SMALL_CELL = 5
    ComplaintFactory.create_batch(8, agency=agency_a, kind="complaint", language="es")
    ComplaintFactory.create_batch(
        2, agency=agency_a, kind="commendation", language="es"
    )
    response = client.get(reverse("portal:results", args=["en", agency_a.slug]))
    columns = response.context["complaint_columns"]
    ((quarter, cells),) = response.context["complaint_rows"]
    row = dict(zip(columns, cells, strict=True))
    assert row["All"] == 10
    # 2 commendations is a small cell; complementary suppression hides the complaints too.
    assert row["Commendation"] is None and row["Complaint"] is None
    assert row["Spanish"] == 10
    assert "not shown" in response.content.decode()


def test_the_case_number_keeps_its_order_on_a_right_to_left_page(client, agency_a):
    """Found in Arabic at 360 px: "2026-00007" showed as "00007-2026" in the heading."""
    response = _file(client, agency_a.slug, language="ar")
    number = Complaint.objects.get().case_number
    html = client.get(response.url).content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert html.count(f'<bdi dir="ltr">{number}</bdi>') == 2
    # The page title is text, not markup.
    assert "&lt;bdi" not in html


def test_the_private_link_is_written_out_once_to_keep(client, agency_a):
    """Found on a phone: the page said "keep the address of this page" but never showed
    it, and an in-app browser may hide its address bar."""
    response = _file(client, agency_a.slug)
    assert response.url.endswith("?new=1")
    link = "http://testserver" + response.url.removesuffix("?new=1")
    first = client.get(response.url).content.decode()
    assert f'<a href="{link}" dir="ltr">{link}</a>' in first
    assert link not in client.get(link).content.decode()

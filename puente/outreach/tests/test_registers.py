"""Every register, export and report: scoped to the agency, writable only by roles that may
write, and refusing bad input in the user's language with nothing stored."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook
from pypdf import PdfReader

from puente.agencies.models import WorkforceLanguage
from puente.audit.models import AuditEvent
from puente.outreach.models import (
    AdvisoryMeeting,
    AdvisoryMember,
    Agreement,
    Event,
    GoalReport,
    PartnerOrganization,
    Recommendation,
)
from puente.outreach.registers import REGISTERS
from puente.outreach.tests.factories import (
    ContactFactory,
    EventFactory,
    GoalFactory,
    LiaisonFactory,
    MediaFactory,
    PartnerFactory,
    ProgramFactory,
    RecommendationFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db


def _one_of_each(agency):
    """A record in every register, for `agency`."""
    partner = PartnerFactory(agency=agency, contact_name="Rahel Tesfaye")
    program = ProgramFactory(agency=agency)
    goal = GoalFactory(program=program, metric="reported")
    meeting = AdvisoryMeeting.objects.create(agency=agency, date=date(2026, 5, 1))
    return {
        "contacts": ContactFactory(liaison=LiaisonFactory(agency=agency), date=date(2026, 8, 1)),
        "liaisons": LiaisonFactory(agency=agency),
        "partners": partner,
        "agreements": Agreement.objects.create(partner=partner, kind="mou", title="MOU", signed_on=date(2025, 1, 1)),
        "events": EventFactory(agency=agency),
        "media": MediaFactory(agency=agency),
        "trainings": TrainingFactory(agency=agency),
        "workforce": WorkforceLanguage.objects.create(agency=agency, language="es", level="fluent", staff=3),
        "members": AdvisoryMember.objects.create(agency=agency, name="Board Member", joined_on=date(2025, 1, 1)),
        "meetings": meeting,
        "recommendations": RecommendationFactory(agency=agency, meeting=meeting),
        "programs": program,
        "goals": goal,
        "goal-reports": GoalReport.objects.create(goal=goal, quarter="2026Q2", value=4),
    }  # fmt: skip


def test_every_register_is_covered():
    assert set(REGISTERS) == {
        "contacts", "liaisons", "partners", "agreements", "events", "media", "trainings",
        "workforce", "members", "meetings", "recommendations", "programs", "goals", "goal-reports",
    }  # fmt: skip


@pytest.mark.parametrize("key", sorted(REGISTERS))
def test_tenancy_on_every_register(
    client, key, agency_a, agency_b, member_a, member_b, viewer_a
):
    mine = _one_of_each(agency_a)[key]
    theirs = _one_of_each(agency_b)[key]
    kwargs = {"slug": agency_a.slug, "register": key}
    urls = {
        "list": reverse("outreach:register", kwargs=kwargs),
        "csv": reverse(
            "outreach:register_export", kwargs=kwargs | {"file_format": "csv"}
        ),
        "xlsx": reverse(
            "outreach:register_export", kwargs=kwargs | {"file_format": "xlsx"}
        ),
        "edit": reverse("outreach:register_edit", kwargs=kwargs | {"pk": mine.pk}),
    }
    # Another agency's member learns nothing: every page answers 404.
    client.force_login(member_b)
    for url in urls.values():
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("outreach:register_delete", kwargs=kwargs | {"pk": mine.pk})
        ).status_code
        == 404
    )
    # A member of agency A asking for B's record under A's address: 404 as well.
    client.force_login(member_a)
    foreign = reverse("outreach:register_edit", kwargs=kwargs | {"pk": theirs.pk})
    assert client.get(foreign).status_code == 404
    assert (
        client.post(
            reverse("outreach:register_delete", kwargs=kwargs | {"pk": theirs.pk})
        ).status_code
        == 404
    )
    listing = client.get(urls["list"])
    assert listing.status_code == 200
    listed = [obj.pk for obj, _cells in listing.context["rows"]]
    assert mine.pk in listed and theirs.pk not in listed
    assert len(listed) == REGISTERS[key].queryset(agency_a).count()
    export = client.get(urls["csv"]).content.decode("utf-8-sig").splitlines()
    assert len(export) == 1 + len(listed)  # the header and A's records only
    # A viewer reads but cannot write.
    client.force_login(viewer_a)
    assert client.get(urls["list"]).status_code == 200
    assert client.get(urls["edit"]).status_code == 403
    assert (
        client.post(
            reverse("outreach:register_delete", kwargs=kwargs | {"pk": mine.pk})
        ).status_code
        == 403
    )
    assert (
        type(mine).objects.filter(pk=mine.pk).exists()
        and type(theirs).objects.filter(pk=theirs.pk).exists()
    )


def test_dashboard_exports_and_report_are_scoped(
    client, agency_a, agency_b, member_a, member_b
):
    _one_of_each(agency_a)
    urls = [
        reverse("outreach:dashboard", kwargs={"slug": agency_a.slug}),
        reverse(
            "outreach:quarter_export",
            kwargs={"slug": agency_a.slug, "file_format": "csv"},
        ),
        reverse(
            "outreach:quarter_export",
            kwargs={"slug": agency_a.slug, "file_format": "xlsx"},
        ),
        reverse("outreach:quarter_report", kwargs={"slug": agency_a.slug}),
    ]
    client.force_login(member_b)
    for url in urls:
        assert client.get(url, {"quarter": "2026Q3"}).status_code == 404
    client.logout()
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_a_partner_form_cannot_attach_another_agencys_records(
    client, agency_a, agency_b, admin_a
):
    foreign_partner = PartnerFactory(agency=agency_b)
    client.force_login(admin_a)
    url = reverse(
        "outreach:register_add", kwargs={"slug": agency_a.slug, "register": "events"}
    )
    response = client.post(url, {
        "title": "Forum", "kind": "forum", "date": "2026-08-01", "place": "Library",
        "languages": ["es"], "partners": [foreign_partner.pk], "follow_ups": 0,
    })  # fmt: skip
    assert response.status_code == 200
    assert "partners" in response.context["form"].errors
    assert not Event.objects.exists()


def test_create_edit_delete_are_audited(client, agency_a, admin_a):
    client.force_login(admin_a)
    add = reverse(
        "outreach:register_add", kwargs={"slug": agency_a.slug, "register": "partners"}
    )
    response = client.post(add, {"name": "Casa Latina (fictional)", "kind": "social", "status": "active",
                                 "contact_name": "Ana Ruiz"})  # fmt: skip
    assert response.status_code == 302
    partner = PartnerOrganization.objects.get(agency=agency_a)
    edit = reverse(
        "outreach:register_edit",
        kwargs={"slug": agency_a.slug, "register": "partners", "pk": partner.pk},
    )
    client.post(edit, {"name": "Casa Latina (fictional)", "kind": "social", "status": "inactive",
                       "contact_name": "Ana Ruiz"})  # fmt: skip
    partner.refresh_from_db()
    assert partner.inactive_since == timezone.localdate()
    change = AuditEvent.objects.get(
        action="update", object_type="outreach.partnerorganization"
    )
    assert change.changes["status"] == ["active", "inactive"]
    client.post(
        reverse(
            "outreach:register_delete",
            kwargs={"slug": agency_a.slug, "register": "partners", "pk": partner.pk},
        )
    )
    assert not PartnerOrganization.objects.exists()
    assert AuditEvent.objects.filter(
        action="delete", object_type="outreach.partnerorganization"
    ).exists()


def test_a_liaison_with_contacts_cannot_be_deleted(client, agency_a, admin_a):
    contact = ContactFactory(
        liaison=LiaisonFactory(agency=agency_a), date=date(2026, 8, 1)
    )
    client.force_login(admin_a)
    url = reverse(
        "outreach:register_delete",
        kwargs={
            "slug": agency_a.slug,
            "register": "liaisons",
            "pk": contact.liaison.pk,
        },
    )
    page = client.post(url, follow=True)
    assert "cannot be deleted" in page.content.decode()
    assert contact.liaison.__class__.objects.filter(pk=contact.liaison.pk).exists()


@pytest.mark.parametrize(
    ("register", "data", "field", "spanish"),
    [
        ("media", {"date": "2999-01-01", "channel": "radio", "outlet": "X", "subject": "Y", "language": "es"},
         "date", "La fecha está en el futuro."),
        ("events", {"title": "Forum", "kind": "forum", "date": "1999-12-31", "place": "Library", "languages": ["es"], "follow_ups": 0},
         "date", "La fecha es anterior al año 2000."),
        ("events", {"title": "Forum", "kind": "forum", "date": "2999-01-01", "place": "Library", "languages": ["es"], "follow_ups": 0, "attendance": 30},
         "attendance", "La asistencia y los seguimientos se registran después del evento."),
        ("recommendations", {"made_on": "2026-01-05", "text": "Evening forums", "status": "declined"},
         "response", "Indique la respuesta de la agencia antes de cerrar una recomendación."),
        ("trainings", {"title": "T", "kind": "cultural", "audience": "officers", "date": "2026-01-05", "hours": "0", "attendees": 3, "language": "es"},
         "hours", "Indique las horas: más de 0 y como máximo 200."),
        ("goal-reports", {"quarter": "2999Q1", "value": 3}, "quarter", "Este trimestre aún no ha comenzado."),
        ("media", {"date": "2026-01-05", "channel": "carrier-pigeon", "outlet": "X", "subject": "Y", "language": "es"},
         "channel", "Escoja una opción válida."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_spanish(
    client, agency_a, admin_a, register, data, field, spanish
):
    if register == "goal-reports":
        data["goal"] = GoalFactory(
            program=ProgramFactory(agency=agency_a), metric="reported"
        ).pk
    client.force_login(admin_a)
    with override("es"):
        url = reverse(
            "outreach:register_add",
            kwargs={"slug": agency_a.slug, "register": register},
        )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert spanish in response.content.decode()
    assert REGISTERS[register].queryset(agency_a).count() == 0


def test_recommendation_status_drives_the_figures(client, agency_a, admin_a):
    client.force_login(admin_a)
    recommendation = RecommendationFactory(
        agency=agency_a, made_on=timezone.localdate() - timedelta(days=3)
    )
    url = reverse(
        "outreach:register_edit",
        kwargs={
            "slug": agency_a.slug,
            "register": "recommendations",
            "pk": recommendation.pk,
        },
    )
    client.post(url, {"made_on": recommendation.made_on.isoformat(), "text": recommendation.text,
                      "status": "implemented", "response": "Forums now start at 6 pm."})  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.IMPLEMENTED
    assert recommendation.closed_on == timezone.localdate()


def test_quarter_exports_and_the_pdf_report(client, agency_a, member_a):
    ContactFactory(
        liaison=LiaisonFactory(agency=agency_a, name='=HYPERLINK("x")'),
        date=date(2026, 8, 1),
        language="so",
    )
    client.force_login(member_a)
    base = {"slug": agency_a.slug}
    csv = client.get(
        reverse("outreach:quarter_export", kwargs=base | {"file_format": "csv"}),
        {"quarter": "2026Q3"},
    )
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "2026Q3,contacts,,1" in text and "2026Q3,contacts_by_language,so,1" in text
    assert "'=HYPERLINK" in text  # a name that looks like a formula stays text
    xlsx = client.get(
        reverse("outreach:quarter_export", kwargs=base | {"file_format": "xlsx"}),
        {"quarter": "2026Q3"},
    )
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert ("2026Q3", "contacts", None, 1) in rows or (
        "2026Q3",
        "contacts",
        "",
        1,
    ) in rows
    pdf = client.get(
        reverse("outreach:quarter_report", kwargs=base), {"quarter": "2026Q3"}
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert agency_a.name in text and "2026Q3" in text and "Contacts by language" in text


def test_an_event_ends_after_it_starts(agency_a):
    from datetime import time

    from django.core.exceptions import ValidationError

    from puente.outreach.tests.factories import EventFactory

    event = EventFactory.build(agency=agency_a, starts_at=time(19), ends_at=time(18))
    with pytest.raises(ValidationError) as problem:
        event.full_clean()
    assert "ends_at" in problem.value.message_dict
    event = EventFactory.build(agency=agency_a, ends_at=time(18))
    with pytest.raises(ValidationError) as problem:
        event.full_clean()
    assert "starts_at" in problem.value.message_dict

"""The staff pages of complaints: who may read and change cases (admin and staff),
404 to other agencies, 403 to other roles, login for anonymous visitors, 405 for the
wrong method; every step audited without the resident's words."""

import pytest
from django.urls import reverse

from puente.agencies.roles import AgencyRole
from puente.agencies.tests.factories import MembershipFactory
from puente.audit.models import AuditEvent
from puente.complaints.models import Complaint, ComplaintStep
from puente.complaints.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency_a):
    return ComplaintFactory(
        agency=agency_a, language="so", what_happened="Sarkaalku wuu i caayay",
        contact_email="hodan@example.org",
    )  # fmt: skip


def _pages(slug, case):
    return [
        reverse("complaints:list", args=[slug]),
        reverse("complaints:detail", args=[slug, case.uuid]),
        reverse("complaints:certifications", args=[slug]),
        reverse("complaints:certification_new", args=[slug]),
    ]


def test_staff_read_cases(client, member_a, case):
    # Sam is staff of A: handles complaints.
    client.force_login(member_a)
    for url in _pages("alphaville-pd", case):
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("complaints:detail", args=["alphaville-pd", case.uuid]))
    assert "Sarkaalku wuu i caayay" in html.content.decode()


def test_other_agencies_get_404(client, member_b, case):
    client.force_login(member_b)
    for url in _pages("alphaville-pd", case):
        assert client.get(url).status_code == 404, url
    for name in (
        "complaints:summary",
        "complaints:followups",
        "complaints:certification_settings",
    ):
        assert client.get(reverse(name, args=["alphaville-pd"])).status_code == 404, (
            name
        )
    # Bob may open his own agency's pages, but not A's case through them.
    url = reverse("complaints:detail", args=["betatown-so", case.uuid])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "role", [AgencyRole.VIEWER, AgencyRole.LIAISON, AgencyRole.ANALYST]
)
def test_roles_without_the_right_get_403_but_see_the_summary(
    client, agency_a, case, role
):
    user = MembershipFactory(agency=agency_a, role=role).user
    client.force_login(user)
    for url in _pages("alphaville-pd", case):
        assert client.get(url).status_code == 403, url
    assert (
        client.get(reverse("complaints:summary", args=["alphaville-pd"])).status_code
        == 200
    )
    update = reverse("complaints:update", args=["alphaville-pd", case.uuid])
    assert client.post(update, {"status": "closed"}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, case):
    for url in [
        *_pages("alphaville-pd", case),
        reverse("complaints:summary", args=["alphaville-pd"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response.url, url


def test_wrong_methods_get_405(client, member_a, case):
    client.force_login(member_a)
    assert (
        client.get(
            reverse("complaints:update", args=["alphaville-pd", case.uuid])
        ).status_code
        == 405
    )
    assert (
        client.get(
            reverse("complaints:reply", args=["alphaville-pd", case.uuid])
        ).status_code
        == 405
    )
    assert (
        client.post(reverse("complaints:list", args=["alphaville-pd"])).status_code
        == 405
    )


def test_triage_assign_close_and_reply_are_steps_and_audited(
    client, member_a, admin_a, case
):
    client.force_login(member_a)
    membership = admin_a.memberships.get()
    update = reverse("complaints:update", args=["alphaville-pd", case.uuid])
    # Closing without an outcome is refused and nothing changes.
    response = client.post(update, {"status": "closed", "due_on": "2026-12-31"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "received"
    response = client.post(
        update,
        {
            "status": "under_review",
            "assigned_to": membership.pk,
            "due_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.assigned_to, str(case.due_on)) == (
        "under_review",
        admin_a,
        "2026-12-31",
    )
    reply = reverse("complaints:reply", args=["alphaville-pd", case.uuid])
    # A reply in Somali must say who translated it.
    response = client.post(
        reply, {"reply": "Waan ka xumahay", "language": "so", "translation": ""}
    )
    assert response.status_code == 400
    response = client.post(
        reply,
        {
            "reply": "Waan ka xumahay",
            "language": "so",
            "translation": "Language line, reviewed",
        },
    )
    assert response.status_code == 302
    client.post(
        update,
        {
            "status": "closed",
            "assigned_to": membership.pk,
            "due_on": "2026-12-31",
            "outcome": "sustained",
        },
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_at and case.reply_translation
    actions = list(case.steps.values_list("action", flat=True))
    assert actions[:2] == [ComplaintStep.Action.REVIEW, ComplaintStep.Action.ASSIGNED]
    assert (
        ComplaintStep.Action.REPLIED in actions
        and ComplaintStep.Action.CLOSED in actions
    )
    events = AuditEvent.objects.filter(
        object_type="complaints.complaint", object_id=str(case.pk)
    )
    assert events.count() == 3
    logged = str(list(events.values_list("changes", "object_repr")))
    assert (
        "Waan ka xumahay" not in logged
        and "hodan@" not in logged
        and "caayay" not in logged
    )


def test_the_summary_counts_by_kind_language_and_outcome(client, viewer_a, agency_a):
    ComplaintFactory.create_batch(2, agency=agency_a, language="ar")
    ComplaintFactory(agency=agency_a, language="so", kind=Complaint.Kind.COMMENDATION,
                     status=Complaint.Status.CLOSED, outcome="acknowledged")  # fmt: skip
    client.force_login(viewer_a)
    response = client.get(reverse("complaints:summary", args=["alphaville-pd"]))
    latest = response.context["quarters"][0]
    assert latest.total == 3
    assert latest.by_kind == {"complaint": 2, "commendation": 1}
    assert latest.by_language == {"ar": 2, "so": 1}
    assert latest.by_outcome == {"open": 2, "acknowledged": 1}


def test_staff_pages_speak_spanish(client, member_a, case):
    client.force_login(member_a)
    html = client.get(
        f"/es/workspace/alphaville-pd/complaints/{case.uuid}/"
    ).content.decode()
    assert "Responder al residente" in html

"""U and T visa certification requests: the deadline from the one table of cited state
limits or the agency's own, flagged near and past it, and the quarterly figures."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from puente.agencies.tests.factories import AgencyFactory, MembershipFactory
from puente.complaints import deadlines, selectors, services
from puente.complaints.models import CertificationRequest

pytestmark = pytest.mark.django_db


def test_every_state_limit_cites_its_statute():
    assert deadlines.STATE_LIMITS
    for limit in deadlines.STATE_LIMITS:
        assert limit.citation and limit.source.startswith("https://")
        assert limit.form in (deadlines.U_VISA, deadlines.T_VISA) and limit.days > 0
    keys = [(x.state, x.form) for x in deadlines.STATE_LIMITS]
    assert len(keys) == len(set(keys)), "one entry per state and form"


def test_the_agencys_own_limit_replaces_the_states():
    assert deadlines.deadline_for(state="CA", form="u", own_days=None).citation == (
        "Cal. Penal Code § 679.10"
    )
    own = deadlines.deadline_for(state="CA", form="u", own_days=30)
    assert (own.days, own.own) == (30, True)
    assert deadlines.deadline_for(state="MN", form="u", own_days=None) is None


def test_flags():
    due = date(2026, 3, 31)
    flag = deadlines.flag
    assert flag(due_on=due, decided=False, today=date(2026, 3, 1), near_days=14) == ""
    assert (
        flag(due_on=due, decided=False, today=date(2026, 3, 20), near_days=14) == "near"
    )
    assert (
        flag(due_on=due, decided=False, today=date(2026, 4, 1), near_days=14) == "past"
    )
    assert flag(due_on=due, decided=True, today=date(2026, 4, 1), near_days=14) == ""


@pytest.fixture
def california():
    agency = AgencyFactory(
        name="Calitown Police Department (fictional)", slug="calitown", state="CA"
    )
    user = MembershipFactory(agency=agency, role="staff").user
    return agency, user


def _request(agency, user, **extra):
    fields = {
        "form": "u", "received_on": date(2026, 1, 5), "requester_kind": "attorney",
        "crime": "domestic_violence", "language": "es", **extra,
    }  # fmt: skip
    return services.certification_request_create(actor=user, agency=agency, **fields)


def test_a_request_crosses_its_deadline_and_is_flagged(client, california):
    agency, user = california
    request = _request(agency, user)
    assert request.due_on == date(2026, 4, 5)
    assert request.deadline_source == "Cal. Penal Code § 679.10"
    assert selectors.certification_flag(request, today=date(2026, 3, 1)) == ""
    assert selectors.certification_flag(request, today=date(2026, 3, 25)) == "near"
    assert selectors.certification_flag(request, today=date(2026, 4, 6)) == "past"
    # On the page, with today's date, a request received 100 days ago is past due.
    late = _request(agency, user, received_on=date.today() - timedelta(days=100))
    client.force_login(user)
    response = client.get(reverse("complaints:certifications", args=["calitown"]))
    assert {r.pk: f for r, f in response.context["rows"]}[late.pk] == "past"
    assert "Past its deadline" in response.content.decode()
    # Once decided it is no longer flagged.
    services.certification_request_update(
        actor=user, request=late, status="certified", decided_on=date.today(),
        certifying_official="Lt. Rivera",
    )  # fmt: skip
    assert selectors.certification_flag(late) == ""


def test_the_page_records_a_request_and_refuses_a_decline_without_reason(
    client, california
):
    agency, user = california
    client.force_login(user)
    url = reverse("complaints:certification_new", args=["calitown"])
    data = {
        "form": "t", "received_on": "2026-02-01", "requester_kind": "victim",
        "crime": "trafficking", "language": "vi", "status": "declined",
        "decided_on": "2026-02-20",
    }  # fmt: skip
    response = client.post(url, data)
    assert (
        response.status_code == 400
        and "decline_reason" in response.context["form"].errors
    )
    assert CertificationRequest.objects.count() == 0
    response = client.post(url, {**data, "decline_reason": "not_helpful"})
    assert response.status_code == 302
    saved = CertificationRequest.objects.get()
    assert (saved.due_on, saved.deadline_source) == (
        date(2026, 5, 2),
        "Cal. Penal Code § 679.11",
    )
    # No field of the request is about immigration status.
    names = {f.name for f in CertificationRequest._meta.get_fields()}
    assert not {n for n in names if "immigra" in n or "citizen" in n or "removal" in n}


def test_only_an_admin_sets_the_agencys_own_limit(client, california):
    agency, staff = california
    admin = MembershipFactory(agency=agency, role="admin").user
    url = reverse("complaints:certification_settings", args=["calitown"])
    client.force_login(staff)
    assert client.get(url).status_code == 403
    client.force_login(admin)
    assert client.post(url, {"own_days": "45"}).status_code == 302
    request = _request(agency, admin)
    assert (request.due_on, request.deadline_days) == (date(2026, 2, 19), 45)
    assert request.deadline_source == "Agency's own limit"


def test_other_agencies_get_404_on_a_request(client, california, member_b):
    agency, user = california
    request = _request(agency, user)
    client.force_login(member_b)
    assert (
        client.get(
            reverse("complaints:certification_edit", args=["calitown", request.uuid])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("complaints:certification_edit", args=["betatown-so", request.uuid])
        ).status_code
        == 404
    )


def test_quarterly_figures(california):
    agency, user = california
    q1 = {"received_on": date(2026, 1, 10)}
    _request(
        agency,
        user,
        **q1,
        status="certified",
        decided_on=date(2026, 2, 9),
        certifying_official="Lt. Rivera",
    )
    _request(
        agency,
        user,
        **q1,
        status="declined",
        decided_on=date(2026, 5, 1),
        decline_reason="no_record",
    )
    _request(
        agency,
        user,
        **q1,
        status="declined",
        decided_on=date(2026, 3, 1),
        decline_reason="incomplete",
    )
    _request(agency, user, received_on=date(2026, 2, 1))
    quarters = {
        q.quarter: q
        for q in selectors.certification_quarters(agency=agency, today=date(2026, 6, 1))
    }
    first = quarters["2026Q1"]
    assert (first.received, first.decided) == (4, 2)
    assert first.median_days == (30 + 50) / 2
    assert first.on_time == 1.0
    assert first.declined_by_reason == {"incomplete": 1}
    second = quarters["2026Q2"]
    assert (second.received, second.decided, second.on_time) == (0, 1, 0.0)
    assert second.declined_by_reason == {"no_record": 1}

"""The agency dashboard's figures against hand-counted records."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from puente.lib.quarters import Quarter
from puente.outreach.models import CommunityContact, Recommendation
from puente.outreach.tests.factories import (
    ContactFactory,
    EventFactory,
    GoalFactory,
    LiaisonFactory,
    PartnerFactory,
    ProgramFactory,
    RecommendationFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db


def _row(page: str, label: str) -> list[str]:
    row = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", page)
    assert row, label
    return re.findall(r"<td>(.*?)</td>", row.group(1))


@pytest.fixture
def counted(agency_a):
    """This quarter: 3 contacts (2 with partner P1), 1 event, 1 officer training of
    2 h × 5 officers. Last quarter: 5 contacts (1 with partner P2), 2 events, no
    training. Follow-ups: 2 waiting (1 assigned), 1 done. Recommendations: 1 open, 1
    closed."""
    this = Quarter.of(timezone.localdate())
    last = this.previous()
    liaison = LiaisonFactory(agency=agency_a)
    p1, p2 = PartnerFactory(agency=agency_a), PartnerFactory(agency=agency_a)
    for partner in (p1, p1, None):
        ContactFactory(liaison=liaison, date=this.start, partner=partner)
    for partner in (p2, None, None, None, None):
        ContactFactory(liaison=liaison, date=last.start, partner=partner)
    EventFactory(agency=agency_a, date=this.start)
    EventFactory(agency=agency_a, date=last.start)
    EventFactory(agency=agency_a, date=last.start + timedelta(days=1))
    TrainingFactory(agency=agency_a, date=this.start, hours=Decimal("2"), attendees=5)
    CommunityContact.objects.filter(pk__in=list(
        CommunityContact.objects.filter(date=last.start).values_list("pk", flat=True)[:3]
    )).update(follow_up_needed=True)  # fmt: skip
    return this, last


def test_the_dashboard_shows_this_quarter_against_the_last(
    client, member_a, agency_a, counted
):
    this, last = counted
    client.force_login(member_a)
    page = client.get(
        reverse("insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug})
    ).content.decode()
    assert f"({this}, so far)" in page and f"({last})" in page
    assert _row(page, "Community contacts") == ["3", "5", "-2"]
    assert _row(page, "Events") == ["1", "2", "-1"]
    assert _row(page, "Active partners") == ["1", "1", "0"]
    assert _row(page, "Officer training hours") == ["10.0", "0.0", "+10.0"]
    assert "3 contacts need a follow-up (3 not assigned)." in page


def test_the_follow_up_queue_is_assigned_and_done(
    client, member_a, viewer_a, agency_a, counted
):
    waiting = CommunityContact.objects.filter(follow_up_needed=True).order_by("pk")
    first, second = waiting[0], waiting[1]
    url = lambda c: reverse(  # noqa: E731
        "outreach:follow_up", kwargs={"slug": agency_a.slug, "contact": c.uuid}
    )
    # Read-only members see the queue but may not act on it.
    client.force_login(viewer_a)
    assert client.post(url(first), {"action": "assign"}).status_code == 403
    client.force_login(member_a)
    client.post(url(first), {"action": "assign"})
    client.post(url(second), {"action": "done"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.follow_up_assignee == member_a and second.follow_up_done_at
    page = client.get(
        reverse("insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug})
    ).content.decode()
    assert "2 contacts need a follow-up (1 not assigned)." in page
    again = client.post(url(second), {"action": "done"}, follow=True)
    assert "no follow-up waiting" in again.content.decode()


def test_off_track_goals_gaps_and_recommendations(client, member_a, agency_a):
    program = ProgramFactory(agency=agency_a, name="Forums (fictional)")
    GoalFactory(program=program, title="Three forums a quarter", quarterly_target=3)
    RecommendationFactory(agency=agency_a, text="Hold forums in Somali.")
    RecommendationFactory(
        agency=agency_a, text="Translate the complaint form.",
        status=Recommendation.Status.IMPLEMENTED, closed_on=date(2026, 2, 1),
    )  # fmt: skip
    client.force_login(member_a)
    page = client.get(
        reverse("insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug})
    ).content.decode()
    assert "Forums (fictional): Three forums a quarter" in page
    assert "Hold forums in Somali." in page
    assert "Translate the complaint form." not in page


def test_the_dashboard_is_the_agencys_own(client, member_b, agency_a):
    client.force_login(member_b)
    url = reverse("insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug})
    assert client.get(url).status_code == 404


def test_recent_activity_is_said_in_words_to_those_who_read_the_audit_log(
    client, admin_a, viewer_a, agency_a
):
    from puente.audit.models import AuditEvent
    from puente.audit.services import record

    admin_a.full_name = "Ana Ruiz"
    admin_a.save(update_fields=["full_name"])
    liaison = LiaisonFactory(agency=agency_a, name="Lía Ortega")
    record(action=AuditEvent.Action.CREATE, actor=admin_a, agency=agency_a, obj=liaison)
    record(action=AuditEvent.Action.LOGIN, actor=admin_a, agency=agency_a)
    url = reverse("insights_workspace:agency_dashboard", args=[agency_a.slug])
    client.force_login(admin_a)
    page = client.get(url).content.decode()
    panel = page.split('id="activity-heading"', 1)[1].split("</section>", 1)[0]
    assert "Ana Ruiz added the" in panel and "Lía Ortega" in panel
    # Signing in is not news; raw actions and ids never show.
    assert "Signed in" not in panel and "login" not in panel
    assert f">{liaison.pk}<" not in panel
    # A viewer may not read the audit log, so sees no activity either.
    client.force_login(viewer_a)
    assert 'id="activity-heading"' not in client.get(url).content.decode()


def test_the_cached_figures_change_as_soon_as_a_record_does(
    client, member_a, agency_a, counted, django_capture_on_commit_callbacks
):
    # The figures are kept in the shared cache; a new contact and a deleted one each
    # show on the next load (the version is bumped once the write commits).
    from puente.outreach import services

    this, _last = counted
    client.force_login(member_a)
    url = reverse("insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug})
    assert _row(client.get(url).content.decode(), "Community contacts")[0] == "3"
    with django_capture_on_commit_callbacks(execute=True):
        contact = ContactFactory(
            liaison=LiaisonFactory(agency=agency_a), date=this.start
        )
    assert _row(client.get(url).content.decode(), "Community contacts")[0] == "4"
    with django_capture_on_commit_callbacks(execute=True):
        services.record_delete(actor=member_a, agency=agency_a, instance=contact)
    assert _row(client.get(url).content.decode(), "Community contacts")[0] == "3"


def test_the_cached_page_shows_new_activity_and_carries_each_sessions_own_token(
    client, admin_a, agency_a, django_capture_on_commit_callbacks
):
    # The whole page is kept in the shared cache for the member; a new audit event makes
    # it stale, and a page served from the cache holds the reader's own CSRF token.
    from django.test import Client

    from puente.audit.models import AuditEvent
    from puente.audit.services import record

    url = reverse("insights_workspace:agency_dashboard", args=[agency_a.slug])
    client.force_login(admin_a)
    assert "Lía Ortega" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        liaison = LiaisonFactory(agency=agency_a, name="Lía Ortega")
        record(
            action=AuditEvent.Action.CREATE, actor=admin_a, agency=agency_a, obj=liaison
        )
    assert "Lía Ortega" in client.get(url).content.decode()

    other = Client(enforce_csrf_checks=True)
    other.force_login(admin_a)
    page = other.get(url).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1 and "\x00" not in page
    # The token from the cached page is good for this session's own forms.
    signed_out = other.post(
        reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens.pop()}
    )
    assert signed_out.status_code == 302
    assert other.get(url).status_code == 302  # signed out: to the sign-in page


def test_a_member_removed_or_demoted_loses_access_on_the_next_request(
    client, member_a, agency_a
):
    # Memberships are read from the shared cache; a change is seen at once, even
    # before its transaction commits (the test's never does).
    from puente.agencies.models import Membership

    client.force_login(member_a)
    dashboard = reverse("insights_workspace:agency_dashboard", args=[agency_a.slug])
    add_contact = reverse("outreach:log_contact", args=[agency_a.slug])
    assert client.get(dashboard).status_code == 200
    assert client.get(add_contact).status_code == 200
    membership = Membership.objects.get(user=member_a, agency=agency_a)
    membership.role = "viewer"
    membership.save()
    assert client.get(add_contact).status_code == 403
    membership.delete()
    assert client.get(dashboard).status_code == 404

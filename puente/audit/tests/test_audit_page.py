"""The audit log page people read (issue 14): words instead of field names and ids,
filters, paging, a CSV that is itself audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from puente.audit.describe import change_rows, describe
from puente.audit.models import AuditEvent
from puente.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(agency_a):
    return reverse("agencies:audit_log", kwargs={"slug": agency_a.slug})


def test_events_read_as_sentences_with_labels(client, admin_a, agency_a, url):
    admin_a.full_name = "Ana Ruiz"
    admin_a.save()
    record(
        action="update",
        actor=admin_a,
        agency=agency_a,
        obj=agency_a,
        changes={"population_served": [1000, 1200]},
    )
    event = AuditEvent.objects.get()
    assert describe(event) == (f"Ana Ruiz changed the agency “{agency_a}”")
    assert change_rows(event) == [("population served", "1000", "1200")]
    client.force_login(admin_a)
    page = client.get(url).content.decode()
    assert "Ana Ruiz changed the agency" in page
    # (The kind filter keeps the identifier only as an option value.)
    assert "population_served" not in page and ">agencies.agency<" not in page


def test_filters_and_paging(client, admin_a, member_a, agency_a, url):
    for _i in range(60):
        record(action="create", actor=member_a, agency=agency_a, obj=agency_a)
    record(action="delete", actor=admin_a, agency=agency_a, obj=agency_a)
    client.force_login(admin_a)
    first = client.get(url)
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["rows"]) == 50
    deleted = client.get(url, {"action": "delete"})
    assert [row["event"].action for row in deleted.context["rows"]] == ["delete"]
    by_who = client.get(url, {"who": "sam@"})
    assert by_who.context["page"].paginator.count == 60
    kind = client.get(url, {"kind": "agencies.agency", "action": "create"})
    assert kind.context["page"].paginator.count == 60
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    assert client.get(url, {"since": tomorrow}).context["rows"] == []
    second = client.get(url, {"who": "sam@", "page": 2})
    assert len(second.context["rows"]) == 10
    assert "who=sam%40" in second.content.decode()


def test_the_csv_export_is_audited(client, admin_a, agency_a, url):
    record(action="create", actor=admin_a, agency=agency_a, obj=agency_a)
    client.force_login(admin_a)
    response = client.get(url, {"format": "csv", "action": "create"})
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Time (UTC),Who,What happened")
    assert "added the agency" in body
    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert export.actor == admin_a and export.agency == agency_a
    assert export.object_repr == f"{agency_a.slug}-audit-log.csv"


def test_only_the_admin_reads_it(client, member_a, url):
    client.force_login(member_a)
    assert client.get(url).status_code == 403


def test_members_account_events_show_in_their_agency_only(
    client, admin_a, member_a, member_b, agency_a, url
):
    """Sign-in failures and lockouts carry no agency: the agency admin sees those of
    the agency's members (matched by the email tried, whatever its case), never those
    of another agency's member or of an address that is no one's."""
    for attempted in (member_a.email.upper(), member_b.email, "nobody@example.org"):
        record(action="login_failed", actor_label=attempted, outcome="failure")
    record(
        action="lockout", actor_label=member_a.email, obj=member_a, outcome="failure"
    )
    record(action="mfa_enrol", actor=member_b, obj=member_b)
    client.force_login(admin_a)
    rows = client.get(url, {"who": "@"}).context["page"].paginator.object_list
    shown = {(event.action, event.actor_label.lower()) for event in rows}
    assert ("login_failed", member_a.email.lower()) in shown
    assert ("lockout", member_a.email.lower()) in shown
    assert not {label for _action, label in shown} & {
        member_b.email.lower(),
        "nobody@example.org",
    }
    page = client.get(url, {"action": "login_failed"}).content.decode()
    assert "Failed sign-in" in page

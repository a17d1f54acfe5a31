import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone

from puente.audit.models import AuditEvent
from puente.outreach.models import CommunityContact
from puente.outreach.tests.factories import (
    ContactFactory,
    LiaisonFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison_a(agency_a, member_a):
    return LiaisonFactory(agency=agency_a, name="Lía Ortega", user=member_a)


def _form(liaison, **extra):
    return {
        "date": timezone.localdate().isoformat(),
        "liaison": liaison.pk,
        "setting": "faith",
        "topics": ["reporting", "rights"],
        "language": "so",
        **extra,
    }


def test_a_liaison_logs_a_contact(client, member_a, agency_a, liaison_a):
    client.force_login(member_a)
    url = reverse("outreach:log_contact", kwargs={"slug": agency_a.slug})
    page = client.get(url)
    assert page.context["form"].fields["liaison"].initial == liaison_a.pk
    response = client.post(url, _form(liaison_a, interpreter_used="on"))
    assert response["Location"] == f"{url}?liaison={liaison_a.uuid}"
    contact = CommunityContact.objects.get()
    assert (
        contact.agency,
        contact.topics,
        contact.interpreter_used,
        contact.language,
    ) == (agency_a, ["reporting", "rights"], True, "so")
    assert AuditEvent.objects.filter(
        action="create", object_type="outreach.communitycontact"
    ).exists()


def test_the_form_has_no_place_for_a_resident(client, member_a, agency_a, liaison_a):
    client.force_login(member_a)
    form = client.get(
        reverse("outreach:log_contact", kwargs={"slug": agency_a.slug})
    ).context["form"]
    assert set(form.fields) == {
        "date",
        "liaison",
        "setting",
        "topics",
        "language",
        "interpreter_used",
        "partner",
        "follow_up_needed",
    }


def test_bad_input_is_refused_and_nothing_stored(
    client, member_a, agency_a, agency_b, liaison_a
):
    other_liaison = LiaisonFactory(agency=agency_b)
    other_partner = PartnerFactory(agency=agency_b)
    client.force_login(member_a)
    url = reverse("outreach:log_contact", kwargs={"slug": agency_a.slug})
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, _form(liaison_a, date=tomorrow))
    assert "The date is in the future." in response.content.decode()
    response = client.post(url, _form(other_liaison))
    assert response.context["form"].errors["liaison"]
    response = client.post(url, _form(liaison_a, partner=other_partner.pk))
    assert response.context["form"].errors["partner"]
    response = client.post(url, _form(liaison_a, topics=["gossip"], setting="moon"))
    assert {"topics", "setting"} <= set(response.context["form"].errors)
    assert not CommunityContact.objects.exists()


def test_errors_in_spanish(client, member_a, agency_a, liaison_a):
    client.force_login(member_a)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        "/es" + reverse("outreach:log_contact", kwargs={"slug": agency_a.slug}),
        _form(liaison_a, date=tomorrow),
    )
    assert "La fecha está en el futuro." in response.content.decode()


def test_tenancy_roles_and_methods(client, member_b, viewer_a, agency_a, liaison_a):
    dashboard = reverse("outreach:dashboard", kwargs={"slug": agency_a.slug})
    log = reverse("outreach:log_contact", kwargs={"slug": agency_a.slug})
    client.force_login(member_b)
    assert client.get(dashboard).status_code == 404
    assert client.post(log, _form(liaison_a)).status_code == 404
    client.force_login(viewer_a)
    assert client.get(dashboard).status_code == 200
    assert client.post(log, _form(liaison_a)).status_code == 403
    assert client.post(dashboard).status_code == 405
    client.logout()
    assert client.get(log)["Location"].startswith(reverse("accounts:login"))
    assert not CommunityContact.objects.exists()


def test_the_quarter_against_a_hand_counted_fixture(
    client, member_a, agency_a, agency_b, liaison_a
):
    other = LiaisonFactory(agency=agency_a, name="Sam Reyes")
    partner = PartnerFactory(agency=agency_a)
    # 2026Q2: 3 contacts. 2026Q3: 12 contacts (9 by Lía, 3 by Sam), 1 with a partner.
    for day in (date(2026, 4, 2), date(2026, 5, 5), date(2026, 6, 30)):
        ContactFactory(liaison=liaison_a, date=day)
    for n in range(9):
        ContactFactory(
            liaison=liaison_a,
            date=date(2026, 7, 1) + timedelta(days=n * 9),
            language="so" if n < 4 else "es",
            topics=["reporting", "rights"] if n == 0 else ["prevention"],
        )
    for n in range(3):
        ContactFactory(
            liaison=other,
            date=date(2026, 9, 30),
            setting="school",
            partner=partner if n == 0 else None,
        )
    ContactFactory(
        liaison=LiaisonFactory(agency=agency_b), date=date(2026, 8, 1)
    )  # another agency: never counted
    from django.core.management import call_command

    out = StringIO()
    call_command(
        "outreach",
        "quarter",
        "--agency",
        agency_a.slug,
        "--quarter",
        "2026Q3",
        "--format",
        "json",
        stdout=out,
    )
    figures = json.loads(out.getvalue())
    assert figures["contacts"] == 12 and figures["previous_quarter_contacts"] == 3
    assert figures["liaisons"] == 2 and figures["contacts_per_liaison"] == 6.0
    assert figures["contacts_by_liaison"] == {"Lía Ortega": 9, "Sam Reyes": 3}
    assert figures["contacts_by_language"] == {"es": 8, "so": 4}
    assert figures["contacts_by_setting"] == {"business": 9, "school": 3}
    assert figures["contacts_by_topic"] == {
        "prevention": 8,
        "reporting": 4,
        "rights": 1,
    }
    assert figures["active_partners"] == 1
    # 3 then 12: p = 0.0352, meaningful.
    assert figures["change_is_meaningful"] and figures[
        "change_p_value"
    ] == pytest.approx(0.0352, abs=1e-3)
    client.force_login(member_a)
    page = client.get(
        reverse("outreach:dashboard", kwargs={"slug": agency_a.slug}),
        {"quarter": "2026Q3"},
    )
    assert "The change is meaningful" in page.content.decode()
    by_liaison = client.get(
        reverse("outreach:dashboard", kwargs={"slug": agency_a.slug}),
        {"quarter": "2026Q3", "liaison": other.pk},
    )
    assert by_liaison.context["summary"]["contacts"] == 3
    # The filter form keeps what was chosen.
    html = by_liaison.content.decode()
    assert '<option value="2026Q3" selected>' in html
    assert f'<option value="{other.pk}" selected>{other.name}</option>' in html


def test_the_next_contact_keeps_the_liaison_and_their_language(
    client, member_a, agency_a, liaison_a
):
    # Another liaison, who speaks Somali, logs from the same phone.
    hodan = LiaisonFactory(agency=agency_a, name="Hodan Ali", languages=["so", "en"])
    agency_a.community_languages = ["es", "so"]
    agency_a.save()
    client.force_login(member_a)
    url = reverse("outreach:log_contact", kwargs={"slug": agency_a.slug})
    after = client.post(url, _form(hodan), follow=True)
    form = after.context["form"]
    assert form.fields["liaison"].initial == hodan.pk
    assert form.fields["language"].initial == "so"
    # Without a liaison in the address, the user's own, and the community's language.
    fresh = client.get(url).context["form"]
    assert fresh.fields["liaison"].initial == liaison_a.pk
    assert fresh.fields["language"].initial == "es"
    # A liaison of another agency in the address is ignored.
    other = LiaisonFactory(name="Not ours")
    form = client.get(url, {"liaison": str(other.uuid)}).context["form"]
    assert form.fields["liaison"].initial == liaison_a.pk
    assert client.get(url, {"liaison": "not-a-uuid"}).status_code == 200

import datetime

import pytest

from puente.audit.models import AuditEvent
from puente.outreach.models import CommunityContact
from puente.outreach.tests.factories import ContactFactory, LiaisonFactory
from puente.tests.api_helpers import auth, token_for

pytestmark = pytest.mark.django_db


def _contact(liaison, **extra):
    return {
        "date": "2026-01-15", "liaison": liaison.pk, "setting": "community",
        "topics": ["reporting"], "language": "es", **extra,
    }  # fmt: skip


def test_a_member_lists_and_creates_contacts(client, member_a, agency_a):
    liaison = LiaisonFactory(agency=agency_a)
    ContactFactory(liaison=liaison, date=datetime.date(2026, 1, 10))
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/contacts"
    listed = client.get(url, **auth(token))
    assert listed.status_code == 200, listed.content
    assert listed.json()["count"] == 1
    made = client.post(
        url, _contact(liaison), content_type="application/json",
        **auth(token, HTTP_IDEMPOTENCY_KEY="k1"),
    )  # fmt: skip
    assert made.status_code == 201, made.content
    contact = CommunityContact.objects.get(pk=made.json()["id"])
    assert contact.created_by == member_a
    assert AuditEvent.objects.filter(
        action="create", object_id=str(contact.pk)
    ).exists()


def test_a_retried_create_makes_one_row(client, member_a, agency_a):
    liaison = LiaisonFactory(agency=agency_a)
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/contacts"
    headers = auth(token, HTTP_IDEMPOTENCY_KEY="retry-1")
    first = client.post(
        url, _contact(liaison), content_type="application/json", **headers
    )
    again = client.post(
        url, _contact(liaison), content_type="application/json", **headers
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert CommunityContact.objects.filter(agency=agency_a).count() == 1
    # The same key for a different request is refused, and writes nothing.
    other = client.post(
        url, _contact(liaison, follow_up_needed=True), content_type="application/json",
        **headers,
    )  # fmt: skip
    assert other.status_code == 422
    assert CommunityContact.objects.filter(agency=agency_a).count() == 1


def test_a_get_has_an_etag_and_answers_304_until_the_data_changes(
    client, member_a, agency_a
):
    liaison = LiaisonFactory(agency=agency_a)
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/liaisons"
    first = client.get(url, **auth(token))
    etag = first["ETag"]
    unchanged = client.get(url, **auth(token, HTTP_IF_NONE_MATCH=etag))
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    liaison.name = "Renamed"
    liaison.save()
    changed = client.get(url, **auth(token, HTTP_IF_NONE_MATCH=etag))
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_agency_role_and_ids_in_a_body_are_refused(
    client, member_a, agency_a, agency_b
):
    liaison = LiaisonFactory(agency=agency_a)
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/contacts"
    for extra in (
        {"agency": agency_b.pk},
        {"id": 99},
        {"created_by": 1},
        {"role": "admin"},
    ):
        response = client.post(
            url, _contact(liaison, **extra), content_type="application/json",
            **auth(token, HTTP_IDEMPOTENCY_KEY=f"mass-{next(iter(extra))}"),
        )  # fmt: skip
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == next(iter(extra))
    assert not CommunityContact.objects.exists()


def test_problems_speak_the_callers_language(client, member_a, agency_a):
    token = token_for(member_a)
    response = client.post(
        f"/api/v1/agencies/{agency_a.slug}/contacts", {},
        content_type="application/json",
        **auth(token, HTTP_IDEMPOTENCY_KEY="es-1", HTTP_ACCEPT_LANGUAGE="es"),
    )  # fmt: skip
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "Solicitud no válida"
    assert "Este campo es obligatorio." in {e["message"] for e in body["errors"]}


def test_a_change_goes_through_the_pages_form_and_is_audited(
    client, member_a, agency_a
):
    liaison = LiaisonFactory(agency=agency_a)
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/liaisons/{liaison.pk}"
    response = client.patch(
        url, {"name": "Ana Ruiz"}, content_type="application/json", **auth(token)
    )
    assert response.status_code == 200, response.content
    liaison.refresh_from_db()
    assert liaison.name == "Ana Ruiz"
    assert AuditEvent.objects.filter(
        action="update", object_id=str(liaison.pk)
    ).exists()
    deleted = client.delete(url, **auth(token))
    assert deleted.status_code == 204
    assert not type(liaison).objects.filter(pk=liaison.pk).exists()


def test_bulk_contacts_are_all_or_nothing(client, member_a, agency_a):
    liaison = LiaisonFactory(agency=agency_a)
    other = LiaisonFactory()
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/contacts/bulk"
    bad = client.post(
        url, {"contacts": [_contact(liaison), _contact(other)]},
        content_type="application/json", **auth(token, HTTP_IDEMPOTENCY_KEY="b1"),
    )  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "1.liaison"
    assert not CommunityContact.objects.exists()
    good = client.post(
        url, {"contacts": [_contact(liaison)] * 3},
        content_type="application/json", **auth(token, HTTP_IDEMPOTENCY_KEY="b2"),
    )  # fmt: skip
    assert good.status_code == 201
    assert good.json()["created"] == 3
    assert CommunityContact.objects.filter(agency=agency_a).count() == 3


def test_bulk_contacts_answer_their_ids_in_order_once_per_key(
    client, member_a, agency_a
):
    liaison, second = LiaisonFactory(agency=agency_a), LiaisonFactory(agency=agency_a)
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/contacts/bulk"
    rows = [
        _contact(liaison, date="2026-01-02", topics=["rights", "reporting"]),
        _contact(second, date="2026-01-03", language="so", follow_up_needed=True),
        _contact(liaison, date="2026-01-04", interpreter_used=True),
    ]
    first = client.post(
        url, {"contacts": rows}, content_type="application/json",
        **auth(token, HTTP_IDEMPOTENCY_KEY="ids-1"),
    )  # fmt: skip
    assert first.status_code == 201, first.content
    ids = first.json()["ids"]
    stored = [CommunityContact.objects.get(pk=pk) for pk in ids]
    assert [(c.date.day, c.liaison_id, c.language, c.topics) for c in stored] == [
        (2, liaison.pk, "es", ["rights", "reporting"]),
        (3, second.pk, "so", ["reporting"]),
        (4, liaison.pk, "es", ["reporting"]),
    ]
    assert [c.follow_up_needed for c in stored] == [False, True, False]
    assert [c.interpreter_used for c in stored] == [False, False, True]
    assert {c.created_by_id for c in stored} == {member_a.pk}
    assert all(c.uuid for c in stored)
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, agency=agency_a)
    assert event.changes == {"contacts": [None, 3], "through": [None, "api"]}
    # A retry with the same key answers the same ids and writes nothing.
    again = client.post(
        url, {"contacts": rows}, content_type="application/json",
        **auth(token, HTTP_IDEMPOTENCY_KEY="ids-1"),
    )  # fmt: skip
    assert again.status_code == 201 and again.json()["ids"] == ids
    assert CommunityContact.objects.count() == 3
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1


def test_bulk_contacts_refuse_an_unknown_language(member_a, agency_a):
    """The API's schema lists the languages; the service checks again, since the COPY
    text format takes the code as it is (a tab or a backslash would break it)."""
    from django.core.exceptions import ValidationError

    from puente.outreach.services import contact_bulk_log

    liaison = LiaisonFactory(agency=agency_a)
    rows = [
        {
            **_contact(liaison),
            "date": datetime.date(2026, 1, 15),
            "liaison": liaison.pk,
        },
        {
            **_contact(liaison, language="es\tx\\N"),
            "date": datetime.date(2026, 1, 15),
        },
    ]
    with pytest.raises(ValidationError) as refused:
        contact_bulk_log(actor=member_a, agency=agency_a, rows=rows)
    assert list(refused.value.message_dict) == ["1.language"]
    assert not CommunityContact.objects.exists()


def test_the_quarter_equals_the_dashboards(client, member_a, agency_a):
    from puente.outreach.tests.factories import EventFactory

    liaison = LiaisonFactory(agency=agency_a)
    for day in (5, 6, 7):
        ContactFactory(liaison=liaison, date=datetime.date(2026, 2, day))
    EventFactory(agency=agency_a, date=datetime.date(2026, 3, 1), attendance=40)
    client.force_login(member_a)
    page = client.get(f"/workspace/{agency_a.slug}/outreach/?quarter=2026Q1")
    summary = page.context["summary"]
    api = client.get(
        f"/api/v1/agencies/{agency_a.slug}/quarters/2026Q1", **auth(token_for(member_a))
    ).json()
    assert api["contacts"] == summary["contacts"] == 3
    assert api["attendance"] == summary["attendance"] == 40
    for key, value in summary.items():
        assert api[key] == value, key


def test_every_register_can_be_created_read_and_deleted(client, member_a, agency_a):
    from puente.tests.api_helpers import agency_world, valid_bodies

    world = agency_world(agency_a)
    token = token_for(member_a)
    for number, (register, body) in enumerate(valid_bodies(world).items()):
        url = f"/api/v1/agencies/{agency_a.slug}/{register}"
        made = client.post(
            url, body, content_type="application/json",
            **auth(token, HTTP_IDEMPOTENCY_KEY=f"create-{number}"),
        )  # fmt: skip
        assert made.status_code == 201, (register, made.content)
        if register == "contacts/bulk":
            continue
        record = f"{url}/{made.json()['id']}"
        assert client.get(record, **auth(token)).json() == made.json()
        assert client.delete(record, **auth(token)).status_code == 204, register
        assert client.get(record, **auth(token)).status_code == 404


def test_a_bare_list_for_bulk_is_told_to_send_an_object(client, member_a, agency_a):
    liaison = LiaisonFactory(agency=agency_a)
    token = token_for(member_a)
    url = f"/api/v1/agencies/{agency_a.slug}/contacts/bulk"
    for language, words in (("en", "Send a JSON object"), ("es", "Envíe un objeto")):
        answer = client.post(
            url, [_contact(liaison)], content_type="application/json",
            **auth(token, HTTP_IDEMPOTENCY_KEY=f"list-{language}",
                   HTTP_ACCEPT_LANGUAGE=language),
        )  # fmt: skip
        assert answer.status_code == 422
        assert words in answer.json()["errors"][0]["message"]
    assert not CommunityContact.objects.exists()

"""Every workspace view against every persona: the member succeeds, another
agency's member gets 404, a read-only member gets 403 on writes, an anonymous
visitor is sent to sign in, and the wrong method gets 405."""

import pytest
from django.urls import reverse

from puente.agencies.models import Membership
from puente.agencies.roles import AgencyRole

pytestmark = pytest.mark.django_db


def _target_uuid(agency_a):
    return (
        Membership.objects.filter(agency=agency_a, role=AgencyRole.STAFF).first().uuid
    )


# (url name, needs a target membership, method, data, is a write, who may, wrong method)
VIEWS = [
    (
        "insights_workspace:agency_dashboard", False, "get", None, False, "member_a",
        "post",
    ),  # fmt: skip
    ("members", False, "get", None, False, "member_a", "post"),
    ("update_profile", False, "get", None, True, "member_a", "put"),
    ("update_profile", False, "post", {"name": "Renamed PD (fictional)"}, True, "member_a", "delete"),
    ("add_member", False, "get", None, True, "admin_a", "put"),
    ("add_member", False, "post", {"email": "new@a.example", "role": "staff"}, True, "admin_a", "delete"),
    ("change_member_role", True, "post", {"role": "analyst"}, True, "admin_a", "get"),
    ("remove_member", True, "post", {}, True, "admin_a", "get"),
    ("audit_log", False, "get", None, True, "admin_a", "post"),
]  # fmt: skip
IDS = [f"{v[0]}-{v[2]}" for v in VIEWS]


@pytest.fixture
def everyone(admin_a, member_a, viewer_a, member_b, evaluator, outsider):
    return {
        "admin_a": admin_a,
        "member_a": member_a,
        "viewer_a": viewer_a,
        "member_b": member_b,
        "evaluator": evaluator,
        "outsider": outsider,
    }


def _url(name, needs_target, slug, agency_a):
    kwargs = {"slug": slug}
    if needs_target:
        kwargs["member"] = _target_uuid(agency_a)
    return reverse(name if ":" in name else f"agencies:{name}", kwargs=kwargs)


@pytest.mark.parametrize("view", VIEWS, ids=IDS)
def test_the_allowed_role_succeeds(client, everyone, agency_a, view):
    name, needs_target, method, data, _write, who, _wrong = view
    client.force_login(everyone[who])
    response = getattr(client, method)(
        _url(name, needs_target, agency_a.slug, agency_a), data or {}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "login" not in response["Location"]


@pytest.mark.parametrize("view", VIEWS, ids=IDS)
@pytest.mark.parametrize("who", ["member_b", "evaluator", "outsider"])
def test_other_agencies_get_404(client, everyone, agency_a, view, who):
    """Bob, the evaluator and Olga are not members of A: they cannot even learn it exists."""
    name, needs_target, method, data, *_ = view
    client.force_login(everyone[who])
    response = getattr(client, method)(
        _url(name, needs_target, agency_a.slug, agency_a), data or {}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "view",
    [v for v in VIEWS if v[4]],
    ids=[i for v, i in zip(VIEWS, IDS, strict=True) if v[4]],
)
def test_viewer_gets_403_on_writes(client, everyone, agency_a, view):
    """Vera is a read-only member: she may look but not change."""
    name, needs_target, method, data, *_ = view
    client.force_login(everyone["viewer_a"])
    response = getattr(client, method)(
        _url(name, needs_target, agency_a.slug, agency_a), data or {}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "view",
    [v for v in VIEWS if not v[4]],
    ids=[i for v, i in zip(VIEWS, IDS, strict=True) if not v[4]],
)
def test_viewer_may_read(client, everyone, agency_a, view):
    name, needs_target, method, *_ = view
    client.force_login(everyone["viewer_a"])
    assert (
        getattr(client, method)(
            _url(name, needs_target, agency_a.slug, agency_a)
        ).status_code
        == 200
    )


@pytest.mark.parametrize("view", VIEWS, ids=IDS)
def test_anonymous_is_sent_to_login(client, everyone, agency_a, view):
    name, needs_target, method, data, *_ = view
    url = _url(name, needs_target, agency_a.slug, agency_a)
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("view", VIEWS, ids=IDS)
def test_wrong_method_gets_405(client, everyone, agency_a, view):
    name, needs_target, _method, _data, _write, who, wrong = view
    client.force_login(everyone[who])
    response = getattr(client, wrong)(_url(name, needs_target, agency_a.slug, agency_a))
    assert response.status_code == 405


def test_unknown_agency_is_404_even_for_members(client, member_a):
    client.force_login(member_a)
    assert (
        client.get(
            reverse(
                "insights_workspace:agency_dashboard", kwargs={"slug": "no-such-agency"}
            )
        ).status_code
        == 404
    )


def test_a_membership_of_another_agency_is_404(
    client, admin_a, member_b, agency_a, agency_b
):
    """Alice administers A; Bob's membership in B must not be reachable through A's URL."""
    bob_membership = Membership.objects.get(user=member_b)
    client.force_login(admin_a)
    url = reverse(
        "agencies:remove_member",
        kwargs={"slug": agency_a.slug, "member": bob_membership.uuid},
    )
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=bob_membership.pk).exists()

"""Every POST route of the agency workspace, sent by every role, answers as the role ×
action table in docs/roles.md says: 403 where the role lacks the action, something else
(a form, a redirect, 404 for a made-up object) where it has it."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from puente.agencies.roles import (
    AGENCY_PERMISSIONS,
    ROLES_TABLE,
    AgencyRole,
    agency_role_allows,
    read_table,
)
from puente.agencies.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROUTES = {
    row[0]: row[1]
    for row in read_table(ROLES_TABLE.read_text(encoding="utf-8"), "routes")
}
# Values for the other parts of each address: made-up objects, so that only the role
# decides between 403 and anything else.
FILLERS = {
    "uuid": lambda: uuid.uuid4(),
    "int": lambda: 999_999,
    "slug": lambda: "no-such-thing",
    "str": lambda: "policy",
    "portal_language": lambda: "es",
}


def _workspace_routes():
    """(name, {argument: converter name}) of every route under workspace/<slug>/."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (
                    pattern.namespace + ":" if pattern.namespace else ""
                )
                yield from walk(
                    pattern.url_patterns, prefix + str(pattern.pattern), inner
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if "workspace/<slug:slug>/" in route:
                    converters = {
                        name: converter or "str"
                        for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route)
                    }
                    yield namespace + pattern.name, converters

    return dict(walk(get_resolver().url_patterns, "", ""))


def _url(name: str, converters: dict[str, str], slug: str) -> str:
    kwargs = {"slug": slug}
    for argument, converter in converters.items():
        if argument == "slug":
            continue
        kwargs[argument] = FILLERS.get(converter, FILLERS["slug"])()
    if name.startswith("outreach:register") and "register" in kwargs:
        kwargs["register"] = "partners"
    if "file_format" in kwargs:
        kwargs["file_format"] = "csv"
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def clients(agency_a):
    by_role = {}
    for role in AgencyRole.values:
        user = MembershipFactory(agency=agency_a, role=role).user
        client = Client()
        client.force_login(user)
        by_role[role] = client
    return by_role


def test_every_post_route_of_the_workspace_is_in_the_table(agency_a, clients):
    admin = clients[AgencyRole.ADMIN]
    posting = []
    for name, converters in _workspace_routes().items():
        response = admin.post(_url(name, converters, agency_a.slug))
        if response.status_code != 405:
            posting.append(name)
    missing = sorted(set(posting) - set(ROUTES))
    assert missing == [], "\n".join(missing)
    assert all(action in AGENCY_PERMISSIONS for action in ROUTES.values())


def test_every_post_route_times_every_role_follows_the_table(agency_a, clients):
    routes = _workspace_routes()
    checked = 0
    for entry, action in ROUTES.items():
        name, _sep, extra = entry.partition(" ")
        data = dict([extra.split("=")]) if extra else {}
        if name == "portal_workspace:edit_text":
            data["body"] = "Texto de la política."
        url = _url(name, routes[name], agency_a.slug)
        for role, client in clients.items():
            status = client.post(url, data).status_code
            if agency_role_allows(role, action):
                assert status != 403, (entry, role, status)
            else:
                assert status == 403, (entry, role, status)
            checked += 1
    assert checked == len(ROUTES) * len(AgencyRole.values)


def test_only_an_admin_or_publisher_publishes_the_enforcement_policy(agency_a, clients):
    from puente.portal.models import PortalText

    url = reverse(
        "portal_workspace:edit_text",
        kwargs={"slug": agency_a.slug, "section": "policy", "language": "en"},
    )
    data = {"body": "We do not ask about immigration status.", "action": "publish"}
    for role in (AgencyRole.STAFF, AgencyRole.LIAISON, AgencyRole.ANALYST):
        assert clients[role].post(url, data).status_code == 403
    assert not PortalText.objects.filter(published__contains="immigration").exists()
    assert clients[AgencyRole.PUBLISHER].post(url, data).status_code == 302
    assert PortalText.objects.get(section="policy", language="en").version == 1

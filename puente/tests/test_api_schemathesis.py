"""Schemathesis against the served schema, in process (WSGI), with two agencies' tokens.

Every operation gets a bounded number of generated cases, valid and invalid
(`GenerationMode.all()`). Each case is sent as generated with agency A's token, then
again with A's real slug, records and program in its path: with A's read-write token,
B's token (foreign), A's read-only token and no token; a 200 GET is repeated with its
ETag in If-None-Match. Every response must pass schemathesis' checks (no server error;
status code, content type and body as documented), and at the end every status code
the schema documents for an operation must have been answered at least once.
"""

import copy
import os
from collections import defaultdict

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from puente.assessments.models import Campaign
from puente.insights.models import Publication
from puente.tests.api_helpers import agency_world, auth, token_for, valid_bodies
from puente.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The same cases on every run, so CI is repeatable; PUENTE_API_FUZZ=N explores N random
# cases per operation instead (a longer run, by hand).
FUZZ = int(os.environ.get("PUENTE_API_FUZZ") or 0)
EXAMPLES = FUZZ or 2


@pytest.fixture
def setup(db, settings, agency_a, agency_b, member_a, member_b, program, evaluator):
    settings.PUENTE_API_RATE_LIMIT = 0
    settings.ALLOWED_HOSTS = ["*"]
    world = agency_world(agency_a, program)
    Publication.objects.create(
        campaign=Campaign.objects.get(slug=world["campaign"]),
        published_at=timezone.now(),
    )
    # As Django's test client does: the WSGI handler would otherwise close the test's
    # database connection (and its transaction) after every request on PostgreSQL.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {
            "world": world,
            "bodies": valid_bodies(world),
            "slug": agency_a.slug,
            "program": program.slug,
            "own": token_for(member_a),
            "read_only": token_for(member_a, read_only=True),
            "foreign": token_for(member_b),
            "evaluator": token_for(evaluator),
        }
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _real_path(case, setup) -> dict:
    world, params = setup["world"], dict(case.path_parameters or {})
    path = case.operation.path
    if "slug" in params:
        params["slug"] = setup["slug"]
    if "program" in params:
        params["program"] = setup["program"]
    if "campaign" in params:
        params["campaign"] = world["campaign"]
    if "record_id" in params:
        register = path.split("/")[5]
        params["record_id"] = world.get(register, 1)
    if "uuid" in params:
        params["uuid"] = str(
            world["campaign_response"]
            if "/campaigns/" in path
            else world["document"]
            if "/documents/" in path
            else world["self_assessment"]
        )
    if "quarter" in params:
        params["quarter"] = "2026Q1"
    return params


def _register(path: str) -> str:
    """ "contacts" for /api/v1/agencies/{slug}/contacts/{record_id}, "contacts/bulk"…"""
    if not path.startswith("/api/v1/agencies/{slug}/"):
        return ""
    return "/".join(p for p in path.split("/")[5:] if p != "{record_id}")


def _fresh(client, setup, register: str) -> int:
    """A new record to delete, so that deleting never removes the shared ones."""
    body = copy.deepcopy(setup["bodies"][register])
    if register == "goal-reports":  # one figure per goal and quarter
        body["quarter"] = f"{2000 + _fresh.count % 26}Q1"
    made = client.post(
        f"/api/v1/agencies/{setup['slug']}/{register}", body,
        content_type="application/json",
        **auth(setup["own"], HTTP_IDEMPOTENCY_KEY=f"fresh-{_fresh.count}"),
    )  # fmt: skip
    _fresh.count += 1
    # Django's test client reconnects these after each of its requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    assert made.status_code == 201, made.content
    return made.json()["id"]


_fresh.count = 0


def _bad_variant(case) -> dict:
    """One request the schema says is invalid, so every documented 422 is reached:
    a field the body may not set, a page 0, a record id 0, or a malformed uuid."""
    if case.body is not None and isinstance(case.body, dict):
        return {"body": {**case.body, "id": 1}}
    params = case.path_parameters or {}
    if "record_id" in params:
        return {"path_parameters": {**params, "record_id": 0}}
    if "uuid" in params:
        return {"path_parameters": {**params, "uuid": "not-a-uuid"}}
    if "quarter" in params:
        return {"path_parameters": {**params, "quarter": "2026Q9"}}
    if "language" in params:
        return {"path_parameters": {**params, "language": "xx"}}
    if "table" in params:
        return {"path_parameters": {**params, "table": "nothing"}}
    return {"query": {**(case.query or {}), "page": 0, "lang": "xx", "by": "xx",
                      "agency_type": "xx", "category": "xx"}}  # fmt: skip


def _variant(case, **changes):
    """A copy of `case` with some parts replaced (schemathesis cases do not deepcopy)."""
    parts = {
        "path_parameters": dict(case.path_parameters or {}),
        "headers": dict(case.headers or {}),
        "query": dict(case.query or {}),
        "body": case.body,
        "media_type": case.media_type,
    }
    return case.operation.Case(**{**parts, **changes})


def _send(case, token, reached, *, etag_check=False, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS)
    reached[(case.operation.method.upper(), case.operation.path)].add(
        response.status_code
    )
    etag = response.headers.get("etag", [""])[0]
    if etag_check and response.status_code == 200 and etag:
        again = case.call(headers={**headers, "If-None-Match": etag})
        case.validate_response(again, checks=CHECKS)
        reached[(case.operation.method.upper(), case.operation.path)].add(
            again.status_code
        )
    return response


def _exercise(case, operation, own, setup, reached, client):
    """Send one generated case in every variant the module docstring lists."""
    case.headers = {
        **(case.headers or {}),
        "Idempotency-Key": f"st-{id(case)}-{len(reached)}",
    }
    _send(case, own, reached)
    query = dict(case.query or {})
    if "/quarters/" in operation.path and query.get("liaison"):
        query["liaison"] = setup["world"]["liaisons"]
    real = _variant(case, path_parameters=_real_path(case, setup), query=query)
    method, register = operation.method.upper(), _register(operation.path)
    if method == "DELETE":
        fresh = {**real.path_parameters,
                 "record_id": _fresh(client, setup, register)}  # fmt: skip
        _send(_variant(real, path_parameters=fresh), own, reached)
        if register == "liaisons":  # in use by a contact: 409
            _send(real, own, reached)
    else:
        _send(real, own, reached, etag_check=True)
    if method == "POST" and register:
        body = copy.deepcopy(setup["bodies"][register])
        _send(_variant(real, body=body), own, reached)
    if method == "PATCH":
        _send(_variant(real, body={}), own, reached)
    _send(real, setup["foreign"], reached)
    _send(real, None, reached)
    _send(real, "pnt_not_a_token", reached)
    if operation.method.upper() != "GET":
        _send(real, setup["read_only"], reached)
    _send(_variant(real, **_bad_variant(real)), own, reached)
    if real.body is not None and isinstance(real.body, dict):
        broken = _variant(real, body=b"{not json", media_type="text/plain")
        _send(broken, own, reached)


def _run(operation, own, setup, reached, client):
    @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
           | operation.as_strategy())  # fmt: skip
    @hypothesis_settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=not FUZZ,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case):
        _exercise(case, operation, own, setup, reached, client)

    run()


def test_schemathesis_finds_no_error_and_reaches_every_documented_status(client, setup):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    reached: dict[tuple[str, str], set[int]] = defaultdict(set)
    documented: dict[tuple[str, str], set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        documented[key] = {int(code) for code in operation.definition.raw["responses"]}
        program_route = "{program}" in operation.path
        own = setup["evaluator"] if program_route else setup["own"]

        _run(operation, own, setup, reached, client)
    missing = {
        f"{method} {path}": sorted(codes - reached[(method, path)])
        for (method, path), codes in documented.items()
        if codes - reached[(method, path)]
    }
    assert not missing, missing
    # Every operation was exercised with real data at least once.
    assert all(
        200 in codes or 201 in codes or 204 in codes for codes in reached.values()
    )

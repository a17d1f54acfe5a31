"""The tenancy matrix through the API, built from the served schema so that a new
endpoint is covered the day it is added: every endpoint under an agency or a program,
called on agency A's real records with agency B's token, answers 404 and no data; every
write with a read-only token of A's own staff answers 403, and so does every write by
A's read-only role (viewer) with a read-write token; without a token, 401."""

import json

import pytest

from puente.tests.api_helpers import agency_world, auth, fill_path, token_for

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail"}


@pytest.fixture
def matrix(client, agency_a, member_a, viewer_a, member_b, program, evaluator):
    world = agency_world(agency_a, program)
    schema = client.get("/api/v1/openapi.json").json()
    operations = [
        (method.upper(), "/api/v1" + path if not path.startswith("/api") else path)
        for path, methods in schema["paths"].items()
        for method in methods
        if "{slug}" in path or "{program}" in path
    ]
    # Public routes also take {slug}; they are not agency-private.
    operations = [(m, p) for m, p in operations if "/public/" not in p]
    operations = [(m, p) for m, p in operations if p not in {"/api/v1/agencies/{slug}"}]
    return {
        "world": world,
        "operations": operations,
        "slug": agency_a.slug,
        "program": program.slug,
        "foreign": token_for(member_b),
        "read_only": token_for(member_a, read_only=True),
        "viewer": token_for(viewer_a),
        "evaluator": token_for(evaluator),
    }


def _call(client, method, url, token=None, body=None):
    headers = auth(token, HTTP_IDEMPOTENCY_KEY="matrix") if token else {}
    return client.generic(
        method, url, json.dumps(body or {}), content_type="application/json", **headers
    )


def _url(matrix, path):
    return fill_path(
        path, slug=matrix["slug"], world=matrix["world"], program=matrix["program"]
    )


def test_the_matrix_covers_every_private_endpoint(matrix):
    methods = {m for m, _p in matrix["operations"]}
    assert methods == {"GET", "POST", "PATCH", "DELETE"}
    assert len(matrix["operations"]) >= 70


def test_a_foreign_agencys_token_gets_404_and_no_data_everywhere(client, matrix):
    for method, path in matrix["operations"]:
        url = _url(matrix, path)
        response = _call(client, method, url, matrix["foreign"])
        assert response.status_code == 404, (method, url, response.content)
        assert set(response.json()) <= PROBLEM_KEYS | {"errors"}, (method, url)
        assert matrix["slug"] not in response.content.decode(), (method, url)


def test_a_read_only_token_gets_403_on_every_write(client, matrix):
    writes = [(m, p) for m, p in matrix["operations"] if m != "GET"]
    assert writes
    for method, path in writes:
        if "{program}" in path:
            continue
        url = _url(matrix, path)
        for token in (matrix["read_only"], matrix["viewer"]):
            response = _call(client, method, url, token)
            assert response.status_code == 403, (method, url, response.content)


def test_the_same_reads_work_for_the_agencys_own_read_only_token(client, matrix):
    for method, path in matrix["operations"]:
        if method != "GET" or "{program}" in path:
            continue
        url = _url(matrix, path)
        response = _call(client, method, url, matrix["read_only"])
        assert response.status_code == 200, (url, response.content)


def test_program_routes_answer_the_programs_evaluator(client, matrix):
    program_gets = [p for m, p in matrix["operations"] if "{program}" in p]
    assert program_gets
    for path in program_gets:
        url = _url(matrix, path)
        assert _call(client, "GET", url, matrix["evaluator"]).status_code == 200, url
        # Agency A's own staff are not the program's evaluators.
        assert _call(client, "GET", url, matrix["read_only"]).status_code == 404, url


def test_without_a_token_every_private_endpoint_answers_401(client, matrix):
    for method, path in matrix["operations"]:
        response = _call(client, method, _url(matrix, path))
        assert response.status_code == 401, (method, path)
        assert response["WWW-Authenticate"] == "Bearer"

import pytest

from puente.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_the_directory_api_filters_and_paginates(client, agency_a, agency_b):
    Agency.objects.filter(pk=agency_b.pk).update(
        state="FL", agency_type=Agency.Type.SHERIFF
    )
    body = client.get("/api/v1/agencies", {"state": "fl"}).json()
    assert body["count"] == 1
    assert body["items"][0]["slug"] == agency_b.slug
    assert body["items"][0]["agency_type"] == "sheriff"
    body = client.get("/api/v1/agencies", {"agency_type": "municipal"}).json()
    assert [item["slug"] for item in body["items"]] == [agency_a.slug]


def test_the_directory_api_exposes_public_facts_only(client, agency_a, member_a):
    item = client.get(f"/api/v1/agencies/{agency_a.slug}").json()
    assert item["name"] == agency_a.name
    assert not {"memberships", "members", "created_at", "updated_at"} & set(item)


def test_an_unknown_agency_is_404(client, db):
    assert client.get("/api/v1/agencies/nope").status_code == 404


def test_a_bad_filter_is_a_clear_422(client, db):
    response = client.get("/api/v1/agencies", {"agency_type": "spaceship"})
    assert response.status_code == 422
    assert "municipal" in response.json()["errors"][0]["message"]


def test_principles_api_in_spanish(client, db):
    body = client.get("/api/v1/principles", {"lang": "es"}).json()
    assert len(body) == 8
    assert body[2]["name"] == "Aprovechar las alianzas"


def test_the_openapi_schema_describes_the_api(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/agencies", "/api/v1/agencies/{slug}", "/api/v1/principles"} <= set(
        schema["paths"]
    )

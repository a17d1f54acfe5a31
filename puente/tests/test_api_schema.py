import json
from pathlib import Path

import pytest

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


@pytest.mark.django_db
def test_the_committed_schema_is_the_served_one(client):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text()), (
        "docs/openapi.json is stale: run `make openapi` and commit it."
    )


@pytest.mark.django_db
def test_the_interactive_docs_are_served(client):
    assert client.get("/api/v1/docs").status_code == 200

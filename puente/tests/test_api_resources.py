"""The API's other resources give what their pages give: the survey's results with the
same cells suppressed, the evaluator's campaign data (not a conflicted agency's), the
language-access coverage and the self-assessment explanation."""

import pytest

from puente.assessments.models import ConflictOfInterest
from puente.portal import selectors as portal_selectors
from puente.portal.tests.factories import SurveyResponseFactory
from puente.tests.api_helpers import agency_world, auth, token_for

pytestmark = pytest.mark.django_db


def test_survey_results_suppress_the_same_cells_as_the_page(client, agency_a):
    SurveyResponseFactory.create_batch(12, agency=agency_a, language="en")
    SurveyResponseFactory.create_batch(3, agency=agency_a, language="ar")
    body = client.get(
        f"/api/v1/public/agencies/{agency_a.slug}/survey-results", {"by": "language"}
    ).json()
    table = portal_selectors.survey_results(agency=agency_a, by="language")
    assert body["groups"] == table.groups
    for group, cell in table.responses.items():
        given = body["responses"][group]
        assert given["suppressed"] == cell.suppressed
        assert given["n"] == (None if cell.suppressed else cell.n)
    # Three Arabic answers are under the threshold: no count of them leaves Puente.
    assert body["responses"]["ar"] == {
        "suppressed": True, "n": None, "agree": None, "share": None, "interval": None,
    }  # fmt: skip
    for row in body["questions"].values():
        assert row["ar"]["n"] is None and row["ar"]["agree"] is None


def test_an_evaluator_reads_campaigns_scores_and_explanations(
    client, agency_a, program, evaluator
):
    world = agency_world(agency_a, program)
    token = token_for(evaluator)
    base = f"/api/v1/programs/{program.slug}/campaigns"
    assert [c["slug"] for c in client.get(base, **auth(token)).json()] == [
        world["campaign"]
    ]
    status = client.get(f"{base}/{world['campaign']}/responses", **auth(token)).json()
    assert status == [] or status[0]["agency"] == agency_a.slug
    detail = f"{base}/{world['campaign']}/responses/{world['campaign_response']}"
    explained = client.get(detail, **auth(token))
    assert explained.status_code == 200
    assert "items" in explained.json()
    ConflictOfInterest.objects.create(
        campaign_id=program.campaigns.get().pk, reviewer=evaluator, agency=agency_a,
        reason="Former employee",
    )  # fmt: skip
    assert client.get(detail, **auth(token)).status_code == 404


def test_language_access_and_self_assessments_for_members(client, agency_a, viewer_a):
    world = agency_world(agency_a)
    token = token_for(viewer_a)
    overview = client.get(
        f"/api/v1/agencies/{agency_a.slug}/language-access", **auth(token)
    ).json()
    assert overview["analysis"] is None  # no Census import yet
    documents = client.get(
        f"/api/v1/agencies/{agency_a.slug}/language-access/documents", **auth(token)
    ).json()
    assert [d["uuid"] for d in documents] == [str(world["document"])]
    detail = client.get(
        f"/api/v1/agencies/{agency_a.slug}/self-assessments/{world['self_assessment']}",
        **auth(token),
    ).json()
    assert detail["respondent_type"] == "command"
    assert isinstance(detail["items"], list)


def test_the_instrument_as_json_and_xlsform(client, member_a):
    token = token_for(member_a)
    spec = client.get("/api/v1/assessment/instrument", **auth(token)).json()
    assert len(spec["spec"]["items"]) >= 90
    workbook = client.get("/api/v1/assessment/instrument.xlsx", **auth(token))
    assert workbook.status_code == 200
    assert workbook.content[:2] == b"PK"

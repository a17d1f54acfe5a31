import pytest
from django.urls import reverse

from puente.assessments.models import Response
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _start(client, agency, respondent_type="command"):
    response = client.post(
        reverse("assessments:start", kwargs={"slug": agency.slug}),
        {"respondent_type": respondent_type},
    )
    assert response.status_code == 302
    return Response.objects.latest("started_at")


def _url(name, agency, response, **extra):
    return reverse(
        f"assessments:{name}",
        kwargs={"slug": agency.slug, "response": response.uuid, **extra},
    )


def test_a_member_answers_page_by_page_and_submits(
    client, member_a, agency_a, instrument
):
    client.force_login(member_a)
    response = _start(client, agency_a)
    page1 = client.get(_url("answer", agency_a, response, page=1))
    assert page1.status_code == 200
    body = page1.content.decode()
    assert "Do you have a liaison?" in body
    # The frequency question depends on an answer on the same page, so it says so.
    assert "Answer only if your answer to" in body

    client.post(
        _url("answer", agency_a, response, page=1),
        {"out_liaison": "yes", "out_frequency": "weekly", "out_channels": ["radio"]},
    )
    client.post(
        _url("answer", agency_a, response, page=2),
        {"mon_tracks": "no", "mon_officers": "12"},
    )
    response.refresh_from_db()
    assert response.answers == {
        "out_liaison": "yes",
        "out_frequency": "weekly",
        "out_channels": ["radio"],
        "mon_tracks": "no",
        "mon_officers": 12,
    }

    review = client.get(_url("review", agency_a, response))
    assert "Weekly" in review.content.decode()
    submitted = client.post(_url("submit", agency_a, response))
    assert submitted["Location"] == _url("results", agency_a, response)
    response.refresh_from_db()
    assert response.is_submitted
    # outreach (2 + 1) / (2 + 2) = 75; partnerships 2/2 = 100; monitor 0/3 = 0
    assert response.principle_scores == {
        "broad-outreach": 75.0,
        "leverage-partnerships": 100.0,
        "monitor": 0.0,
    }
    assert response.composite == 58.3
    results = client.get(_url("results", agency_a, response)).content.decode()
    assert "58.3" in results
    assert "How the score was computed" in results
    assert AuditEvent.objects.filter(
        object_id=str(response.pk),
        action="update",
        changes__status=["draft", "submitted"],
    ).exists()


def test_save_and_resume_keeps_answers(client, member_a, agency_a, instrument):
    client.force_login(member_a)
    response = _start(client, agency_a)
    saved = client.post(
        _url("answer", agency_a, response, page=1),
        {"out_liaison": "no", "save_exit": "1"},
    )
    assert saved["Location"] == reverse(
        "assessments:self_assessments", kwargs={"slug": agency_a.slug}
    )
    page = client.get(_url("answer", agency_a, response, page=1))
    assert page.context["form"].initial["out_liaison"] == "no"


def test_skip_logic_across_pages_and_in_scoring(client, member_a, agency_a, instrument):
    client.force_login(member_a)
    response = _start(client, agency_a)
    client.post(
        _url("answer", agency_a, response, page=1),
        {"out_liaison": "no", "out_frequency": "weekly"},
    )
    client.post(_url("answer", agency_a, response, page=2), {"mon_tracks": "yes"})
    client.post(_url("submit", agency_a, response))
    response.refresh_from_db()
    # With no liaison the frequency question is not asked: its stray answer earns nothing.
    assert response.principle_scores["broad-outreach"] == 0.0
    assert response.principle_scores["monitor"] == 100.0


def test_validation_errors_are_in_the_respondents_language(
    client, member_a, agency_a, instrument
):
    client.force_login(member_a)
    response = _start(client, agency_a)
    page = client.post(
        "/es" + _url("answer", agency_a, response, page=2), {"mon_officers": "9999"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "¿Cuántos agentes hablan español?" in body
    assert "menor o igual a 500" in body
    response.refresh_from_db()
    assert "mon_officers" not in response.answers


def test_submitting_with_required_answers_missing_is_refused(
    client, member_a, agency_a, instrument
):
    client.force_login(member_a)
    response = _start(client, agency_a)
    client.post(_url("answer", agency_a, response, page=1), {"out_liaison": "yes"})
    refused = client.post(_url("submit", agency_a, response))
    assert refused.status_code == 400
    assert "Answer every required question" in refused.content.decode()
    response.refresh_from_db()
    assert response.status == "draft"


def test_a_submitted_response_is_locked(client, member_a, agency_a, instrument):
    client.force_login(member_a)
    response = _start(client, agency_a)
    client.post(_url("answer", agency_a, response, page=1), {"out_liaison": "no"})
    client.post(_url("answer", agency_a, response, page=2), {"mon_tracks": "yes"})
    client.post(_url("submit", agency_a, response))
    response.refresh_from_db()
    scores = dict(response.principle_scores)
    again = client.post(_url("submit", agency_a, response))
    assert again.status_code == 400
    assert "can no longer change" in again.content.decode()
    edit = client.post(
        _url("answer", agency_a, response, page=1), {"out_liaison": "yes"}
    )
    assert edit["Location"] == _url("results", agency_a, response)
    response.refresh_from_db()
    assert response.answers["out_liaison"] == "no"
    assert response.principle_scores == scores


def test_results_show_the_change_since_last_time(
    client, member_a, agency_a, instrument
):
    client.force_login(member_a)
    for tracks in ("no", "yes"):
        response = _start(client, agency_a)
        client.post(_url("answer", agency_a, response, page=1), {"out_liaison": "no"})
        client.post(_url("answer", agency_a, response, page=2), {"mon_tracks": tracks})
        client.post(_url("submit", agency_a, response))
    page = client.get(_url("results", agency_a, response))
    monitor = next(r for r in page.context["rows"] if r["key"] == "monitor")
    assert (monitor["previous"], monitor["score"], monitor["change"]) == (
        0.0,
        100.0,
        100.0,
    )


def test_peer_comparison_is_hidden_below_the_small_cell_threshold(
    client, member_a, agency_a, instrument, settings
):
    client.force_login(member_a)
    response = _start(client, agency_a)
    client.post(_url("answer", agency_a, response, page=1), {"out_liaison": "no"})
    client.post(_url("answer", agency_a, response, page=2), {"mon_tracks": "no"})
    client.post(_url("submit", agency_a, response))
    page = client.get(_url("results", agency_a, response))
    assert page.context["peers"].suppressed
    assert "Peer comparison is hidden" in page.content.decode()


# Tenancy and roles on every self-assessment view.
@pytest.fixture
def draft(agency_a, member_a, instrument):
    return Response.objects.create(
        instrument=instrument,
        agency=agency_a,
        respondent_type="command",
        created_by=member_a,
    )


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("answer", "get", {"page": 1}),
        ("review", "get", {}),
        ("submit", "post", {}),
        ("results", "get", {}),
    ],
)
def test_another_agency_gets_404(
    client, member_b, agency_a, draft, name, method, extra
):
    client.force_login(member_b)
    assert (
        getattr(client, method)(_url(name, agency_a, draft, **extra)).status_code == 404
    )


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [("answer", "get", {"page": 1}), ("review", "get", {}), ("submit", "post", {})],
)
def test_viewer_gets_403_on_writes(
    client, viewer_a, agency_a, draft, name, method, extra
):
    client.force_login(viewer_a)
    assert (
        getattr(client, method)(_url(name, agency_a, draft, **extra)).status_code == 403
    )


def test_viewer_may_read_the_list_but_not_start(client, viewer_a, agency_a, instrument):
    client.force_login(viewer_a)
    assert (
        client.get(
            reverse("assessments:self_assessments", kwargs={"slug": agency_a.slug})
        ).status_code
        == 200
    )
    assert (
        client.post(
            reverse("assessments:start", kwargs={"slug": agency_a.slug}),
            {"respondent_type": "command"},
        ).status_code
        == 403
    )


def test_anonymous_goes_to_login_and_wrong_methods_get_405(
    client, member_a, agency_a, draft
):
    url = _url("review", agency_a, draft)
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(member_a)
    assert client.post(url).status_code == 405
    assert client.get(_url("submit", agency_a, draft)).status_code == 405
    assert (
        client.get(
            reverse("assessments:start", kwargs={"slug": agency_a.slug})
        ).status_code
        == 405
    )


def test_a_response_of_agency_a_is_404_through_agency_bs_url(
    client, member_b, agency_b, draft
):
    """Bob is a member of B; A's response must not answer under B's address either."""
    client.force_login(member_b)
    assert client.get(_url("review", agency_b, draft)).status_code == 404


def test_results_show_the_police_partner_gap_and_the_question_behind_it(
    client, member_a, agency_a, instrument
):
    """Two police respondents say there is a liaison; three partners say they cannot
    reach one: the gap is 100 points, and with 2 + 3 respondents an exact permutation
    test gives p = 2 / C(5, 2) = 0.2, not larger than chance."""
    client.force_login(member_a)
    for kind, answers in [
        (
            "command",
            [{"out_liaison": "yes", "out_frequency": "weekly"}, {"mon_tracks": "no"}],
        ),
        ("civilian", [{"out_liaison": "yes"}, {"mon_tracks": "no"}]),
        ("partner", [{"pv_liaison": "no"}]),
        ("partner", [{"pv_liaison": "no"}]),
        ("partner", [{"pv_liaison": "no"}]),
    ]:
        response = _start(client, agency_a, kind)
        for page, data in enumerate(answers, start=1):
            client.post(_url("answer", agency_a, response, page=page), data)
        client.post(_url("submit", agency_a, response))
        assert Response.objects.get(pk=response.pk).is_submitted, kind
    page = client.get(_url("results", agency_a, response))
    gap = next(g for g in page.context["gaps"] if g.key == "leverage-partnerships")
    assert (gap.police_n, gap.partner_n) == (2, 3)
    assert (gap.police_mean, gap.partner_mean, gap.gap) == (100.0, 0.0, 100.0)
    assert gap.p_value == pytest.approx(0.2)
    assert not gap.larger_than_chance
    assert gap.drivers[0].label == "Do you have a liaison?"
    body = page.content.decode()
    assert "How your officers and your community partners see it" in body
    assert "Do you have a liaison?: police 100.0%, partners 0.0% of the points" in body


def test_no_gap_is_shown_with_a_single_partner(client, member_a, agency_a, instrument):
    client.force_login(member_a)
    for kind, answers in [
        (
            "command",
            [{"out_liaison": "yes", "out_frequency": "weekly"}, {"mon_tracks": "no"}],
        ),
        ("civilian", [{"out_liaison": "yes"}, {"mon_tracks": "no"}]),
        ("partner", [{"pv_liaison": "no"}]),
    ]:
        response = _start(client, agency_a, kind)
        for page, data in enumerate(answers, start=1):
            client.post(_url("answer", agency_a, response, page=page), data)
        client.post(_url("submit", agency_a, response))
    page = client.get(_url("results", agency_a, response))
    assert not page.context["gap_shown"]
    assert "at least two police respondents and two community partners" in (
        page.content.decode()
    )

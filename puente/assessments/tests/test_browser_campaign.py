"""Must show: a campaign from creation to publication through the pages only, in
Chromium: create, add agencies, open, send, answer, close, shortlist, two rounds of
review, select, publish."""

import re

import pytest
from django.core import mail

from puente.agencies.tests.factories import AgencyFactory
from puente.assessments.models import Campaign, CampaignAgency
from puente.conftest import browser_sign_in
from puente.insights.models import Publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    yield context.new_page()
    context.close()


def test_a_campaign_from_creation_to_publication_through_the_pages(
    page, live_server, evaluator, program, instrument, password
):
    north = AgencyFactory(name="North PD (fictional)", state="IA", ori="IA0000001")
    south = AgencyFactory(name="South PD (fictional)", state="IA", ori="IA0000002")
    AgencyFactory(name="Elsewhere PD (fictional)", state="TX")
    base = live_server.url
    browser_sign_in(page, base, evaluator.email, password)

    # Create: a draft.
    page.goto(f"{base}/programs/{program.slug}/campaigns/")
    page.locator("#id_name").fill("Spring round (fictional)")
    page.locator("#id_slug").fill("spring")
    page.get_by_role("button", name=re.compile("Create")).click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Spring round (fictional)"
    )
    assert "Status: Draft" in page.inner_text("main")
    _no_axe_violations(page)

    # Add agencies: the page says how many match and asks first.
    page.locator("#id_states").fill("IA")
    page.get_by_role("button", name="Add the matching agencies").click()
    assert "2 agencies match the filters" in page.inner_text("main")
    _no_axe_violations(page)
    page.get_by_role("button", name="Add 2 agencies").click()
    assert "2 agencies added to the campaign." in page.inner_text("main")
    page.get_by_role("link", name="Spring round (fictional)").click()
    page.get_by_label(re.compile("One agency per line")).fill(
        "IA0000001, chief@north.example\nIA0000002, chief@south.example"
    )
    page.get_by_role("button", name="Save the addresses").click()

    # Open, then send: each agency gets its invitation.
    page.get_by_role("link", name="Open the campaign").click()
    page.get_by_role("button", name="Open the campaign").click()
    assert "Status: Open" in page.inner_text("main")
    # The evaluator sees what will go out (in each contact's language), then sends.
    page.get_by_role("link", name="Preview what is due").click()
    page.get_by_role("button", name="Send these emails").click()
    assert "2 invitations" in page.inner_text("main")
    assert "Invited\n2" in page.locator(".figures").inner_text()

    # Answer: the North's chief follows the link in the email.
    north_mail = next(m for m in mail.outbox if "chief@north.example" in m.to)
    command = re.findall(r"https?://\S+/survey/\S+/", north_mail.body)[0]
    answer = page.context.new_page()
    answer.goto(command.replace("http://testserver", base))
    answer.get_by_role("link", name="Begin").click()
    for _page in range(20):
        _answer_page(answer)
        if answer.get_by_role("button", name="Save and continue").count():
            answer.get_by_role("button", name="Save and continue").click()
        else:
            answer.get_by_role("button", name="Save and review").click()
            break
    answer.get_by_role("button", name="Submit my answers").click()
    answer.close()

    # Close: the answers are scored.
    page.reload()
    page.get_by_role("link", name="Close the campaign").click()
    page.get_by_role("button", name="Close the campaign").click()
    figures = page.locator(".figures").inner_text()
    assert "Responded\n1" in figures and "Scored\n1" in figures

    # Shortlist, then two rounds of review, then select.
    page.get_by_role("link", name="Review rounds").click()
    page.get_by_label(re.compile("Shortlist this many")).fill("1")
    page.get_by_role("button", name="Make the shortlist").click()
    assert "1 agency shortlisted." in page.inner_text("main")
    for kind in ("Shortlist review", "Telephone interview"):
        section = page.locator("section", has=page.get_by_role("heading", name=kind))
        _review_in(page, section, north.name)
        section = page.locator("section", has=page.get_by_role("heading", name=kind))
        section.get_by_label(f"Move {north.name} on").check()
        section.get_by_role(
            "button", name="Move the ticked agencies to the next round"
        ).click()
        assert "1 agency moved on." in page.inner_text("main")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Site visit")
    )
    section.get_by_label(f"Move {north.name} on").check()
    section.get_by_label(re.compile("Why these agencies are selected")).fill(
        "A liaison program with lasting funding."
    )
    section.get_by_role("button", name="Select the ticked agencies").click()
    assert "1 agency will be selected" in page.inner_text("main")
    _no_axe_violations(page)
    page.get_by_role("button", name="Select and close the review").click()
    assert "1 agency moved on." in page.inner_text("main")
    stages = dict(CampaignAgency.objects.values_list("agency__slug", "stage"))
    assert stages == {north.slug: "selected", south.slug: "invited"}

    # Publish: the campaign page leads there, the publication page asks.
    page.get_by_role("link", name="Spring round (fictional)").click()
    page.get_by_role("link", name="Publish the findings").click()
    assert "Anyone will be able to read" in page.inner_text("main")
    _no_axe_violations(page)
    page.get_by_role("button", name="Publish the findings").click()
    assert "The campaign's findings are public now." in page.inner_text("main")
    campaign = Campaign.objects.get(slug="spring")
    assert campaign.status == "closed"
    assert Publication.objects.filter(campaign=campaign).exists()


def _no_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert violations == [], page.url


def _review_in(page, section, agency_name):
    section.get_by_role("row", name=re.compile(re.escape(agency_name))).get_by_role(
        "link", name="Review"
    ).click()
    _no_axe_violations(page)  # the review form with its evidence
    form = page.locator("main form").first
    names = {r.get_attribute("name") for r in form.locator("input[type=radio]").all()}
    for name in names:
        form.locator(f"input[name={name}]").first.check()
        if name.startswith("score_"):
            form.locator(f"input[name={name}]").last.check()
    page.get_by_role("button", name="Save my review").click()
    assert f"Your review of {agency_name} is saved." in page.inner_text("main")


def _answer_page(page):
    """Answer every question on the page: the first choice, a number, some text."""
    for group in page.locator("main form fieldset").all():
        choices = group.locator("input[type=radio], input[type=checkbox]")
        if choices.count():
            choices.first.check()
    for field in page.locator("main form input[type=number]").all():
        field.fill("3")
    for field in page.locator("main form textarea").all():
        field.fill("Fictional answer.")

"""Search, filter and open a document in Chromium."""

import pytest

from puente.practices.models import Status
from puente.practices.services import document_upload, practice_save
from puente.principles.services import principles_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def shelf(db):
    principles_sync()  # an earlier browser test emptied the database
    for slug, title, principle in (
        ("liaison", "Civilian community liaison", "root-causes"),
        ("academy", "Tactical Spanish in the academy", "train"),
    ):
        practice = practice_save(
            actor=None, slug=slug, status=Status.PUBLISHED,
            data={"category": "liaison_program", "principles": [principle], "suits_types": ["municipal"], "suits_sizes": ["small"]},
            texts={"en": {"title": title, "summary": f"{title}: summary.", "description": "Meets residents where they are.", "outcomes": ""}},
        )  # fmt: skip
    document_upload(
        actor=None, data=b"<!DOCTYPE html><html><body><p>Module one: greetings.</p><p>Module two.</p></body></html>",
        filename="curriculum.html", title="Academy curriculum outline (example)", group="officer_curriculum",
        language="en", practice=practice, status=Status.PUBLISHED, slug="curriculum",
    )  # fmt: skip


def test_search_filter_and_open_a_document(page, live_server, shelf):
    page.goto(f"{live_server.url}/library/")
    page.get_by_role("textbox", name="Search the library").fill("residents")
    page.get_by_role("button", name="Search").click()
    assert page.locator(".result").count() == 2
    page.get_by_label("Principle").select_option("train")
    page.get_by_role("button", name="Search").click()
    assert page.locator(".result h2").all_inner_texts() == [
        "Tactical Spanish in the academy"
    ]
    assert page.locator(".result mark").first.inner_text().lower() == "residents"
    page.get_by_role("link", name="Tactical Spanish in the academy").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Tactical Spanish in the academy"
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Academy curriculum outline (example)").click()
    download = download_info.value
    assert download.suggested_filename == "curriculum.html"
    assert b"Module one" in open(download.path(), "rb").read()


def test_the_library_has_no_axe_violations(page, live_server, shelf):
    from axe_playwright_python.sync_playwright import Axe

    for path in (
        "/library/",
        "/library/?q=liaison",
        "/es/library/",
        "/library/practices/academy/",
    ):
        page.goto(f"{live_server.url}{path}")
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in Axe().run(page).response["violations"]
        ]
        assert violations == [], path

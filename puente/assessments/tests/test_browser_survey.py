"""A member fills and submits a self-assessment in Spanish, in Chromium."""

import pytest

from puente.assessments.models import Response
from puente.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="es-US")
    yield context.new_page()
    context.close()


def test_fill_and_submit_a_survey_in_spanish(
    page, live_server, member_a, agency_a, instrument, password
):
    base = f"{live_server.url}/es"
    browser_sign_in(page, base, member_a.email, password)

    page.goto(f"{base}/workspace/{agency_a.slug}/assessment/")
    page.get_by_role("button", name="Iniciar una autoevaluación").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Acercamiento"
    page.get_by_role("group", name="¿Tiene un enlace?").get_by_label("Sí").check()
    page.get_by_role("group", name="¿Con qué frecuencia").get_by_label(
        "Cada semana"
    ).check()
    page.get_by_label("Radio").check()
    page.get_by_role("button", name="Guardar y continuar").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Seguimiento"
    page.get_by_label("¿Cuántos agentes hablan español?").fill("9999")
    page.get_by_role("button", name="Guardar y revisar").click()
    # The error is in Spanish and nothing was saved.
    assert "menor o igual a 500" in page.locator("main").inner_text()
    page.get_by_label("¿Cuántos agentes hablan español?").fill("12")
    page.get_by_role(
        "group", name="¿Cuenta los contactos cada trimestre?"
    ).get_by_label("Sí").check()
    page.get_by_role("button", name="Guardar y revisar").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Revise sus respuestas"
    page.get_by_role("button", name="Enviar la autoevaluación").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Resultados de la autoevaluación"
    )
    response = Response.objects.get(agency=agency_a)
    assert response.is_submitted
    assert response.answers["mon_officers"] == 12
    assert response.composite == 91.7


def test_survey_link_pages_have_no_axe_violations(
    page, live_server, agency_a, instrument, program
):
    from axe_playwright_python.sync_playwright import Axe

    from puente.assessments.models import Campaign
    from puente.assessments.services import campaign_create

    campaign = campaign_create(
        program=program,
        instrument=instrument,
        slug="axe",
        name="Axe check (fictional)",
        status=Campaign.Status.OPEN,
    )
    response = Response.objects.create(
        instrument=instrument,
        agency=agency_a,
        campaign=campaign,
        respondent_type="command",
    )
    for path in ("", "page/1/", "page/2/", "review/"):
        page.goto(f"{live_server.url}/es/survey/{response.token}/{path}")
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in Axe().run(page).response["violations"]
        ]
        assert violations == [], path

import pytest
from django.urls import reverse

from puente.agencies.roles import AgencyRole
from puente.agencies.tests.factories import AgencyFactory, MembershipFactory
from puente.language_access.demo import DEMO_AGENCY, language_access_demo_load
from puente.language_access.selectors import agency_analysis, coverage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_demo_agency_gets_minnesota_as_an_example_with_visible_gaps(client):
    agency = AgencyFactory(
        slug=DEMO_AGENCY, name="Riverbend Police Department (fictional demo)"
    )
    assert language_access_demo_load() > 0
    assert language_access_demo_load() == 0  # runs once
    jurisdiction = agency.jurisdictions.get()
    assert (jurisdiction.geoid, jurisdiction.name, jurisdiction.is_example) == (
        "0400000US27",
        "Minnesota",
        True,
    )
    analysis = agency_analysis(agency=agency)
    assert analysis.groups[0].label == "Spanish" and analysis.groups[0].lep == 78803
    result = coverage(agency=agency, analysis=analysis)
    assert result.gaps
    assert any(row.requirement.chosen_locally for row in result.rows)  # Somali
    user = MembershipFactory(agency=agency, role=AgencyRole.VIEWER).user
    client.force_login(user)
    page = client.get(
        reverse("language_access:overview", args=[agency.slug])
    ).content.decode()
    assert "Example figures: these are the real Census figures of Minnesota" in page
    assert "not this agency" in page


def test_without_the_demo_agency_nothing_happens():
    assert language_access_demo_load() == 0

import factory

from puente.agencies.tests.factories import AgencyFactory
from puente.portal.models import SurveyResponse


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    agency = factory.SubFactory(AgencyFactory)
    quarter = "2026Q2"
    language = "en"
    safety = 4
    trust = 4
    report = 5
    witness = 2
    fair = 4
    voice = 3

import factory

from puente.agencies.tests.factories import AgencyFactory
from puente.outreach.models import CommunityContact, Liaison, PartnerOrganization


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Faker("name")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Community Center {n} (fictional)")
    kind = PartnerOrganization.Kind.SOCIAL


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityContact

    liaison = factory.SubFactory(LiaisonFactory)
    agency = factory.LazyAttribute(lambda o: o.liaison.agency)
    setting = "business"
    language = "es"
    topics = factory.LazyFunction(lambda: ["reporting"])

import factory

from puente.accounts.tests.factories import UserFactory
from puente.agencies.models import (
    Agency,
    Membership,
    Program,
    ProgramMembership,
    ProgramParticipation,
)
from puente.agencies.roles import AgencyRole, ProgramRole


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Testville Police Department {n} (fictional)")
    slug = factory.Sequence(lambda n: f"testville-pd-{n}")
    agency_type = Agency.Type.MUNICIPAL
    state = "MN"
    is_fictional = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = AgencyRole.STAFF


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Test Program {n} (fictional)")
    slug = factory.Sequence(lambda n: f"test-program-{n}")
    is_fictional = True


class ProgramParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramParticipation

    program = factory.SubFactory(ProgramFactory)
    agency = factory.SubFactory(AgencyFactory)
    joined_on = factory.Faker("date_this_decade")


class ProgramMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramMembership

    user = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    role = ProgramRole.EVALUATOR

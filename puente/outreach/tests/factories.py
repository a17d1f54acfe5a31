from datetime import date
from decimal import Decimal

import factory

from puente.agencies.tests.factories import AgencyFactory
from puente.outreach.models import (
    CommunityContact,
    CommunityProgram,
    Event,
    Goal,
    Liaison,
    MediaOutreach,
    PartnerOrganization,
    Recommendation,
    Training,
)


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


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    agency = factory.SubFactory(AgencyFactory)
    kind = Event.Kind.FORUM
    title = factory.Sequence(lambda n: f"Community forum {n}")
    date = date(2026, 8, 1)
    place = "Public library"
    languages = factory.LazyFunction(lambda: ["es"])


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Training {n}")
    kind = Training.Kind.CULTURAL
    audience = Training.Audience.OFFICERS
    date = date(2026, 8, 1)
    hours = Decimal("4")
    attendees = 10


class MediaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaOutreach

    agency = factory.SubFactory(AgencyFactory)
    date = date(2026, 8, 1)
    channel = MediaOutreach.Channel.RADIO
    outlet = "Radio Comunidad (fictional)"
    language = "es"
    subject = "How to report a crime"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityProgram

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    owner = "Community liaison unit"
    started_on = date(2025, 1, 1)
    funding = CommunityProgram.Funding.GRANT


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    metric = Goal.Metric.EVENTS
    quarterly_target = 3


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    agency = factory.SubFactory(AgencyFactory)
    made_on = date(2026, 1, 15)
    text = "Hold forums in Somali."

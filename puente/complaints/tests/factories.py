import factory

from puente.agencies.tests.factories import AgencyFactory
from puente.complaints.models import Complaint


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    agency = factory.SubFactory(AgencyFactory)
    kind = Complaint.Kind.COMPLAINT
    language = "en"
    what_happened = "An officer was rude."
    case_number = factory.Sequence(lambda n: f"2026-{n + 1:05d}")
    token_hash = factory.Sequence(lambda n: f"{n:064d}")

from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from puente.agencies import selectors
from puente.agencies.models import Agency

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    """Public registry facts about an agency."""

    slug: str
    name: str
    agency_type: Agency.Type
    source_type: str
    ori: str
    state: str
    county: str
    city: str
    population_served: int | None
    sworn_staff: int | None
    civilian_staff: int | None
    facts_year: int | None
    latitude: float | None
    longitude: float | None
    community_languages: list[str]
    is_fictional: bool
    epic_profiled: bool
    source: str


class AgencyFilter(FilterSchema):
    q: str = Field("", description="Words in the name, city or county, or an ORI.")
    state: str = Field("", description="Two-letter state abbreviation.", max_length=2)
    agency_type: Agency.Type | None = None


@router.get(
    "/agencies", response=list[AgencyOut], summary="The public agency directory"
)
@paginate(PageNumberPagination, page_size=50)
def list_agencies(request, filters: Query[AgencyFilter]):
    return selectors.agency_directory(
        q=filters.q,
        state=filters.state.upper(),
        agency_type=filters.agency_type or "",
    )


@router.get("/agencies/{slug}", response=AgencyOut, summary="One agency's public facts")
def get_agency(request, slug: str):
    return get_object_or_404(Agency, slug=slug)

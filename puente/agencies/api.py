from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema

from puente.accounts.api import TokenAuth
from puente.accounts.tokens import token_allows_write
from puente.agencies import selectors
from puente.agencies.access import get_agency_for_user, get_program_for_user
from puente.agencies.models import Agency, Membership, ProgramMembership
from puente.agencies.roles import VIEW, WRITE
from puente.lib.api import PageQuery, page_of, page_schema, responses

router = Router(tags=["agencies"])


def _check_scope(request, permission: str) -> None:
    if permission != VIEW and not token_allows_write(
        getattr(request, "api_token", None)
    ):
        raise PermissionDenied(_("This token is read-only."))


class AgencyTokenAuth(TokenAuth):
    """A token, then the access rule of the agency (`slug`) or program (`program`) in
    the address, before the body is read: 404 to a non-member, 403 to a role without
    the right (VIEW for GET, WRITE otherwise) or a read-only token writing. So a
    foreign agency's token learns nothing, whatever it sends."""

    def authenticate(self, request, token):
        found = super().authenticate(request, token)
        if found is None:
            return None
        kwargs = request.resolver_match.kwargs if request.resolver_match else {}
        permission = VIEW if request.method in ("GET", "HEAD", "OPTIONS") else WRITE
        if "slug" in kwargs:
            agency_for_token(request, kwargs["slug"], permission)
        if "program" in kwargs:
            program_for_token(request, kwargs["program"], permission)
        return found


agency_token_auth = AgencyTokenAuth()


def agency_for_token(request, slug: str, permission: str = VIEW) -> Membership:
    """`get_agency_for_user` for an API request: 404 to non-members, 403 when the role
    does not allow `permission`, and 403 for any write with a read-only token."""
    membership = get_agency_for_user(request.user, slug, permission)
    _check_scope(request, permission)
    return membership


def program_for_token(request, slug: str, permission: str = VIEW) -> ProgramMembership:
    """`get_program_for_user` for an API request, with the same token scope rule."""
    membership = get_program_for_user(request.user, slug, permission)
    _check_scope(request, permission)
    return membership


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
    "/agencies",
    response=responses({200: page_schema(AgencyOut, "AgencyOutPage")}, (304, 422)),
    summary="The public agency directory",
)
def list_agencies(request, filters: Query[AgencyFilter], pages: Query[PageQuery]):
    """Pages of 50 (page_size up to 500), with totals."""
    return page_of(
        selectors.agency_directory(
            q=filters.q,
            state=filters.state.upper(),
            agency_type=filters.agency_type or "",
        ),
        pages,
    )


@router.get(
    "/agencies/{slug}",
    response=responses({200: AgencyOut}, (304, 404)),
    summary="One agency's public facts",
)
def get_agency(request, slug: str):
    return get_object_or_404(Agency, slug=slug)

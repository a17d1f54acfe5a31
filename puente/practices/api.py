"""The practices library's search over HTTP: the same form, filters and index as the
library page (/library/). Public; with a token it also finds the drafts the token's
user may see in the pages (their agencies' proposals, every draft for editors)."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import AuthenticationError
from pydantic import Field

from puente.accounts.api import token_auth
from puente.lib.api import ApiProblem, form_errors, responses
from puente.practices import search
from puente.practices.access import visible_entries
from puente.practices.forms import LibrarySearchForm

router = Router(tags=["practices"])


class SearchQuery(Schema):
    q: str = Field("", max_length=200, description="Words, in English or Spanish.")
    principle: str = ""
    category: str = ""
    agency_type: str = ""
    size: str = ""
    cost: str = ""
    kind: str = ""
    language: str = ""
    page: int = Field(1, ge=1, le=10_000)


class SearchResultOut(Schema):
    kind: str
    id: int
    title: str
    snippet: str
    score: float
    url: str
    language: str


class SearchPageOut(Schema):
    items: list[SearchResultOut]
    count: int
    page: int
    pages: int


@router.get(
    "/practices",
    response=responses({200: SearchPageOut}, (304, 401, 422)),
    summary="Search the practices library",
)
def search_practices(request, filters: Query[SearchQuery]):
    """Filters take the same codes as the library page's form (principle keys,
    categories, agency types, size bands, costs, kinds, en/es); an unknown code is 422.
    20 results a page, best first."""
    user = AnonymousUser()
    if request.headers.get("Authorization"):
        token = token_auth(request)
        if token is None:
            raise AuthenticationError()
        user = token.user
    values = filters.model_dump()
    page = values.pop("page")
    form = LibrarySearchForm({k: v for k, v in values.items() if v})
    if not form.is_valid():
        raise ApiProblem(
            422,
            _("Invalid request"),
            _("Some values are missing or invalid; see errors."),
            errors=form_errors(form.errors),
        )
    found = search.search(
        form.cleaned_data["q"], entries=form.filter(visible_entries(user)), page=page
    )
    return {
        "items": [r.__dict__ for r in found.results],
        "count": found.total,
        "page": found.page,
        "pages": found.pages,
    }

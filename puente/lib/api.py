"""The JSON API's conventions, with no domain in them: errors as RFC 9457 problem
details in the caller's language, ETags with `If-None-Match`, page pagination with
totals, and the status codes each kind of operation documents.

The apps' routers (`<app>/api.py`) are mounted on one `PuenteAPI` in `puente/api.py`.
"""

import functools
import hashlib
import json
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    ValidationError as DjangoValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import URLPattern
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

PROBLEM_TYPE = "application/problem+json"


class ProblemOut(Schema):
    """An RFC 9457 problem: `title` and `detail` in the caller's language (from
    Accept-Language), `errors` by field for invalid input."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[dict[str, Any]] = Field(default_factory=list)


class ApiProblem(Exception):
    """Raise to answer with a problem; `errors` is a list of {"field", "message"}."""

    def __init__(
        self, status: int, title: str, detail: str = "", errors=None, headers=None
    ):
        super().__init__(title)
        self.status, self.title, self.detail = status, title, detail
        self.errors = errors or []
        self.headers = headers or {}


def problem_response(
    *, status: int, title: str, detail: str = "", errors=None, headers=None
) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_TYPE
    )
    response["Content-Language"] = _language()
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or "en"


def _field_message(error: dict) -> str:
    # Pydantic's own messages are English only; these say the same in the caller's
    # language, most of them in Django's own catalog.
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field cannot be set through the API.")
    if kind.startswith(("int", "float", "decimal")):
        return _("Enter a number.")
    if kind.startswith(("date", "datetime")):
        return _("Enter a valid date.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in {"literal_error", "enum"}:
        expected = (error.get("ctx") or {}).get("expected", "")
        if expected and len(expected) < 400:
            return _("Select a valid choice: %(choices)s.") % {"choices": expected}
        return _("Select a valid choice.")
    if kind.startswith("string_too_long"):
        return _("The text is too long.")
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return _(
            "Send a JSON object with the fields this operation documents (see "
            "/api/v1/docs), not a list or a single value."
        )
    if kind == "list_type":
        return _("Send a list here.")
    return _("Enter a valid value.")


def validation_errors(errors: list[dict]) -> list[dict[str, Any]]:
    """Ninja's validation errors as {"field", "in", "message", "type"}."""
    found = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        where = loc[0] if loc else ""
        field = ".".join(loc[2:] if where == "body" and len(loc) > 1 else loc[1:])
        found.append(
            {
                "field": field,
                "in": where,
                "message": _field_message(error),
                "type": error.get("type", ""),
            }
        )
    return found


def form_errors(errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """A Django form's or ValidationError's messages by field, in the same shape."""
    return [
        {"field": "" if field == "__all__" else field, "in": "body", "message": str(m)}
        for field, messages in errors.items()
        for m in messages
    ]


def etag_for(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    return "*" in candidates or etag in candidates


class PuenteAPI(NinjaAPI):
    """NinjaAPI with problem details for every error and an ETag on every successful
    GET; a GET whose `If-None-Match` names the current ETag gets 304 and no body."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_exception_handler(ApiProblem, self._problem)
        self.add_exception_handler(Http404, self._not_found)
        self.add_exception_handler(PermissionDenied, self._forbidden)
        self.add_exception_handler(AuthenticationError, self._unauthorized)
        self.add_exception_handler(ValidationError, self._invalid)
        self.add_exception_handler(DjangoValidationError, self._invalid_django)
        self.add_exception_handler(HttpError, self._http_error)

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _in_callers_language(pattern.callback)
        return patterns, app_name, namespace

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                for code, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM_TYPE: content["application/json"]}
        return schema

    def create_response(
        self, request: HttpRequest, data: Any, *, status=None, temporal_response=None
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional(request, response)

    def _problem(self, request, exc: ApiProblem):
        return problem_response(
            status=exc.status, title=exc.title, detail=exc.detail, errors=exc.errors,
            headers=exc.headers,
        )  # fmt: skip

    def _not_found(self, request, exc):
        return problem_response(
            status=404,
            title=_("Not found"),
            detail=_("There is nothing here, or you may not see it."),
        )

    def _forbidden(self, request, exc):
        return problem_response(
            status=403,
            title=_("Forbidden"),
            detail=str(exc) or _("Your role or your token does not allow this."),
        )

    def _unauthorized(self, request, exc):
        return problem_response(
            status=401,
            title=_("Not signed in"),
            detail=_(
                "Send a valid, unexpired personal API token: Authorization: Bearer TOKEN."
            ),
            headers={"WWW-Authenticate": "Bearer"},
        )

    def _invalid(self, request, exc: ValidationError):
        return problem_response(
            status=422,
            title=_("Invalid request"),
            detail=_("Some values are missing or invalid; see errors."),
            errors=validation_errors(exc.errors),
        )

    def _invalid_django(self, request, exc: DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return problem_response(
            status=422,
            title=_("Invalid request"),
            detail=_("Some values are missing or invalid; see errors."),
            errors=form_errors(errors),
        )

    def _http_error(self, request, exc: HttpError):
        if exc.status_code == 400:
            return problem_response(
                status=400,
                title=_("Invalid request"),
                detail=_("The body is not valid JSON."),
            )
        return problem_response(status=exc.status_code, title=str(exc.message))


def _in_callers_language(view):
    """The API's addresses carry no language, so LocaleMiddleware gives them English;
    the API speaks the language of Accept-Language (or the language cookie)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
            response.setdefault("Content-Language", language)
            return response

    return wrapper


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Add an ETag to a successful GET, and answer 304 when `If-None-Match` has it."""
    if request.method != "GET" or response.status_code != 200:
        return response
    etag = etag_for(response.content)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization, Accept-Language"
    if _matches(request.headers.get("If-None-Match", ""), etag):
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under the API: a problem, not the site's HTML page."""
    with translation.override(translation.get_language_from_request(request)):
        return problem_response(
            status=404,
            title=_("Not found"),
            detail=_("There is nothing here, or you may not see it."),
        )


# What each kind of operation documents, so the schema lists exactly what it answers.
READ = (304, 401, 404, 422)
PUBLIC_READ = (304, 404, 422)
WRITE = (400, 401, 403, 404, 422)


def responses(ok: dict[int, Any], codes: tuple[int, ...]) -> dict[int, Any]:
    """`ok` (e.g. {200: AgencyOut}) plus a ProblemOut (or nothing, for 304) per code."""
    documented: dict[int, Any] = dict(ok)
    for code in codes:
        documented[code] = None if code == 304 else ProblemOut
    return documented


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="From 1.")
    page_size: int = Field(50, ge=1, le=500, description="Rows per page, at most 500.")


def page_schema(item: type, name: str) -> type:
    """A page of `item`s with its totals: items, count, page, page_size, pages."""
    from pydantic import create_model

    return create_model(
        name, __base__=Schema, items=(list[item], ...), count=(int, ...),
        page=(int, ...), page_size=(int, ...), pages=(int, ...),
    )  # fmt: skip


def page_of(rows, pages: PageQuery, *, convert=lambda row: row) -> dict[str, Any]:
    """One page of `rows` (a QuerySet or a list), each passed through `convert`.
    A page past the end is empty, with the totals still given."""
    count = len(rows) if isinstance(rows, list | tuple) else rows.count()
    start = (pages.page - 1) * pages.page_size
    items = [convert(row) for row in rows[start : start + pages.page_size]]
    return {
        "items": items,
        "count": count,
        "page": pages.page,
        "page_size": pages.page_size,
        "pages": -(-count // pages.page_size),
    }

"""The outreach workspace over HTTP: every register the pages have (list, read, create,
change, delete), bulk contacts, and the quarterly figures of the dashboard.

Each register's request and response shapes are made from the same form its page uses
(`registers.REGISTERS`), and every write goes through that form and the same services,
so the API accepts exactly what the pages accept. Bodies that name a field the form
does not have (`agency`, `id`, `created_by`, …) are refused with 422.

Permissions (agencies/roles.py): reads need VIEW, writes need WRITE and a read-write
token.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import PROTECT, Model, ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Path, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict, Field, create_model

from puente.accounts.api import idempotent
from puente.agencies import roles
from puente.agencies.api import agency_for_token, agency_token_auth
from puente.lib.api import (
    READ,
    WRITE,
    ApiProblem,
    PageQuery,
    form_errors,
    page_of,
    page_schema,
    responses,
)
from puente.lib.quarters import Quarter
from puente.outreach import selectors, services
from puente.outreach.registers import REGISTERS, Register

router = Router(tags=["outreach"], auth=agency_token_auth)

# The address of each register in the API, and its register in registers.py.
API_REGISTERS = {
    "liaisons": "liaisons",
    "contacts": "contacts",
    "partners": "partners",
    "agreements": "agreements",
    "events": "events",
    "media": "media",
    "trainings": "trainings",
    "programs": "programs",
    "goals": "goals",
    "goal-reports": "goal-reports",
    "advisory-members": "members",
    "advisory-meetings": "meetings",
    "advisory-recommendations": "recommendations",
}

IdempotencyKey = Header(
    ...,
    alias="Idempotency-Key",
    min_length=1,
    max_length=255,
    description="New for every write; a retry with the same key returns the first "
    "answer and writes nothing.",
)


# A record's id: bounded, so that no number reaches the database that it cannot hold.
Id = Annotated[int, Field(ge=1, le=2**53)]


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class _Body(BaseModel):
    """A request body: plain pydantic. Ninja's Schema runs a wrapping validator on every
    instance (to read ORM objects), which cost over half of a 5,000-row bulk request."""

    model_config = ConfigDict(extra="forbid")


# Shapes from forms


def _choices(field: forms.ChoiceField) -> tuple[str, ...]:
    return tuple(str(value) for value, _label in field.choices if value != "")


def _kind(field: forms.Field) -> str:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return "ids"
    if isinstance(field, forms.ModelChoiceField):
        return "id"
    if isinstance(field, forms.MultipleChoiceField):
        return "choices"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return "bool"
    # Django's DecimalField and FloatField are IntegerFields too: ask for them first.
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return "number"
    if isinstance(field, forms.IntegerField):
        return "int"
    if isinstance(field, forms.DateField):
        return "date"
    return "text"


def _type(field: forms.Field) -> Any:
    kind = _kind(field)
    if kind in {"choice", "choices"}:
        values = _choices(field)
        one = Literal[values] if values else str  # type: ignore[valid-type]
        return list[one] if kind == "choices" else one
    return {
        "ids": list[Id], "id": Id, "bool": bool, "int": int, "number": float,
        "date": date, "text": str,
    }[kind]  # fmt: skip


def _input_field(field: forms.Field) -> tuple[Any, Any]:
    annotation = _type(field)
    extra: dict[str, Any] = {"description": str(field.label or "")}
    if _kind(field) == "text" and getattr(field, "max_length", None):
        extra["max_length"] = field.max_length
    if _kind(field) == "int":
        extra["ge"] = -(2**31)
        extra["le"] = 2**31 - 1
    if field.required and _kind(field) != "bool":
        return annotation, Field(..., **extra)
    default = False if _kind(field) == "bool" else None
    return annotation | None, Field(default, **extra)


def _schemas(key: str, register: Register) -> tuple[type, type, type]:
    fields = register.form.base_fields
    name = "".join(part.title() for part in key.split("-"))
    create = create_model(
        f"{name}In",
        __base__=_Body,
        **{n: _input_field(f) for n, f in fields.items()},
    )
    change = create_model(
        f"{name}Change",
        __base__=_Body,
        **{n: (_type(f) | None, Field(None)) for n, f in fields.items()},
    )
    out = create_model(
        f"{name}Out",
        __base__=Schema,
        id=(int, ...),
        **{n: (_type(f) | None, None) for n, f in fields.items()},
    )
    return create, change, out


def _out(register: Register, obj: Model) -> dict[str, Any]:
    data: dict[str, Any] = {"id": obj.pk}
    for name, field in register.form.base_fields.items():
        kind = _kind(field)
        if kind == "ids":
            data[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
        elif kind == "id":
            data[name] = getattr(obj, f"{name}_id")
        else:
            value = getattr(obj, name)
            data[name] = float(value) if isinstance(value, Decimal) else value
    return data


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    data = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        data[name] = value
    return data


def _filters(key: str, register: Register) -> type:
    """Exact filters for every single choice or related record, and a range on every
    date: `<date>_from`, `<date>_to`."""
    fields: dict[str, Any] = {}
    for name, field in register.form.base_fields.items():
        kind = _kind(field)
        if kind in {"choice", "id"}:
            fields[name] = (_type(field) | None, Field(None))
        elif kind == "date":
            fields[f"{name}_from"] = (date | None, Field(None))
            fields[f"{name}_to"] = (date | None, Field(None))
    name = "".join(part.title() for part in key.split("-"))
    return create_model(f"{name}Filters", __base__=_Strict, **fields)


def _orderings(register: Register) -> tuple[str, ...]:
    names = ["id"] + [
        n
        for n, f in register.form.base_fields.items()
        if _kind(f) in {"date", "text", "int", "number", "choice"}
        and n in {fd.name for fd in register.model._meta.concrete_fields}
    ]
    return tuple(o for n in names for o in (n, f"-{n}"))


def _apply_filters(register: Register, queryset, filters: Schema):
    for name, value in filters.model_dump().items():
        if value is None:
            continue
        if name.endswith("_from"):
            queryset = queryset.filter(**{f"{name[:-5]}__gte": value})
        elif name.endswith("_to"):
            queryset = queryset.filter(**{f"{name[:-3]}__lte": value})
        elif _kind(register.form.base_fields[name]) == "id":
            queryset = queryset.filter(**{f"{name}_id": value})
        else:
            queryset = queryset.filter(**{name: value})
    return queryset


def _bind(register: Register, agency, data: dict, instance=None) -> forms.ModelForm:
    if instance is None:
        instance = register.model(
            **({"agency": agency} if register.scope == "agency" else {})
        )
    form = register.form(data, instance=instance, agency=agency)
    if not form.is_valid():
        raise ApiProblem(
            422,
            _("Invalid request"),
            _("Some values are missing or invalid; see errors."),
            errors=form_errors(form.errors),
        )
    return form


def _save(request, register: Register, agency, form) -> Model:
    if register.key == "contacts" and form.instance.pk is None:
        # New contacts go through the same service as the page that logs them.
        return services.contact_log(
            actor=request.user, agency=agency, values=form.cleaned_data
        )
    try:
        return services.record_save(actor=request.user, agency=agency, form=form)
    except ValidationError as exc:
        raise ApiProblem(
            422,
            _("Invalid request"),
            _("Some values are missing or invalid; see errors."),
            errors=form_errors(exc.message_dict),
        ) from None


# A DELETE has no body, so no 400.
READ_WRITE_PATH = (401, 403, 404, 422)


def _protected(register: Register) -> bool:
    """Whether other records can keep this one from being deleted (409)."""
    return any(rel.on_delete is PROTECT for rel in register.model._meta.related_objects)


def _add_register(api_key: str, register: Register) -> None:
    create_in, change_in, out = _schemas(api_key, register)
    filters_in = _filters(api_key, register)
    ordering_type = Literal[_orderings(register)]  # type: ignore[valid-type]
    page_out = page_schema(out, f"{out.__name__}Page")
    title = str(register.title)
    base = f"/agencies/{{slug}}/{api_key}"
    op = api_key.replace("-", "_")

    def list_records(
        request,
        slug: str,
        filters: Query[filters_in],  # type: ignore[valid-type]
        pages: Query[PageQuery],
        ordering: ordering_type = "-id",  # type: ignore[valid-type]
    ):
        agency = agency_for_token(request, slug).agency
        rows = _apply_filters(register, register.queryset(agency), filters)
        rows = rows.order_by(ordering, "-pk")
        return page_of(rows, pages, convert=lambda obj: _out(register, obj))

    def get_record(request, slug: str, record_id: int = Path(..., ge=1, le=2**53)):
        agency = agency_for_token(request, slug).agency
        return _out(
            register, get_object_or_404(register.queryset(agency), pk=record_id)
        )

    def create_record(
        request,
        slug: str,
        payload: create_in,  # type: ignore[valid-type]
        idempotency_key: str = IdempotencyKey,
    ):
        agency = agency_for_token(request, slug, roles.WRITE).agency

        def create():
            form = _bind(register, agency, _form_data(payload.model_dump()))
            return 201, _out(register, _save(request, register, agency, form))

        return Status(*idempotent(request, idempotency_key, create))

    def change_record(
        request,
        slug: str,
        payload: change_in,  # type: ignore[valid-type]
        record_id: int = Path(..., ge=1, le=2**53),
    ):
        agency = agency_for_token(request, slug, roles.WRITE).agency
        instance = get_object_or_404(register.queryset(agency), pk=record_id)
        given = payload.model_dump(exclude_unset=True)
        data = _form_data({**_out(register, instance), **given})
        form = _bind(register, agency, data, instance=instance)
        return _out(register, _save(request, register, agency, form))

    def delete_record(request, slug: str, record_id: int = Path(..., ge=1, le=2**53)):
        agency = agency_for_token(request, slug, roles.WRITE).agency
        instance = get_object_or_404(register.queryset(agency), pk=record_id)
        try:
            services.record_delete(actor=request.user, agency=agency, instance=instance)
        except ProtectedError:
            raise ApiProblem(
                409,
                _("In use"),
                _(
                    "This record is used by others and cannot be deleted; mark it inactive instead."
                ),
            ) from None
        return Status(204, None)

    router.add_api_operation(
        base, ["GET"], list_records, response=responses({200: page_out}, READ),
        operation_id=f"list_{op}", summary=f"List: {title}",
        description="Needs VIEW. Filters, ordering and pages with totals.",
    )  # fmt: skip
    router.add_api_operation(
        f"{base}/{{int:record_id}}", ["GET"], get_record,
        response=responses({200: out}, READ), operation_id=f"get_{op}",
        summary=f"One of: {title}", description="Needs VIEW.",
    )  # fmt: skip
    router.add_api_operation(
        base, ["POST"], create_record, response=responses({201: out}, WRITE),
        operation_id=f"create_{op}", summary=f"Create: {title}",
        description="Needs WRITE and a read-write token. Validated by the page's form.",
    )  # fmt: skip
    router.add_api_operation(
        f"{base}/{{int:record_id}}", ["PATCH"], change_record,
        response=responses({200: out}, WRITE), operation_id=f"change_{op}",
        summary=f"Change: {title}",
        description="Needs WRITE. Only the fields given change (then the page's form "
        "checks the whole record).",
    )  # fmt: skip
    router.add_api_operation(
        f"{base}/{{int:record_id}}", ["DELETE"], delete_record,
        response=responses(
            {204: None}, (401, 403, 404, 409, 422) if _protected(register) else READ_WRITE_PATH
        ),
        operation_id=f"delete_{op}",
        summary=f"Delete: {title}",
        description="Needs WRITE. 409 when other records still use it.",
    )  # fmt: skip


for _api_key, _register_key in API_REGISTERS.items():
    _add_register(_api_key, REGISTERS[_register_key])


# Bulk contacts


ContactIn = _schemas("contacts", REGISTERS["contacts"])[0]


class ContactsBulkIn(_Body):
    contacts: list[ContactIn] = Field(  # type: ignore[valid-type]
        ..., min_length=1, max_length=services.BULK_MAX
    )


class BulkOut(Schema):
    created: int
    ids: list[int]


@router.post(
    "/agencies/{slug}/contacts/bulk",
    response=responses({201: BulkOut}, WRITE),
    summary="Create many community contacts, all or nothing",
)
def create_contacts_bulk(
    request, slug: str, payload: ContactsBulkIn, idempotency_key: str = IdempotencyKey
):
    """Needs WRITE and a read-write token. Up to 5,000 contacts, checked by the same
    rules as the page; any problem stores nothing (422 with errors per row,
    `<row>.<field>`)."""
    agency = agency_for_token(request, slug, roles.WRITE).agency

    def create():
        rows = [row.model_dump() for row in payload.contacts]
        ids = services.contact_bulk_log(actor=request.user, agency=agency, rows=rows)
        return 201, {"created": len(ids), "ids": ids}

    return Status(*idempotent(request, idempotency_key, create))


# Quarterly figures


class GoalFigures(Schema):
    title: str
    metric: str
    target: int | float | None
    actual: int | float | None
    previous_quarter_actual: int | float | None
    met: bool | None


class ProgramFigures(Schema):
    name: str
    flagged: bool
    flagged_goals: list[str]
    judged_quarters: list[str]
    sustainability: dict[str, bool]
    goals: list[GoalFigures]


class QuarterOut(Schema):
    """The dashboard's figures for one quarter (outreach.selectors.quarter_figures)."""

    quarter: str
    contacts: int
    previous_quarter_contacts: int
    change: int
    change_p_value: float | None
    change_is_meaningful: bool
    liaisons: int
    contacts_per_liaison: float | None
    contacts_by_liaison: dict[str, int]
    contacts_by_language: dict[str, int]
    contacts_by_setting: dict[str, int]
    contacts_by_topic: dict[str, int]
    interpreter_used: int
    follow_ups_needed: int
    events: int
    previous_quarter_events: int
    events_change_is_meaningful: bool
    attendance: int
    event_follow_ups: int
    active_partners: int
    media_items: int
    media_reach: int
    training_hours: float
    sworn_staff: int | None
    training_hours_per_officer: float | None
    community_members_trained: int
    recommendations_made: int
    recommendations_closed: int
    recommendations_open: int
    programs: list[ProgramFigures]


@router.get(
    "/agencies/{slug}/quarters/{quarter}",
    response=responses({200: QuarterOut}, READ),
    summary="The quarter's figures, as on the dashboard",
)
def quarter_figures(
    request,
    slug: str,
    quarter: str = Path(..., pattern=r"^\d{4}Q[1-4]$", examples=["2026Q3"]),
    liaison: int | None = Query(
        None, ge=1, le=2**53, description="Only this liaison's contacts."
    ),
):
    """Needs VIEW. The same selector as the dashboard page and `puente outreach
    quarter`, so the numbers are the same."""
    agency = agency_for_token(request, slug).agency
    try:
        which = Quarter.parse(quarter)
    except ValueError:
        raise Http404 from None
    chosen = None
    if liaison is not None:
        chosen = agency.liaisons.filter(pk=liaison).first()
        if chosen is None:
            raise Http404
    return selectors.quarter_figures(agency=agency, quarter=which, liaison=chosen)

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.lib import charts
from puente.lib.languages import language_name
from puente.lib.pdf import pdf_attachment, render_pdf
from puente.lib.quarters import Quarter
from puente.lib.spreadsheets import table_response
from puente.outreach import imports, jobs, selectors, services
from puente.outreach.forms import ContactForm, ImportForm, QuarterFilterForm
from puente.outreach.models import (
    CommunityContact,
    Goal,
    ImportJob,
    Liaison,
    Setting,
    Topic,
)
from puente.outreach.registers import REGISTERS, Register, sections


def _register(key: str) -> Register:
    try:
        return REGISTERS[key]
    except KeyError:
        raise Http404 from None


def _quarter_and_liaison(request: HttpRequest, agency):
    form = QuarterFilterForm(request.GET or None, agency=agency)
    quarter, liaison = selectors.default_quarter(), None
    if form.is_valid():
        if form.cleaned_data["quarter"]:
            quarter = Quarter.parse(form.cleaned_data["quarter"])
        liaison = form.cleaned_data["liaison"]
    return form, quarter, liaison


def _labelled(counts: dict, labels) -> list[tuple[str, int]]:
    return [(labels(key), value) for key, value in counts.items()]


def _dashboard_context(agency, quarter: Quarter, liaison) -> dict:
    summary = selectors.quarter_summary(agency=agency, quarter=quarter, liaison=liaison)
    settings_labels, topic_labels = dict(Setting.choices), dict(Topic.choices)
    contacts = _("Contacts")
    trend = selectors.contacts_by_quarter(agency=agency, last=quarter, liaison=liaison)
    return {
        "agency": agency,
        "quarter": quarter,
        "liaison": liaison,
        "summary": summary,
        "programs": selectors.program_results(agency=agency, quarter=quarter),
        "languages": [
            row | {"name": language_name(row["language"])}
            for row in selectors.languages_against_workforce(agency=agency, summary=summary)
        ],
        "goal_metrics": dict(Goal.Metric.choices),
        "charts": [
            charts.line_chart(
                [{"quarter": q, "contacts": n} for q, n in trend],
                title=_("Community contacts, last six quarters"),
                x="quarter", y="contacts", x_title=_("Quarter"), y_title=contacts,
            ),
            charts.bar_chart(
                summary["contacts_by_liaison"], title=_("Contacts per liaison"),
                category=_("Liaison"), value=contacts,
            ),
            charts.bar_chart(
                _labelled(summary["contacts_by_language"], language_name),
                title=_("Contacts by language"), category=_("Language"), value=contacts,
            ),
            charts.bar_chart(
                _labelled(summary["contacts_by_setting"], lambda k: settings_labels.get(k, k)),
                title=_("Contacts by setting"), category=_("Setting"), value=contacts,
            ),
            charts.bar_chart(
                _labelled(summary["contacts_by_topic"], lambda k: topic_labels.get(k, k)),
                title=_("Contacts by topic"), category=_("Topic"), value=contacts,
            ),
        ],
    }  # fmt: skip


@require_GET
@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug)
    agency = membership.agency
    form, quarter, liaison = _quarter_and_liaison(request, agency)
    context = _dashboard_context(agency, quarter, liaison)
    context.update(
        membership=membership,
        form=form,
        query=request.GET.urlencode(),
        in_progress=quarter.end >= timezone.localdate(),
        recent=CommunityContact.objects.filter(agency=agency).select_related(
            "liaison", "partner"
        )[:10],
        can_write=membership.allows(roles.WRITE),
        outreach_sections=sections(),
    )
    return render(request, "outreach/dashboard.html", context)


@require_GET
@login_required
def quarter_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """The quarter's figures as a long table: figure, category, value."""
    agency = get_agency_for_user(request.user, slug).agency
    _form, quarter, liaison = _quarter_and_liaison(request, agency)
    figures = selectors.quarter_figures(agency=agency, quarter=quarter, liaison=liaison)
    rows = []
    for key, value in figures.items():
        if key == "programs":
            for program in value:
                for goal in program["goals"]:
                    rows.append((quarter, f"program: {program['name']}", goal["title"],
                                 f"{goal['actual']} / {goal['target']}"))  # fmt: skip
        elif isinstance(value, dict):
            rows.extend((quarter, key, k, v) for k, v in value.items())
        else:
            rows.append((quarter, key, "", value))
    return table_response(
        f"{agency.slug}-outreach-{quarter}",
        [_("Quarter"), _("Figure"), _("Category"), _("Value")],
        rows,
        file_format=file_format,
    )


@require_GET
@login_required
def quarter_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The quarterly report for the advisory board, as PDF."""
    agency = get_agency_for_user(request.user, slug).agency
    _form, quarter, liaison = _quarter_and_liaison(request, agency)
    context = _dashboard_context(agency, quarter, liaison)
    context["generated"] = timezone.localdate()
    return pdf_attachment(
        render_pdf("outreach/report_pdf.html", context),
        f"{agency.slug}-quarterly-report-{quarter}.pdf",
    )


def _uuid_or_none(text: str):
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def log_contact(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    last = None
    if request.GET.get("liaison"):
        last = Liaison.objects.filter(
            agency=agency, active=True, uuid=_uuid_or_none(request.GET["liaison"])
        ).first()
    form = ContactForm(
        request.POST or None, agency=agency, user=request.user, last_liaison=last
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_log(
                actor=request.user, agency=agency, values=form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Contact saved. You can log the next one."))
            return redirect(
                reverse("outreach:log_contact", kwargs={"slug": slug})
                + "?"
                + urlencode({"liaison": contact.liaison.uuid})
            )
    return render(
        request,
        "outreach/contact_form.html",
        {"agency": agency, "membership": membership, "form": form},
    )


@require_POST
@login_required
def follow_up(request: HttpRequest, slug: str, contact: str) -> HttpResponse:
    """Take on a contact's follow-up (`action=assign`) or mark it done (`action=done`)."""
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    contact_obj = get_object_or_404(
        CommunityContact, agency=membership.agency, uuid=contact
    )
    action = request.POST.get("action")
    try:
        if action == "assign":
            services.contact_follow_up_assign(
                actor=request.user, contact=contact_obj, assignee=request.user
            )
            messages.success(request, _("The follow-up is yours."))
        elif action == "done":
            services.contact_follow_up_done(actor=request.user, contact=contact_obj)
            messages.success(request, _("The follow-up is marked done."))
        else:
            messages.error(request, _("Choose what to do with the follow-up."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("insights_workspace:agency_dashboard", slug=slug)


# Registers: one list, form, delete and export for every kind of record.


def _rows(register: Register, objects):
    return [(obj, [read(obj) for _label, read in register.columns]) for obj in objects]


def _register_queryset(request, register, agency):
    objects = register.queryset(agency)
    if register.key == "contacts":
        _form, quarter, liaison = _quarter_and_liaison(request, agency)
        if request.GET.get("quarter"):
            objects = objects.filter(date__gte=quarter.start, date__lte=quarter.end)
        if liaison is not None:
            objects = objects.filter(liaison=liaison)
    return objects


@require_GET
@login_required
def register_list(request: HttpRequest, slug: str, register: str) -> HttpResponse:
    reg = _register(register)
    membership = get_agency_for_user(request.user, slug)
    agency = membership.agency
    objects = _register_queryset(request, reg, agency)
    page = Paginator(objects, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "outreach/register_list.html",
        {
            "agency": agency,
            "membership": membership,
            "register": reg,
            "outreach_sections": sections(),
            "page": page,
            "rows": _rows(reg, page.object_list),
            "query": query.urlencode(),
            "can_write": membership.allows(roles.WRITE),
        },
    )


@require_GET
@login_required
def register_export(
    request: HttpRequest, slug: str, register: str, file_format: str
) -> HttpResponse:
    reg = _register(register)
    agency = get_agency_for_user(request.user, slug).agency
    objects = _register_queryset(request, reg, agency)
    return table_response(
        f"{agency.slug}-{reg.key}",
        [str(label) for label, _read in reg.columns],
        ([read(obj) for _label, read in reg.columns] for obj in objects.iterator()),
        file_format=file_format,
    )


@require_http_methods(["GET", "POST"])
@login_required
def register_edit(
    request: HttpRequest, slug: str, register: str, pk: int | None = None
) -> HttpResponse:
    reg = _register(register)
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    if reg.key == "contacts" and pk is None:
        return redirect("outreach:log_contact", slug=slug)
    instance = (
        get_object_or_404(reg.queryset(agency), pk=pk)
        if pk is not None
        else reg.model(**({"agency": agency} if reg.scope == "agency" else {}))
    )
    form = reg.form(request.POST or None, instance=instance, agency=agency)
    if request.method == "POST" and form.is_valid():
        services.record_save(actor=request.user, agency=agency, form=form)
        messages.success(request, _("Saved."))
        return redirect("outreach:register", slug=slug, register=reg.key)
    return render(
        request,
        "outreach/register_form.html",
        {
            "agency": agency,
            "membership": membership,
            "register": reg,
            "form": form,
            "object": instance if pk is not None else None,
        },
    )


@require_POST
@login_required
def register_delete(
    request: HttpRequest, slug: str, register: str, pk: int
) -> HttpResponse:
    reg = _register(register)
    agency = get_agency_for_user(request.user, slug, roles.WRITE).agency
    instance = get_object_or_404(reg.queryset(agency), pk=pk)
    try:
        services.record_delete(actor=request.user, agency=agency, instance=instance)
    except ProtectedError:
        messages.error(
            request,
            _(
                "This record is used by others and cannot be deleted; mark it inactive instead."
            ),
        )
    else:
        messages.success(request, _("Deleted."))
    return redirect("outreach:register", slug=slug, register=reg.key)


@require_http_methods(["GET", "POST"])
@login_required
def import_records(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a spreadsheet; the import runs on a worker and the job page follows it."""
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.import_job_create(
            actor=request.user,
            agency=agency,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        return redirect("outreach:import_job", slug=slug, job=job.uuid)
    return render(
        request,
        "outreach/import.html",
        {
            "agency": agency,
            "membership": membership,
            "form": form,
            "recent": agency.import_jobs.all()[:5],
            "contact_columns": imports.CONTACT_COLUMNS,
            "event_columns": imports.EVENT_COLUMNS,
        },
    )


@require_GET
@login_required
def import_job(request: HttpRequest, slug: str, job) -> HttpResponse:
    """Where an import stands; at the end, its row-by-row result. Reload to follow it."""
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    found = get_object_or_404(ImportJob, agency=agency, uuid=job)
    return render(
        request,
        "outreach/import_job.html",
        {
            "agency": agency,
            "membership": membership,
            "job": found,
            "job_url": found.get_absolute_url(),
            "again_url": reverse("outreach:import", args=[slug]),
            "done_url": reverse("outreach:register", args=[slug, found.kind]),
            "done_label": _("See the records"),
        },
    )

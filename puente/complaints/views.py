"""Staff pages: cases, certification requests, follow-ups. Reading cases needs
HANDLE_COMPLAINTS; the quarterly summary is open to every member."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.complaints import deadlines, selectors, services
from puente.complaints.forms import (
    CertificationRequestForm,
    CertificationSettingsForm,
    ComplaintReplyForm,
    ComplaintUpdateForm,
    FollowUpForm,
    FollowUpTemplateForm,
)
from puente.complaints.models import CertificationRequest, Complaint, FollowUp


def _errors_to_form(form, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _complaint(request: HttpRequest, slug: str, uuid):
    membership = get_agency_for_user(request.user, slug, roles.HANDLE_COMPLAINTS)
    complaint = selectors.complaint_for_agency(agency=membership.agency, uuid=uuid)
    if complaint is None:
        raise Http404
    return membership, complaint


@require_GET
@login_required
def complaint_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.HANDLE_COMPLAINTS)
    status = request.GET.get("status", "")
    if status not in Complaint.Status.values:
        status = ""
    rows = selectors.complaints_for_agency(agency=membership.agency, status=status)[
        :200
    ]
    return render(
        request,
        "complaints/list.html",
        {"agency": membership.agency, "membership": membership, "complaints": rows,
         "status": status, "statuses": Complaint.Status.choices},
    )  # fmt: skip


@require_GET
@login_required
def summary(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug)
    agency = membership.agency
    return render(
        request,
        "complaints/summary.html",
        {
            "agency": agency,
            "membership": membership,
            "quarters": selectors.complaint_summary(agency=agency),
            "kinds": dict(Complaint.Kind.choices),
            "outcomes": {**dict(Complaint.Outcome.choices), "open": _("Open")},
            "certifications": selectors.certification_quarters(agency=agency),
            "reasons": dict(CertificationRequest.DeclineReason.choices),
            "can_handle": membership.allows(roles.HANDLE_COMPLAINTS),
        },
    )


@require_GET
@login_required
def complaint_detail(request: HttpRequest, slug: str, complaint) -> HttpResponse:
    membership, case = _complaint(request, slug, complaint)
    return _detail(request, membership, case)


def _detail(request, membership, case, update_form=None, reply_form=None, status=200):
    agency = membership.agency
    assigned = agency.memberships.filter(user=case.assigned_to).first()
    update_form = update_form or ComplaintUpdateForm(
        agency=agency,
        initial={"status": case.status, "assigned_to": assigned, "due_on": case.due_on,
                 "outcome": case.outcome},
    )  # fmt: skip
    reply_form = reply_form or ComplaintReplyForm(
        initial={"reply": case.reply, "language": case.reply_language or case.language,
                 "translation": case.reply_translation},
    )  # fmt: skip
    return render(
        request,
        "complaints/detail.html",
        {"agency": agency, "membership": membership, "case": case,
         "steps": case.steps.select_related("actor"),
         "update_form": update_form, "reply_form": reply_form},
        status=status,
    )  # fmt: skip


@require_POST
@login_required
def complaint_update(request: HttpRequest, slug: str, complaint) -> HttpResponse:
    membership, case = _complaint(request, slug, complaint)
    form = ComplaintUpdateForm(request.POST, agency=membership.agency)
    if form.is_valid():
        try:
            services.complaint_update(
                actor=request.user, complaint=case, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The case is updated."))
            return redirect("complaints:detail", slug=slug, complaint=case.uuid)
    return _detail(request, membership, case, update_form=form, status=400)


@require_POST
@login_required
def complaint_reply(request: HttpRequest, slug: str, complaint) -> HttpResponse:
    membership, case = _complaint(request, slug, complaint)
    form = ComplaintReplyForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_reply(
                actor=request.user, complaint=case, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The reply is on the resident's status page."))
            return redirect("complaints:detail", slug=slug, complaint=case.uuid)
    return _detail(request, membership, case, reply_form=form, status=400)


# Certification requests


@require_GET
@login_required
def certification_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.HANDLE_CERTIFICATIONS)
    agency = membership.agency
    return render(
        request,
        "complaints/certifications.html",
        {
            "agency": agency,
            "membership": membership,
            "rows": selectors.certification_requests_flagged(agency=agency),
            "limits": [
                (form, services.certification_deadline(agency=agency, form=form))
                for form in (deadlines.U_VISA, deadlines.T_VISA)
            ],
            "form_names": dict(CertificationRequest.Form.choices),
            "can_set_limit": membership.allows(roles.SET_CERTIFICATION_LIMIT),
        },
    )


def _certification_form_page(request, membership, form, request_obj=None, status=200):
    return render(
        request,
        "complaints/certification_form.html",
        {"agency": membership.agency, "membership": membership, "form": form,
         "request_obj": request_obj},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def certification_new(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.HANDLE_CERTIFICATIONS)
    form = CertificationRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.certification_request_create(
                    actor=request.user, agency=membership.agency, **form.cleaned_data
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The request is recorded."))
                return redirect("complaints:certifications", slug=slug)
        return _certification_form_page(request, membership, form, status=400)
    return _certification_form_page(request, membership, form)


@require_http_methods(["GET", "POST"])
@login_required
def certification_edit(request: HttpRequest, slug: str, request_uuid) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.HANDLE_CERTIFICATIONS)
    obj = (
        selectors.certification_requests(agency=membership.agency)
        .filter(uuid=request_uuid)
        .first()
    )
    if obj is None:
        raise Http404
    form = CertificationRequestForm(request.POST or None, instance=obj)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.certification_request_update(
                    actor=request.user, request=obj, **form.cleaned_data
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The request is updated."))
                return redirect("complaints:certifications", slug=slug)
        return _certification_form_page(request, membership, form, obj, status=400)
    return _certification_form_page(request, membership, form, obj)


@require_http_methods(["GET", "POST"])
@login_required
def certification_settings(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.SET_CERTIFICATION_LIMIT)
    agency = membership.agency
    current = getattr(agency, "certification_settings", None)
    form = CertificationSettingsForm(
        request.POST or None,
        initial={"own_days": current.own_days if current else None},
    )
    if request.method == "POST" and form.is_valid():
        services.certification_settings_update(
            actor=request.user, agency=agency, own_days=form.cleaned_data["own_days"]
        )
        messages.success(
            request,
            _("The limit is saved. It applies to requests received from now on."),
        )
        return redirect("complaints:certifications", slug=slug)
    return render(
        request,
        "complaints/certification_settings.html",
        {"agency": agency, "membership": membership, "form": form,
         "state_limits": [x for x in deadlines.STATE_LIMITS if x.state == agency.state]},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


# Follow-ups


@require_http_methods(["GET", "POST"])
@login_required
def followup_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    form = FollowUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.followup_request(
                    actor=request.user, agency=agency, **form.cleaned_data
                )
            except services.FollowUpRefused as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(
                    request,
                    _("The message is queued. The address is deleted once it is sent."),
                )
                return redirect("complaints:followups", slug=slug)
    return render(
        request,
        "complaints/followups.html",
        {"agency": agency, "membership": membership, "form": form,
         "rows": selectors.follow_ups(agency=agency),
         "sensitive": [FollowUp.Topic(t).label for t in FollowUp.Topic.values
                       if services.is_sensitive(t)]},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def followup_templates(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.CHANGE_PROFILE)
    agency = membership.agency
    form = FollowUpTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.followup_template_save(
            actor=request.user, agency=agency, **form.cleaned_data
        )
        messages.success(request, _("The wording is saved."))
        return redirect("complaints:followup_templates", slug=slug)
    from puente.complaints.models import FollowUpTemplate

    return render(
        request,
        "complaints/followup_templates.html",
        {"agency": agency, "membership": membership, "form": form,
         "templates": FollowUpTemplate.objects.filter(agency=agency).order_by("kind", "language")},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.lib.languages import language_name
from puente.lib.quarters import Quarter
from puente.outreach import selectors, services
from puente.outreach.forms import ContactForm, QuarterFilterForm
from puente.outreach.models import CommunityContact, Setting, Topic


@require_GET
@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug)
    agency = membership.agency
    form = QuarterFilterForm(request.GET or None, agency=agency)
    quarter, liaison = Quarter.of(timezone.localdate()), None
    if form.is_valid():
        if form.cleaned_data["quarter"]:
            quarter = Quarter.parse(form.cleaned_data["quarter"])
        liaison = form.cleaned_data["liaison"]
    summary = selectors.quarter_summary(agency=agency, quarter=quarter, liaison=liaison)
    settings_labels, topic_labels = dict(Setting.choices), dict(Topic.choices)
    recent = CommunityContact.objects.filter(agency=agency).select_related(
        "liaison", "partner"
    )[:20]
    return render(
        request,
        "outreach/dashboard.html",
        {
            "agency": agency,
            "membership": membership,
            "form": form,
            "summary": summary,
            "by_language": [
                (language_name(k), v)
                for k, v in summary["contacts_by_language"].items()
            ],
            "by_setting": [
                (settings_labels.get(k, k), v)
                for k, v in summary["contacts_by_setting"].items()
            ],
            "by_topic": [
                (topic_labels.get(k, k), v)
                for k, v in summary["contacts_by_topic"].items()
            ],
            "recent": recent,
            "can_write": membership.allows(roles.WRITE),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def log_contact(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    form = ContactForm(request.POST or None, agency=agency, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_log(
                actor=request.user, agency=agency, values=form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Contact saved. You can log the next one."))
            return redirect("outreach:log_contact", slug=slug)
    return render(
        request,
        "outreach/contact_form.html",
        {"agency": agency, "membership": membership, "form": form},
    )

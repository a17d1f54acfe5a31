from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from puente.agencies import roles
from puente.agencies.access import get_program_for_user
from puente.assessments.access import get_campaign_for_user
from puente.assessments.campaigns import (
    agencies_matching,
    campaign_invite_agencies,
    campaign_late_agencies,
    campaign_response_rates,
    campaign_send_due,
)
from puente.assessments.forms import InviteAgenciesForm
from puente.assessments.models import Campaign
from puente.lib.sizes import size_band_label


@require_GET
@login_required
def campaign_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_program_for_user(request.user, slug)
    campaigns = Campaign.objects.filter(program=membership.program).select_related(
        "instrument"
    )
    return render(
        request,
        "assessments/campaign_list.html",
        {
            "program": membership.program,
            "program_membership": membership,
            "campaigns": campaigns,
        },
    )


@require_GET
@login_required
def campaign_detail(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(request.user, slug, campaign)
    rates = campaign_response_rates(campaign=campaign_obj)
    for cell in rates["by_size"]:
        cell.label = size_band_label(cell.key if cell.key != "unknown" else None)
    return render(
        request,
        "assessments/campaign_detail.html",
        {
            "program": membership.program,
            "program_membership": membership,
            "campaign": campaign_obj,
            "rates": rates,
            "late": campaign_late_agencies(campaign=campaign_obj)[:200],
            "form": InviteAgenciesForm(),
            "can_write": membership.allows(roles.WRITE),
        },
    )


@require_POST
@login_required
def invite_agencies(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    _membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    form = InviteAgenciesForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Check the filters: %(errors)s") % {"errors": form.errors.as_text()},
        )
    else:
        agencies = agencies_matching(
            states=form.cleaned_data["states"],
            types=form.cleaned_data["types"],
            size_bands=form.cleaned_data["size_bands"],
        )
        added = campaign_invite_agencies(
            campaign=campaign_obj, agencies=agencies, actor=request.user
        )
        messages.success(
            request, _("%(count)d agencies added to the campaign.") % {"count": added}
        )
    return redirect("assessments:campaign_detail", slug=slug, campaign=campaign)


@require_POST
@login_required
def send_due(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    _membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    sent = campaign_send_due(
        campaign=campaign_obj,
        base_url=request.build_absolute_uri("/"),
        actor=request.user,
    )
    messages.success(
        request,
        _(
            "Sent %(prenotices)d pre-notices, %(invitations)d invitations and %(reminders)d reminders."
        )
        % {
            "prenotices": sent.prenotices,
            "invitations": sent.invitations,
            "reminders": sent.reminders,
        },
    )
    return redirect("assessments:campaign_detail", slug=slug, campaign=campaign)

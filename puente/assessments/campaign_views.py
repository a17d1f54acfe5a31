from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.agencies import roles
from puente.agencies.access import get_program_for_user
from puente.agencies.models import Agency
from puente.assessments.access import get_campaign_for_user
from puente.assessments.campaigns import (
    agencies_matching,
    campaign_agency_list,
    campaign_agency_remove,
    campaign_agency_set_consent,
    campaign_invite_agencies,
    campaign_is_published,
    campaign_late_agencies,
    campaign_preview_due,
    campaign_response_rates,
    campaign_send_due,
    campaign_set_contacts,
    campaign_transition,
    campaign_update,
)
from puente.assessments.forms import (
    CampaignEditForm,
    CampaignForm,
    InviteAgenciesForm,
    ResponseImportForm,
    ReviewForm,
)
from puente.assessments.models import (
    AgencyScore,
    Campaign,
    CampaignAgency,
    ConflictOfInterest,
    ResponseImportJob,
    Review,
    ReviewRound,
)
from puente.assessments.reviews import (
    campaign_shortlist,
    conflict_declare,
    has_conflict,
    not_selected_stages,
    review_submit,
    round_advance,
    round_agreement,
)
from puente.assessments.selectors import campaign_figures, review_evidence
from puente.assessments.services import campaign_create, current_instrument
from puente.lib.languages import active_language, localized
from puente.lib.sizes import size_band_label


@require_http_methods(["GET", "POST"])
@login_required
def campaign_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_program_for_user(request.user, slug)
    can_write = membership.allows(roles.WRITE)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_obj = campaign_create(
                program=membership.program,
                instrument=current_instrument(),
                slug=form.cleaned_data["slug"],
                name=form.cleaned_data["name"],
                status=Campaign.Status.DRAFT,
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                reminder_days=form.cleaned_data["reminder_days"],
                respondent_types=form.cleaned_data["respondent_types"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The campaign is created. Add agencies to it next.")
            )
            return redirect(
                "assessments:campaign_detail", slug=slug, campaign=campaign_obj.slug
            )
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
            "form": form,
            "can_write": can_write,
        },
    )


@require_GET
@login_required
def campaign_detail(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(request.user, slug, campaign)
    rates = campaign_response_rates(campaign=campaign_obj)
    for cell in rates["by_size"]:
        cell.label = size_band_label(cell.key if cell.key != "unknown" else None)
    types = dict(Agency.Type.choices)
    for cell in rates["by_type"]:
        cell.label = types.get(cell.key, cell.key)
    return render(
        request,
        "assessments/campaign_detail.html",
        {
            "program": membership.program,
            "program_membership": membership,
            "campaign": campaign_obj,
            "rates": rates,
            "figures": campaign_figures(campaign=campaign_obj),
            "published": campaign_is_published(campaign_obj),
            "late": campaign_late_agencies(campaign=campaign_obj)[:200],
            "without_address": campaign_obj.participants.filter(
                contact_email=""
            ).count(),
            "form": InviteAgenciesForm(),
            "can_write": membership.allows(roles.WRITE),
        },
    )


@require_POST
@login_required
def invite_agencies(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    form = InviteAgenciesForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Check the filters: %(errors)s") % {"errors": form.errors.as_text()},
        )
        return redirect("assessments:campaign_detail", slug=slug, campaign=campaign)
    agencies = agencies_matching(
        states=form.cleaned_data["states"],
        types=form.cleaned_data["types"],
        size_bands=form.cleaned_data["size_bands"],
    )
    if request.POST.get("confirm") != "yes":
        # A bulk add is never done on the first press: say how many and ask.
        already = campaign_obj.participants.filter(agency__in=agencies).count()
        return render(
            request,
            "assessments/invite_confirm.html",
            {
                "program": membership.program,
                "campaign": campaign_obj,
                "form": form,
                "matching": agencies.count(),
                "already": already,
                "states": " ".join(form.cleaned_data["states"]),
                "every": not any(form.cleaned_data.values()),
            },
        )
    added = campaign_invite_agencies(
        campaign=campaign_obj, agencies=agencies, actor=request.user
    )
    messages.success(
        request,
        ngettext(
            "%(count)d agency added to the campaign.",
            "%(count)d agencies added to the campaign.",
            added,
        )
        % {"count": added},
    )
    return redirect("assessments:campaign_agencies", slug=slug, campaign=campaign)


@require_POST
@login_required
def set_contacts(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    _membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    try:
        count = campaign_set_contacts(
            campaign=campaign_obj,
            text=request.POST.get("contacts", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(
            request,
            _("Nothing was saved. %(problems)s") % {"problems": " ".join(exc.messages)},
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d contact address saved.",
                "%(count)d contact addresses saved.",
                count,
            )
            % {"count": count},
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
    parts = [
        ngettext(
            "%(count)d pre-notice", "%(count)d pre-notices", sent.prenotices
        ) % {"count": sent.prenotices},
        ngettext(
            "%(count)d invitation", "%(count)d invitations", sent.invitations
        ) % {"count": sent.invitations},
        ngettext(
            "%(count)d reminder", "%(count)d reminders", sent.reminders
        ) % {"count": sent.reminders},
    ]  # fmt: skip
    messages.success(
        request,
        _(
            "Queued: %(prenotices)s, %(invitations)s, %(reminders)s; they are sent in the background."
        )
        % dict(zip(("prenotices", "invitations", "reminders"), parts, strict=True)),
    )
    return redirect("assessments:campaign_detail", slug=slug, campaign=campaign)


@require_GET
@login_required
def preview_due(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    """What "send" would send today, one example per kind and language, before sending."""
    membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    return render(
        request,
        "assessments/campaign_preview.html",
        {
            "program": membership.program,
            "campaign": campaign_obj,
            "groups": campaign_preview_due(
                campaign=campaign_obj, base_url=request.build_absolute_uri("/")
            ),
        },
    )


@require_GET
@login_required
def consent_list(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(request.user, slug, campaign)
    entries = campaign_obj.participants.select_related("agency").order_by(
        "agency__state", "agency__name"
    )
    return render(
        request,
        "assessments/campaign_consent.html",
        {
            "program": membership.program,
            "campaign": campaign_obj,
            "entries": entries,
            "consenting": entries.filter(consent_to_publish=True).count(),
            "can_write": membership.allows(roles.WRITE),
        },
    )


@require_POST
@login_required
def set_consent(
    request: HttpRequest, slug: str, campaign: str, agency: str
) -> HttpResponse:
    _membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    entry = _campaign_entry(campaign_obj, agency)
    consent = request.POST.get("consent") == "yes"
    campaign_agency_set_consent(entry=entry, consent=consent, actor=request.user)
    if consent:
        message = _("%(agency)s agrees to be named in publications.")
    else:
        message = _("%(agency)s will not be named in publications.")
    messages.success(request, message % {"agency": entry.agency.name})
    return redirect("assessments:consent_list", slug=slug, campaign=campaign)


# Review rounds.
def _campaign_entry(campaign_obj, agency_slug: str) -> CampaignAgency:
    entry = (
        CampaignAgency.objects.filter(campaign=campaign_obj, agency__slug=agency_slug)
        .select_related("agency")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def _round(campaign_obj, kind: str) -> ReviewRound:
    round_ = ReviewRound.objects.filter(campaign=campaign_obj, kind=kind).first()
    if round_ is None:
        raise Http404
    return round_


@require_GET
@login_required
def review_overview(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(request.user, slug, campaign)
    entries = {
        e.agency_id: e
        for e in CampaignAgency.objects.filter(campaign=campaign_obj).select_related(
            "agency"
        )
    }
    composites = dict(
        AgencyScore.objects.filter(
            campaign=campaign_obj, group=AgencyScore.Group.POLICE
        ).values_list("agency_id", "composite")
    )
    conflicts = set(
        ConflictOfInterest.objects.filter(
            campaign=campaign_obj, reviewer=request.user
        ).values_list("agency_id", flat=True)
    )
    rounds = []
    for round_ in campaign_obj.review_rounds.all():
        reviews = list(round_.reviews.all())
        rows = [
            {
                "entry": entry,
                "composite": composites.get(entry.agency_id),
                "reviews": sum(1 for r in reviews if r.agency_id == entry.agency_id),
                "mine": next(
                    (
                        r
                        for r in reviews
                        if r.agency_id == entry.agency_id
                        and r.reviewer_id == request.user.id
                    ),
                    None,
                ),
                "conflict": entry.agency_id in conflicts,
            }
            for entry in sorted(
                entries.values(), key=lambda e: -(composites.get(e.agency_id) or 0)
            )
            if entry.stage == round_.stage_reviewed
        ]
        rounds.append(
            {"round": round_, "rows": rows, "agreement": round_agreement(round_=round_)}
        )
    stages = Counter(e.stage for e in entries.values())
    selected = [e for e in entries.values() if e.stage == CampaignAgency.Stage.SELECTED]
    return render(
        request,
        "assessments/review_overview.html",
        {
            "program": membership.program,
            "campaign": campaign_obj,
            "rounds": rounds,
            "stages": [
                (label, stages.get(value, 0))
                for value, label in CampaignAgency.Stage.choices
                # Those not yet scored are counted by the figures above, which say
                # how many were invited; a second "invited" here would disagree.
                if value != CampaignAgency.Stage.INVITED
            ],
            "selected": selected,
            "figures": campaign_figures(campaign=campaign_obj),
            "can_write": membership.allows(roles.WRITE),
        },
    )


@require_POST
@login_required
def make_shortlist(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    _membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    try:
        size = int(request.POST.get("size", ""))
        chosen = campaign_shortlist(
            campaign=campaign_obj, size=size, actor=request.user
        )
    except ValueError:
        messages.error(request, _("Enter how many agencies to shortlist."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d agency shortlisted.",
                "%(count)d agencies shortlisted.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )
    return redirect("assessments:review_overview", slug=slug, campaign=campaign)


@require_http_methods(["GET", "POST"])
@login_required
def review_agency(
    request: HttpRequest, slug: str, campaign: str, kind: str, agency: str
) -> HttpResponse:
    _membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    round_ = _round(campaign_obj, kind)
    entry = _campaign_entry(campaign_obj, agency)
    if has_conflict(campaign=campaign_obj, reviewer=request.user, agency=entry.agency):
        raise PermissionDenied
    existing = Review.objects.filter(
        round=round_, agency=entry.agency, reviewer=request.user
    ).first()
    form = ReviewForm(
        request.POST or None,
        rubric=round_.rubric,
        language=active_language(),
        instance=existing,
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_submit(
                round_=round_, agency=entry.agency, reviewer=request.user,
                scores=form.scores(), recommendation=form.cleaned_data["recommendation"],
                notes=form.cleaned_data["notes"], notes_public=form.cleaned_data["notes_public"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Your review of %(agency)s is saved.")
                % {"agency": entry.agency.name},
            )
            return redirect("assessments:review_overview", slug=slug, campaign=campaign)
    score = AgencyScore.objects.filter(
        campaign=campaign_obj, agency=entry.agency, group=AgencyScore.Group.POLICE
    ).first()
    return render(
        request,
        "assessments/review_form.html",
        {
            "program": campaign_obj.program,
            "campaign": campaign_obj,
            "round": round_,
            "entry": entry,
            "form": form,
            "score": score,
            "evidence": review_evidence(
                campaign=campaign_obj, agency=entry.agency, language=active_language()
            ),
            # Others' scores only once this reviewer has committed to their own,
            # so that no one anchors on a colleague's marks.
            "others": _other_reviews(round_, entry, request.user)
            if existing is not None
            else None,
        },
    )


def _other_reviews(round_: ReviewRound, entry: CampaignAgency, user) -> list[dict]:
    language = active_language()
    labels = [(c["key"], localized(c["label"], language)) for c in round_.rubric]
    return [
        {
            "reviewer": review.reviewer.get_full_name() or review.reviewer.email,
            "scores": [(label, review.scores.get(key)) for key, label in labels],
            "recommendation": review.get_recommendation_display(),
        }
        for review in Review.objects.filter(round=round_, agency=entry.agency)
        .exclude(reviewer=user)
        .select_related("reviewer")
        .order_by("submitted_at")
    ]


@require_POST
@login_required
def declare_conflict(
    request: HttpRequest, slug: str, campaign: str, agency: str
) -> HttpResponse:
    _membership, campaign_obj = get_campaign_for_user(request.user, slug, campaign)
    entry = _campaign_entry(campaign_obj, agency)
    try:
        conflict_declare(
            campaign=campaign_obj,
            reviewer=request.user,
            agency=entry.agency,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Conflict recorded: you will not review %(agency)s.")
            % {"agency": entry.agency.name},
        )
    return redirect("assessments:review_overview", slug=slug, campaign=campaign)


@require_POST
@login_required
def advance(request: HttpRequest, slug: str, campaign: str, kind: str) -> HttpResponse:
    _membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    round_ = _round(campaign_obj, kind)
    # Ticked agencies come as slugs: a name, never a number a locale could group.
    ids = list(
        campaign_obj.participants.filter(
            agency__slug__in=request.POST.getlist("agencies")
        ).values_list("agency_id", flat=True)
    )
    final = round_.stage_next == CampaignAgency.Stage.SELECTED
    rationale = request.POST.get("rationale", "")
    if final and request.POST.get("confirm") != "yes" and rationale.strip() and ids:
        # The last round decides for everyone still in review: name them and ask.
        entries = campaign_obj.participants.select_related("agency")
        return render(
            request,
            "assessments/select_confirm.html",
            {
                "program": campaign_obj.program,
                "campaign": campaign_obj,
                "round": round_,
                "rationale": rationale,
                "selected": entries.filter(agency_id__in=ids).order_by("agency__name"),
                "not_selected": entries.filter(stage__in=not_selected_stages())
                .exclude(agency_id__in=ids)
                .order_by("agency__name"),
            },
        )
    try:
        moved = round_advance(
            round_=round_,
            agency_ids=ids,
            rationale=rationale,
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d agency moved on.", "%(count)d agencies moved on.", moved
            )
            % {"count": moved},
        )
    return redirect("assessments:review_overview", slug=slug, campaign=campaign)


# The lifecycle pages.
STEP_TEXTS = {
    "open": (
        gettext_lazy("Open the campaign"),
        gettext_lazy(
            "Once open, pressing “Send what is due” sends each agency with an address "
            "its invitation, with one survey link per respondent, and the reminders "
            "follow on the schedule."
        ),
    ),
    "close": (
        gettext_lazy("Close the campaign"),
        gettext_lazy(
            "Survey links stop accepting answers and no more reminders are sent. "
            "Scores are computed from the answers submitted so far. You can reopen it."
        ),
    ),
    "reopen": (
        gettext_lazy("Reopen the campaign"),
        gettext_lazy(
            "Survey links accept answers again and reminders resume on the schedule."
        ),
    ),
}


@require_http_methods(["GET", "POST"])
@login_required
def campaign_step(
    request: HttpRequest, slug: str, campaign: str, action: str
) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    if action not in STEP_TEXTS:
        raise Http404
    if request.method == "POST":
        try:
            campaign_transition(
                campaign=campaign_obj, action=action, actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The campaign is %(status)s now.")
                % {"status": campaign_obj.get_status_display().lower()},
            )
        return redirect("assessments:campaign_detail", slug=slug, campaign=campaign)
    title, explanation = STEP_TEXTS[action]
    return render(
        request,
        "assessments/campaign_step.html",
        {
            "program": membership.program,
            "campaign": campaign_obj,
            "action": action,
            "title": title,
            "explanation": explanation,
            "figures": campaign_figures(campaign=campaign_obj),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def campaign_edit(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    form = CampaignEditForm(request.POST or None, instance=campaign_obj)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_update(
                campaign=Campaign.objects.get(pk=campaign_obj.pk),
                name=form.cleaned_data["name"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                reminder_days=form.cleaned_data["reminder_days"],
                respondent_types=form.cleaned_data["respondent_types"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect("assessments:campaign_detail", slug=slug, campaign=campaign)
    return render(
        request,
        "assessments/campaign_edit.html",
        {"program": membership.program, "campaign": campaign_obj, "form": form},
    )


@require_GET
@login_required
def campaign_agencies(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(request.user, slug, campaign)
    text = request.GET.get("q", "")[:100]
    entries = campaign_agency_list(campaign=campaign_obj, text=text)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/campaign_agencies.html",
        {
            "program": membership.program,
            "campaign": campaign_obj,
            "page": page,
            "q": text,
            "query": urlencode({"q": text}) if text else "",
            "figures": campaign_figures(campaign=campaign_obj),
            "can_write": membership.allows(roles.WRITE),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def remove_agency(
    request: HttpRequest, slug: str, campaign: str, agency: str
) -> HttpResponse:
    membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    entry = _campaign_entry(campaign_obj, agency)
    if request.method == "POST":
        try:
            campaign_agency_remove(entry=entry, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(agency)s is no longer in the campaign.")
                % {"agency": entry.agency.name},
            )
        return redirect("assessments:campaign_agencies", slug=slug, campaign=campaign)
    return render(
        request,
        "assessments/remove_agency.html",
        {"program": membership.program, "campaign": campaign_obj, "entry": entry},
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_responses(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    """Upload paper, KoboToolbox or ODK Central responses; a worker imports them and
    the job page follows it."""
    from puente.assessments import jobs

    membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    form = ResponseImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.responses_import_create(
            actor=request.user, campaign=campaign_obj, upload=form.cleaned_data["file"]
        )
        return redirect(
            "assessments:import_responses_job",
            slug=slug,
            campaign=campaign,
            job=job.uuid,
        )
    return render(
        request,
        "assessments/import_responses.html",
        {
            "program": membership.program,
            "campaign": campaign_obj,
            "form": form,
            "recent": campaign_obj.import_jobs.all()[:5],
        },
    )


@require_GET
@login_required
def import_responses_job(
    request: HttpRequest, slug: str, campaign: str, job
) -> HttpResponse:
    """Where a response import stands; at the end, its result. Reload to follow it."""
    membership, campaign_obj = get_campaign_for_user(
        request.user, slug, campaign, roles.WRITE
    )
    found = get_object_or_404(ResponseImportJob, campaign=campaign_obj, uuid=job)
    return render(
        request,
        "assessments/import_responses_job.html",
        {
            "program": membership.program,
            "campaign": campaign_obj,
            "job": found,
            "job_url": found.get_absolute_url(),
            "again_url": reverse("assessments:import_responses", args=[slug, campaign]),
            "done_url": reverse("assessments:campaign_detail", args=[slug, campaign]),
            "done_label": _("See the campaign"),
        },
    )

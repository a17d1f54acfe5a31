import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user, programs_for_user
from puente.assessments.models import Campaign
from puente.assessments.selectors import campaign_figures
from puente.insights import dashboard, opendata, report, selectors, services
from puente.insights.access import get_campaign_for_viewer, is_published
from puente.insights.tasks import report_pdf_render
from puente.lib import versioned_cache
from puente.lib.figures_cache import page_scopes
from puente.lib.languages import active_language
from puente.lib.replica import reads_from_replica
from puente.lib.spreadsheets import table_response
from puente.lib.tasks import enqueue


def _page_context(campaign: Campaign, membership) -> dict:
    return {
        "campaign": campaign,
        "program_membership": membership,
        "published": is_published(campaign),
        "can_publish": membership is not None and membership.allows(roles.WRITE),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    mine = Campaign.objects.none()
    if request.user.is_authenticated:
        mine = (
            Campaign.objects.filter(
                program__in=programs_for_user(request.user), publication__isnull=True
            )
            .select_related("program")
            .order_by("-created_at")
        )
    return render(
        request,
        "insights/index.html",
        {"published": selectors.published_campaigns(), "unpublished": mine},
    )


@require_GET
@reads_from_replica
def trends(request: HttpRequest, campaign: str) -> HttpResponse:
    campaign_obj, membership = get_campaign_for_viewer(request.user, campaign)
    context = report.publication_context(campaign=campaign_obj)
    context |= _page_context(campaign_obj, membership)
    return render(request, "insights/trends.html", context)


@require_GET
@reads_from_replica
def report_page(request: HttpRequest, campaign: str) -> HttpResponse:
    campaign_obj, membership = get_campaign_for_viewer(request.user, campaign)
    context = report.report_context(campaign=campaign_obj)
    context |= _page_context(campaign_obj, membership)
    return render(request, "insights/report.html", context)


def _stored_pdf(
    request: HttpRequest, campaign: Campaign, language: str, filename: str
) -> HttpResponse:
    """The report's PDF from storage. A missing one is rendered by a worker (one render
    per campaign, language and state of the data, however many ask); meanwhile the
    visitor is asked to come back. Without a broker it is rendered here, at once."""
    name = report.report_pdf_name(campaign=campaign, language=language)
    if not default_storage.exists(name):
        if cache.add(f"insights:rendering:{name}", 1, 10 * 60):
            enqueue(report_pdf_render, campaign.pk, language)
        if not default_storage.exists(name):
            response = render(
                request,
                "insights/report_pending.html",
                {"campaign": campaign, "filename": filename},
                status=202,
            )
            response["Retry-After"] = "30"
            return response
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    return response


@require_GET
@reads_from_replica
def report_download(request: HttpRequest, campaign: str, fmt: str) -> HttpResponse:
    campaign_obj, _membership = get_campaign_for_viewer(request.user, campaign)
    language = active_language()
    filename = f"{campaign_obj.slug}-report-{language}.{fmt}"
    if fmt == "pdf":
        return _stored_pdf(request, campaign_obj, language, filename)
    if fmt == "html":
        response = HttpResponse(
            report.report_html(campaign=campaign_obj, language=language),
            content_type="text/html; charset=utf-8",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@reads_from_replica
def profile(request: HttpRequest, campaign: str, agency: str) -> HttpResponse:
    campaign_obj, membership = get_campaign_for_viewer(request.user, campaign)
    profiles, _declined = selectors.campaign_profiles(
        campaign=campaign_obj, agency_slug=agency
    )
    if not profiles:
        raise Http404
    context = report.publication_context(campaign=campaign_obj, with_charts=False)
    report.profile_rows(profiles, context["trends"].principles)
    context |= _page_context(campaign_obj, membership)
    context["profile"] = profiles[0]
    return render(request, "insights/profile.html", context)


@require_GET
def open_data(request: HttpRequest, campaign: str) -> HttpResponse:
    campaign_obj, membership = get_campaign_for_viewer(request.user, campaign)
    context = _page_context(campaign_obj, membership)
    context["tables"] = [(table, f"{table}.csv") for table in opendata.TABLES]
    context["dictionary_file"] = "dictionary.csv"
    context["dictionary"] = opendata.dictionary()
    return render(request, "insights/open_data.html", context)


@require_GET
@reads_from_replica
def open_data_table(request: HttpRequest, campaign: str, table: str) -> HttpResponse:
    campaign_obj, _membership = get_campaign_for_viewer(request.user, campaign)
    if table == "dictionary":
        return table_response(
            f"{campaign_obj.slug}-dictionary",
            ["table", "column", "meaning"],
            opendata.dictionary(),
        )
    if table not in opendata.TABLES:
        raise Http404
    context = report.publication_context(campaign=campaign_obj, with_charts=False)
    columns, rows = opendata.table_rows(table, context["trends"], context["map"])
    return table_response(f"{campaign_obj.slug}-{table}", columns, rows)


@require_http_methods(["GET", "POST"])
@login_required
def publish(request: HttpRequest, campaign: str) -> HttpResponse:
    """GET asks (what becomes public, or what is taken back); POST does it."""
    campaign_obj, membership = get_campaign_for_viewer(
        request.user, campaign, roles.WRITE
    )
    withdraw = is_published(campaign_obj)
    if request.method == "GET":
        figures = campaign_figures(campaign=campaign_obj)
        return render(
            request,
            "insights/publish_confirm.html",
            {
                **_page_context(campaign_obj, membership),
                "withdraw": withdraw,
                "figures": figures,
                "consenting": campaign_obj.participants.filter(
                    consent_to_publish=True
                ).count(),
            },
        )
    if withdraw:
        services.campaign_unpublish(campaign=campaign_obj, actor=request.user)
        messages.success(
            request, _("The publication is withdrawn: only the program sees it now.")
        )
    else:
        try:
            services.campaign_publish(campaign=campaign_obj, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The campaign's findings are public now."))
    return redirect("insights:trends", campaign=campaign)


@require_GET
@login_required
def weighted_survey(request: HttpRequest, slug: str) -> HttpResponse:
    """The agency's trust survey weighted to its community, beside the plain figures.
    Members only (404 to others): the staff see it before anything is published."""
    from puente.agencies.access import get_agency_for_user
    from puente.insights.survey_weighting import weighted_survey as weighted
    from puente.language_access.ages import age_band_name
    from puente.portal.survey import home_language_choices, short_names

    membership = get_agency_for_user(request.user, slug)
    margins, quarters = weighted(agency=membership.agency)
    names = short_names()
    labels = dict(home_language_choices())

    def shares(found: dict, label) -> list[tuple[str, float]]:
        total = sum(found.values())
        return [(label(k), 100 * v / total) for k, v in found.items()] if total else []

    return render(
        request,
        "insights/weighted_survey.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "margins": sorted(
                shares(margins.get("language", {}), lambda k: labels.get(k, k)),
                key=lambda kv: -kv[1],
            ),
            "age_margins": shares(margins.get("age", {}), age_band_name),
            "quarters": quarters,
            "questions": [(key, names[key]) for key in names],
            "span": 5 + 2 * len(names),
        },
    )  # fmt: skip


@require_GET
@login_required
def agency_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The agency's dashboard. The whole page is kept in the shared cache per member,
    role, language and time zone while the agency's figures and audit trail stay as
    they were (`lib.figures_cache.page_scopes`) and the day is the same, so a member
    coming back costs the access check and one cache read (issue 15). A page with
    messages to show is rendered afresh. Its forms carry CSRF_SLOT in the cache; the
    request's own token is put in on the way out."""
    membership = get_agency_for_user(request.user, slug)
    agency = membership.agency
    token = get_token(request)
    key = "dashboard:page:" + ":".join(
        str(part)
        for part in (
            request.user.pk,
            agency.pk,
            membership.role,
            get_language(),
            timezone.get_current_timezone_name(),
            timezone.localdate().isoformat(),
            hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16],
        )
    )
    if len(messages.get_messages(request)):
        html = _agency_dashboard_html(request, membership)
    else:
        html = versioned_cache.cached(
            key,
            page_scopes(agency.pk),
            lambda: _agency_dashboard_html(request, membership),
            timeout=settings.PUENTE_FIGURES_CACHE_SECONDS,
        )
    return HttpResponse(html.replace(dashboard.CSRF_SLOT, token))


def _agency_dashboard_html(request: HttpRequest, membership) -> str:
    agency = membership.agency
    figures = dashboard.agency_dashboard_html(
        agency=agency, role=membership.role, can_write=membership.allows(roles.WRITE)
    )
    return render_to_string(
        "insights/agency_dashboard.html",
        {
            "membership": membership,
            "agency": agency,
            "can_write": membership.allows(roles.WRITE),
            "can_view_audit": membership.allows(roles.VIEW_AUDIT),
            "can_change_profile": membership.allows(roles.CHANGE_PROFILE),
            # What people did lately, in words; only for those who may read the audit log.
            "activity": (
                dashboard.recent_activity(agency=agency)
                if membership.allows(roles.VIEW_AUDIT)
                else []
            ),
            "figures": {part: mark_safe(html) for part, html in figures.items()},  # noqa: S308 - rendered by our template
            "csrf_token": dashboard.CSRF_SLOT,
        },
        request=request,
    )

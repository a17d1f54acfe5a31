"""The public portal: no login, the language in every address, nothing about the visitor
kept. Pages render inside the URL's language; the agency page is cached per language."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from puente.agencies.models import Agency
from puente.lib.ical import CalendarEvent, calendar
from puente.lib.languages import language_name
from puente.lib.uploads import inert_download
from puente.portal import abuse, selectors, services
from puente.portal.forms import FeedbackForm
from puente.portal.languages import babel_locale, best_language, portal_languages
from puente.portal.survey import QUESTIONS

PAGES = {
    "agency": "portal:agency",
    "feedback": "portal:feedback",
    "results": "portal:results",
}


def in_page_language(view: Callable) -> Callable:
    """Run the view, and render its template, in the language the address names."""

    @wraps(view)
    def wrapper(request: HttpRequest, language: str, *args, **kwargs) -> HttpResponse:
        with translation.override(language):
            response = view(request, language, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapper


def _alternates(name: str, slug: str) -> list[dict]:
    """The same page in every portal language, for the language list."""
    return [
        {
            "language": language,
            "url": reverse(name, kwargs={"language": language.code, "slug": slug}),
        }
        for language in portal_languages()
    ]


def _context(agency: Agency, language: str, name: str, **extra) -> dict:
    return {
        "agency": agency,
        "language": language,
        "alternates": _alternates(name, agency.slug),
        "current_name": name,
        **extra,
    }


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/not_found.html", status=404)


def agency_page_context(
    request: HttpRequest, agency: Agency, language: str, *, preview: bool = False
) -> dict:
    page = selectors.agency_page(agency=agency, language=language, preview=preview)
    return _context(
        agency,
        language,
        "portal:agency",
        community_languages=[
            language_name(code, babel_locale(language) or "en")
            for code in agency.community_languages
        ],
        preview=preview,
        **page,
    )


def _cached_page(
    request: HttpRequest, page: str, language: str, slug: str, context: Callable
) -> HttpResponse:
    """The page rendered once per agency, page and language, until the agency's portal
    changes or PUENTE_PORTAL_CACHE_SECONDS pass: a surge of visitors costs no query."""
    version = cache.get(services.page_version_key(slug), 0)
    key = f"portal:page:{slug}:{page}:{language}:{version}"
    html = cache.get(key)
    if html is None:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            return _not_found(request)
        html = render_to_string(f"portal/{page}.html", context(agency), request=request)
        cache.set(key, html, settings.PUENTE_PORTAL_CACHE_SECONDS)
    return HttpResponse(html)


@require_GET
@in_page_language
def agency_page(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    return _cached_page(
        request,
        "agency",
        language,
        slug,
        lambda agency: agency_page_context(request, agency, language),
    )


@require_GET
def choose_language(
    request: HttpRequest, slug: str, page: str = "agency", code: str = ""
) -> HttpResponse:
    """An address without a portal language (or with one the portal does not have)
    goes to the page in the first portal language the browser asks for."""
    accept = request.headers.get("Accept-Language", "")
    language = best_language(f"{code}, {accept}" if code else accept)
    response = redirect(PAGES[page], language=language, slug=slug)
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_GET
@in_page_language
def events_calendar(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        return _not_found(request)
    page_url = request.build_absolute_uri(
        reverse("portal:agency", kwargs={"language": language, "slug": slug})
    )
    locale = babel_locale(language) or "en"
    events = []
    for event in selectors.upcoming_events(agency=agency, limit=None):
        names = ", ".join(language_name(code, locale) for code in event.languages)
        details = (
            [_("Languages: %(languages)s") % {"languages": names}] if names else []
        )
        if event.interpretation_provided:
            details.append(_("Free interpretation"))
        events.append(
            CalendarEvent(
                uid=f"{event.uuid}@puente",
                day=event.date,
                starts=event.starts_at,
                ends=event.ends_at,
                summary=event.title,
                location=event.place,
                description="\n".join(details),
                url=page_url,
            )
        )
    body = calendar(
        # Agencies have no time zone of their own here: their times are local.
        name=agency.name, events=events, stamp=timezone.now(), product="Puente",
    )  # fmt: skip
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-events.ics"'
    return response


@require_GET
def material_download(
    request: HttpRequest, language: str, slug: str, translation_uuid
) -> FileResponse:
    found = selectors.public_translation(
        agency=Agency.objects.filter(slug=slug).first(), uuid=translation_uuid
    )
    if found is None:
        raise Http404
    return inert_download(
        found.file, filename=found.filename, content_type=found.content_type
    )


@require_http_methods(["GET", "POST"])
@in_page_language
def feedback(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        return _not_found(request)
    portal = selectors.portal_settings(agency=agency)
    form = FeedbackForm(request.POST or None)
    notice, status = "", 200
    if request.method == "POST" and portal.feedback_open:
        if request.POST.get(abuse.HONEYPOT_FIELD):
            return redirect("portal:thanks", language=language, slug=slug)
        if abuse.is_over_limit(request, slug):
            notice, status = (
                _(
                    "We cannot accept more answers from this connection today. Please try again tomorrow. Your answers were not saved."
                ),
                429,
            )
        elif abuse.is_too_fast(request.POST.get("token", "")):
            notice = _(
                "Please check your answers, then send them again. They have not been sent yet."
            )
        elif form.is_valid():
            if not abuse.use_token(request.POST.get("token", "")):
                # The same form sent twice (a double click, a reload, a replay): the
                # first answers count, the copy is dropped.
                return redirect("portal:thanks", language=language, slug=slug)
            if not abuse.take_slot(request, slug):
                notice, status = (
                    _(
                        "We cannot accept more answers from this connection today. Please try again tomorrow. Your answers were not saved."
                    ),
                    429,
                )
            else:
                services.feedback_submit(
                    agency=agency,
                    language=language,
                    answers=form.answers(),
                    comment=form.cleaned_data["comment"],
                    about=form.about(),
                )
                return redirect("portal:thanks", language=language, slug=slug)
        else:
            status = 400
    context = _context(
        agency,
        language,
        "portal:feedback",
        form=form,
        portal=portal,
        notice=notice,
        token=abuse.form_token(),
        questions=QUESTIONS,
    )
    return render(request, "portal/feedback.html", context, status=status)


@require_GET
@in_page_language
def thanks(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        return _not_found(request)
    return render(
        request,
        "portal/thanks.html",
        _context(agency, language, "portal:thanks"),
    )


@require_GET
@in_page_language
def results(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    def context(agency: Agency) -> dict:
        return _context(
            agency,
            language,
            "portal:results",
            **selectors.survey_result_tables(agency=agency),
            questions=QUESTIONS,
            small_cell=settings.PUENTE_SMALL_CELL,
            **dict(
                zip(
                    ("complaint_columns", "complaint_rows"),
                    selectors.complaint_results(agency=agency),
                    strict=True,
                )
            ),
        )

    return _cached_page(request, "results", language, slug, context)


# Complaints and commendations (written through complaints.services)


@require_http_methods(["GET", "POST"])
@in_page_language
def complaint_new(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    """The complaint and commendation form. No account, no JavaScript; nothing about the
    visitor's connection is stored. On success the visitor goes to the case's private
    status page, whose address is the only way back to it."""
    from puente.complaints.services import complaint_file
    from puente.portal.complaint_forms import ComplaintForm

    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        return _not_found(request)
    form = ComplaintForm(request.POST or None)
    notice, status = "", 200
    scope = f"complaint:{slug}"
    if request.method == "POST":
        status = 400
        if request.POST.get(abuse.HONEYPOT_FIELD):
            return redirect("portal:agency", language=language, slug=slug)
        if abuse.is_over_limit(request, scope):
            notice, status = _limit_notice(), 429
        elif abuse.is_too_fast(request.POST.get("token", "")):
            notice = _(
                "Please check your answers, then send them again. They have not been sent yet."
            )
        elif form.is_valid():
            if not abuse.use_token(request.POST.get("token", "")):
                return redirect("portal:agency", language=language, slug=slug)
            if not abuse.take_slot(request, scope):
                notice, status = _limit_notice(), 429
            else:
                complaint, token = complaint_file(
                    agency=agency, language=language, **form.cleaned_data
                )
                url = reverse(
                    "portal:complaint_status",
                    kwargs={"language": language, "slug": slug, "token": token},
                )
                return redirect(f"{url}?new=1")
    context = _context(
        agency, language, "portal:complaint_new", form=form, notice=notice,
        token=abuse.form_token(),
    )  # fmt: skip
    return render(request, "portal/complaint_form.html", context, status=status)


def _limit_notice() -> str:
    return _(
        "We cannot accept more answers from this connection today. Please try again tomorrow. Your answers were not saved."
    )


@require_GET
@in_page_language
def complaint_status(
    request: HttpRequest, language: str, slug: str, token: str
) -> HttpResponse:
    """The private status page of one case: the status, the outcome and the reply, never
    what the resident wrote. Unknown links get the portal's 404 page."""
    from puente.complaints.services import complaint_for_token
    from puente.portal.labels import (
        COMPLAINT_KINDS,
        COMPLAINT_OUTCOMES,
        COMPLAINT_STATUSES,
    )

    agency = Agency.objects.filter(slug=slug).first()
    complaint = agency and complaint_for_token(agency=agency, token=token)
    if not complaint:
        return _not_found(request)
    context = _context(
        agency, language, "portal:agency",
        case=complaint, new=request.GET.get("new") == "1",
        # Shown once, as text: a phone's in-app browser may hide the address bar.
        private_link=request.build_absolute_uri(request.path),
        kind=COMPLAINT_KINDS[complaint.kind],
        status=COMPLAINT_STATUSES[complaint.status],
        outcome=COMPLAINT_OUTCOMES.get(complaint.outcome, "") if complaint.outcome else "",
    )  # fmt: skip
    response = render(request, "portal/complaint_status.html", context)
    # A private page: never cached by a proxy, never sent on as a referrer.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response

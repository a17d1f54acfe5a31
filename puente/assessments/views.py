from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.assessments import selectors, services
from puente.assessments.access import get_response_for_user
from puente.assessments.campaigns import campaign_agency_set_consent
from puente.assessments.forms import SectionForm, StartSelfAssessmentForm
from puente.assessments.models import CampaignAgency, Instrument, Response
from puente.assessments.pages import response_pages
from puente.lib import charts
from puente.lib.languages import active_language, localized
from puente.practices.selectors import practice_recommendations
from puente.principles.models import Principle


@require_GET
@login_required
def self_assessments(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug)
    agency = membership.agency
    return render(
        request,
        "assessments/self_assessments.html",
        {
            "agency": agency,
            "membership": membership,
            "responses": selectors.agency_self_assessments(agency=agency),
            "form": StartSelfAssessmentForm(),
            "can_write": membership.allows(roles.WRITE),
            "has_instrument": Instrument.objects.filter(is_current=True).exists(),
            "campaigns": CampaignAgency.objects.filter(agency=agency)
            .select_related("campaign__program")
            .order_by("-campaign__opens_on", "campaign__name"),
            "can_consent": membership.allows(roles.CHANGE_PROFILE),
        },
    )


@require_POST
@login_required
def set_own_consent(request: HttpRequest, slug: str, campaign: str) -> HttpResponse:
    """The agency decides itself whether it may be named in a campaign's publications."""
    membership = get_agency_for_user(request.user, slug, roles.CHANGE_PROFILE)
    entry = get_object_or_404(
        CampaignAgency, agency=membership.agency, campaign__slug=campaign
    )
    consent = request.POST.get("consent") == "yes"
    campaign_agency_set_consent(entry=entry, consent=consent, actor=request.user)
    messages.success(
        request,
        _("Your agency may now be named in this campaign's publications.")
        if consent
        else _("Your agency will not be named in this campaign's publications."),
    )
    return redirect("assessments:self_assessments", slug=slug)


@require_POST
@login_required
def start_self_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    form = StartSelfAssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who is answering."))
        return redirect("assessments:self_assessments", slug=slug)
    try:
        response = services.self_assessment_start(
            actor=request.user,
            agency=membership.agency,
            respondent_type=form.cleaned_data["respondent_type"],
            language=active_language(),
        )
    except (ValidationError, Instrument.DoesNotExist) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("assessments:self_assessments", slug=slug)
    return redirect("assessments:answer", slug=slug, response=response.uuid, page=1)


class _Links:
    """Where the pages of one response live: under the workspace, or under a survey link."""

    def __init__(self, response_obj, slug: str | None = None):
        self.response, self.slug = response_obj, slug

    def _name(self, name: str) -> tuple[str, dict]:
        if self.slug:
            return f"assessments:{name}", {
                "slug": self.slug,
                "response": self.response.uuid,
            }
        return f"assessments:survey_{name}", {"token": self.response.token}

    def page(self, number: int) -> str:
        name, kwargs = self._name("answer")
        return reverse(name, kwargs={**kwargs, "page": number})

    def __getattr__(self, name: str) -> str:
        if name in ("review", "submit", "results"):
            view, kwargs = self._name(name)
            return reverse(view, kwargs=kwargs)
        raise AttributeError(name)

    @property
    def page_one(self) -> str:
        return self.page(1)

    @property
    def finish_later(self) -> str:
        if self.slug:
            return reverse("assessments:self_assessments", kwargs={"slug": self.slug})
        return self.page(1)


def _answer_page(
    request: HttpRequest, response_obj, page: int, links: _Links, context: dict
) -> HttpResponse:
    if response_obj.is_submitted:
        return redirect(links.results)
    language = active_language()
    spec = response_obj.instrument.spec
    pages = response_pages(
        spec, response_obj.respondent_type, response_obj.answers, language
    )
    if not 1 <= page <= len(pages):
        return redirect(links.review)
    current = pages[page - 1]
    form = SectionForm(
        request.POST or None,
        items=current.items,
        language=language,
        required={i["id"] for i in current.items if i.get("required")},
        conditions=current.conditions,
        initial=response_obj.answers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            errors = services.response_save_answers(
                response=response_obj, answers=form.cleaned_data, actor=request.user
            )
        except ValidationError as exc:
            errors = {"": " ".join(exc.messages)}
        for item_id, message in errors.items():
            form.add_error(item_id if item_id in form.fields else None, message)
        if not errors:
            if "save_exit" in request.POST:
                messages.success(
                    request, _("Your answers are saved. You can continue at any time.")
                )
                return redirect(links.finish_later)
            if "back" in request.POST and page > 1:
                return redirect(links.page(page - 1))
            # Skip logic may add or remove pages once these answers are saved.
            pages = response_pages(
                spec, response_obj.respondent_type, response_obj.answers, language
            )
            if page < len(pages):
                return redirect(links.page(page + 1))
            return redirect(links.review)
    return render(
        request,
        "assessments/answer.html",
        {
            **context,
            "response": response_obj,
            "form": form,
            "page": current,
            "number": page,
            "total": len(pages),
            "percent": round(100 * (page - 1) / len(pages)),
            "links": links,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def answer(request: HttpRequest, slug: str, response: str, page: int) -> HttpResponse:
    membership, response_obj = get_response_for_user(
        request.user, slug, response, roles.WRITE
    )
    context = {"agency": membership.agency, "membership": membership}
    return _answer_page(
        request, response_obj, page, _Links(response_obj, slug), context
    )


def _review_page(
    request,
    response_obj,
    links: _Links,
    context: dict,
    *,
    missing=None,
    error="",
    status=200,
):
    language = active_language()
    spec = response_obj.instrument.spec
    pages = response_pages(
        spec, response_obj.respondent_type, response_obj.answers, language
    )
    missing = set(missing or [])
    rows = [
        {
            "url": links.page(number),
            "section": page.title,
            "label": localized(item["label"], language),
            "answer": _answer_text(
                item, response_obj.answers.get(item["id"]), language
            ),
            "missing": item["id"] in missing,
        }
        for number, page in enumerate(pages, start=1)
        for item in page.items
    ]
    return render(
        request,
        "assessments/review.html",
        {
            **context,
            "response": response_obj,
            "rows": rows,
            "links": links,
            "error": error,
        },
        status=status,
    )


def _answer_text(item, value, language) -> str:
    if value in (None, "", []):
        return ""
    labels = {
        o["value"]: localized(o["label"], language) for o in item.get("options") or []
    }
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(value, str(value))


def _submit(
    request, response_obj, links: _Links, context: dict, thanks: str
) -> HttpResponse:
    try:
        services.response_submit(response=response_obj, actor=request.user)
    except ValidationError as exc:
        missing = (getattr(exc, "params", None) or {}).get("missing", [])
        return _review_page(
            request,
            response_obj,
            links,
            context,
            missing=missing,
            error=" ".join(exc.messages),
            status=400,
        )
    messages.success(request, thanks)
    return redirect(links.results)


@require_GET
@login_required
def review(request: HttpRequest, slug: str, response: str) -> HttpResponse:
    membership, response_obj = get_response_for_user(
        request.user, slug, response, roles.WRITE
    )
    links = _Links(response_obj, slug)
    if response_obj.is_submitted:
        return redirect(links.results)
    return _review_page(
        request,
        response_obj,
        links,
        {"agency": membership.agency, "membership": membership},
    )


@require_POST
@login_required
def submit(request: HttpRequest, slug: str, response: str) -> HttpResponse:
    membership, response_obj = get_response_for_user(
        request.user, slug, response, roles.WRITE
    )
    context = {"agency": membership.agency, "membership": membership}
    thanks = _("Thank you. The self-assessment is submitted and scored.")
    return _submit(request, response_obj, _Links(response_obj, slug), context, thanks)


# Survey links: one per invited respondent, no account needed. The token is the
# only key, so every view answers 404 for an unknown one.
def _survey_response(token: str):
    response_obj = (
        Response.objects.select_related("instrument", "agency", "campaign")
        .filter(token=token, campaign__isnull=False)
        .first()
    )
    if response_obj is None:
        raise Http404
    return response_obj


def _survey_context(response_obj) -> dict:
    return {
        "survey": True,
        "agency": response_obj.agency,
        "campaign": response_obj.campaign,
    }


@require_GET
def survey(request: HttpRequest, token: str) -> HttpResponse:
    response_obj = _survey_response(token)
    links = _Links(response_obj)
    if response_obj.is_submitted:
        return redirect(links.results)
    return render(
        request,
        "assessments/survey_start.html",
        {**_survey_context(response_obj), "response": response_obj, "links": links},
    )


@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str, page: int) -> HttpResponse:
    response_obj = _survey_response(token)
    if not response_obj.campaign.is_open and not response_obj.is_submitted:
        return render(
            request,
            "assessments/survey_closed.html",
            _survey_context(response_obj),
            status=410,
        )
    return _answer_page(
        request, response_obj, page, _Links(response_obj), _survey_context(response_obj)
    )


@require_GET
def survey_review(request: HttpRequest, token: str) -> HttpResponse:
    response_obj = _survey_response(token)
    links = _Links(response_obj)
    if response_obj.is_submitted:
        return redirect(links.results)
    return _review_page(request, response_obj, links, _survey_context(response_obj))


@require_POST
def survey_submit(request: HttpRequest, token: str) -> HttpResponse:
    response_obj = _survey_response(token)
    thanks = _("Thank you. Your answers are submitted.")
    return _submit(
        request,
        response_obj,
        _Links(response_obj),
        _survey_context(response_obj),
        thanks,
    )


@require_GET
def survey_results(request: HttpRequest, token: str) -> HttpResponse:
    response_obj = _survey_response(token)
    if not response_obj.is_submitted:
        return redirect(_Links(response_obj).review)
    return render(
        request,
        "assessments/survey_done.html",
        {**_survey_context(response_obj), "response": response_obj},
    )


@require_GET
@login_required
def results(request: HttpRequest, slug: str, response: str) -> HttpResponse:
    membership, response_obj = get_response_for_user(request.user, slug, response)
    if not response_obj.is_submitted:
        return redirect("assessments:review", slug=slug, response=response_obj.uuid)
    language = active_language()
    spec = response_obj.instrument.spec
    result = services.score_response(response_obj)
    previous = selectors.previous_self_assessment(response=response_obj)
    peers = selectors.peer_comparison(response=response_obj)
    principles = {p.key: p for p in Principle.objects.with_texts()}
    rows = []
    for key in spec["principles"]:
        score = result.principles.get(key)
        before = previous.principle_scores.get(key) if previous else None
        rows.append(
            {
                "key": key,
                "principle": principles.get(key),
                "score": score,
                "previous": before,
                "change": round(score - before, 1)
                if score is not None and before is not None
                else None,
                "peers": peers.scores.get(key) if peers.scores else None,
            }
        )
    chart = charts.grouped_bar_chart(
        [
            (
                row["principle"].name if row["principle"] else row["key"],
                label,
                row[field],
            )
            for row in rows
            for field, label in (
                ("score", _("This self-assessment")),
                ("previous", _("The previous one")),
                ("peers", _("Similar agencies")),
            )
            if row[field] is not None
        ],
        title=_("Scores per principle"),
        category=_("Principle"),
        series=_("Score of"),
        value=_("Score (0 to 100)"),
        domain=(0, 100),
    )
    items = {item["id"]: item for item in spec["items"]}
    explanation = [
        {
            "label": localized(items[e.item_id]["label"], language),
            "answer": _answer_text(items[e.item_id], e.answer, language),
            "points": [
                (
                    principles[k].name if k in principles else k,
                    e.earned.get(k, 0),
                    possible,
                )
                for k, possible in e.possible.items()
            ],
        }
        for e in result.items
    ]
    gaps = selectors.agency_perception_gap(response=response_obj)
    for gap in gaps:
        gap.principle = principles.get(gap.key)
        for driver in gap.drivers:
            driver_label = items.get(driver.item_id, {}).get("label")
            driver.label = (
                localized(driver_label, language) if driver_label else driver.item_id
            )
    return render(
        request,
        "assessments/results.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "response": response_obj,
            "rows": rows,
            "chart": chart,
            "composite": result.composite,
            "previous": previous,
            "peers": peers,
            "explanation": explanation,
            "gaps": gaps,
            "gap_shown": any(g.gap is not None for g in gaps),
            "recommendations": practice_recommendations(
                agency=response_obj.agency, principle_scores=result.principles
            ),
            "back_url": reverse("assessments:self_assessments", kwargs={"slug": slug}),
        },
    )

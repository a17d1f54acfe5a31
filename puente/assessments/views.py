from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.assessments import selectors, services
from puente.assessments.access import get_response_for_user
from puente.assessments.forms import SectionForm, StartSelfAssessmentForm
from puente.assessments.models import Instrument, _localized
from puente.assessments.pages import response_pages
from puente.principles.models import Principle


def _language() -> str:
    return (get_language() or "en").split("-")[0]


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
        },
    )


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
            language=_language(),
        )
    except (ValidationError, Instrument.DoesNotExist) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("assessments:self_assessments", slug=slug)
    return redirect("assessments:answer", slug=slug, response=response.uuid, page=1)


@require_http_methods(["GET", "POST"])
@login_required
def answer(request: HttpRequest, slug: str, response: str, page: int) -> HttpResponse:
    membership, response_obj = get_response_for_user(
        request.user, slug, response, roles.WRITE
    )
    if response_obj.is_submitted:
        return redirect("assessments:results", slug=slug, response=response_obj.uuid)
    language = _language()
    spec = response_obj.instrument.spec
    pages = response_pages(
        spec, response_obj.respondent_type, response_obj.answers, language
    )
    if not 1 <= page <= len(pages):
        return redirect("assessments:review", slug=slug, response=response_obj.uuid)
    current = pages[page - 1]
    required = {i["id"] for i in current.items if i.get("required")}
    form = SectionForm(
        request.POST or None,
        items=current.items,
        language=language,
        required=required,
        conditions=current.conditions,
        initial=response_obj.answers,
    )
    if request.method == "POST" and form.is_valid():
        errors = services.response_save_answers(
            response=response_obj, answers=form.cleaned_data, actor=request.user
        )
        for item_id, message in errors.items():
            form.add_error(item_id if item_id in form.fields else None, message)
        if not errors:
            if "save_exit" in request.POST:
                messages.success(
                    request, _("Your answers are saved. You can continue at any time.")
                )
                return redirect("assessments:self_assessments", slug=slug)
            if "back" in request.POST and page > 1:
                return redirect(
                    "assessments:answer",
                    slug=slug,
                    response=response_obj.uuid,
                    page=page - 1,
                )
            # Skip logic may add or remove pages once these answers are saved.
            pages = response_pages(
                spec, response_obj.respondent_type, response_obj.answers, language
            )
            if page < len(pages):
                return redirect(
                    "assessments:answer",
                    slug=slug,
                    response=response_obj.uuid,
                    page=page + 1,
                )
            return redirect("assessments:review", slug=slug, response=response_obj.uuid)
    return render(
        request,
        "assessments/answer.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "response": response_obj,
            "form": form,
            "page": current,
            "number": page,
            "total": len(pages),
            "percent": round(100 * (page - 1) / len(pages)),
        },
    )


@require_GET
@login_required
def review(request: HttpRequest, slug: str, response: str) -> HttpResponse:
    membership, response_obj = get_response_for_user(
        request.user, slug, response, roles.WRITE
    )
    if response_obj.is_submitted:
        return redirect("assessments:results", slug=slug, response=response_obj.uuid)
    return render(
        request, "assessments/review.html", _review_context(membership, response_obj)
    )


def _review_context(membership, response_obj, missing: list[str] | None = None) -> dict:
    language = _language()
    spec = response_obj.instrument.spec
    pages = response_pages(
        spec, response_obj.respondent_type, response_obj.answers, language
    )
    missing = set(missing or [])
    rows = []
    for number, page in enumerate(pages, start=1):
        for item in page.items:
            rows.append(
                {
                    "page": number,
                    "section": page.title,
                    "label": _localized(item["label"], language),
                    "answer": _answer_text(
                        item, response_obj.answers.get(item["id"]), language
                    ),
                    "missing": item["id"] in missing,
                }
            )
    return {
        "agency": membership.agency,
        "membership": membership,
        "response": response_obj,
        "rows": rows,
        "missing_count": len(missing),
    }


def _answer_text(item, value, language) -> str:
    if value in (None, "", []):
        return ""
    labels = {
        o["value"]: _localized(o["label"], language) for o in item.get("options") or []
    }
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(value, str(value))


@require_POST
@login_required
def submit(request: HttpRequest, slug: str, response: str) -> HttpResponse:
    membership, response_obj = get_response_for_user(
        request.user, slug, response, roles.WRITE
    )
    try:
        services.response_submit(response=response_obj, actor=request.user)
    except ValidationError as exc:
        missing = (
            (exc.params or {}).get("missing", []) if hasattr(exc, "params") else []
        )
        context = _review_context(membership, response_obj, missing)
        context["error"] = " ".join(exc.messages)
        return render(request, "assessments/review.html", context, status=400)
    messages.success(
        request, _("Thank you. The self-assessment is submitted and scored.")
    )
    return redirect("assessments:results", slug=slug, response=response_obj.uuid)


@require_GET
@login_required
def results(request: HttpRequest, slug: str, response: str) -> HttpResponse:
    membership, response_obj = get_response_for_user(request.user, slug, response)
    if not response_obj.is_submitted:
        return redirect("assessments:review", slug=slug, response=response_obj.uuid)
    language = _language()
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
    items = {item["id"]: item for item in spec["items"]}
    explanation = [
        {
            "label": _localized(items[e.item_id]["label"], language),
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
    return render(
        request,
        "assessments/results.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "response": response_obj,
            "rows": rows,
            "composite": result.composite,
            "previous": previous,
            "peers": peers,
            "explanation": explanation,
            "back_url": reverse("assessments:self_assessments", kwargs={"slug": slug}),
        },
    )

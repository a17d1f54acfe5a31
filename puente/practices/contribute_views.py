from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.lib.languages import active_language
from puente.lib.uploads import UploadRejected
from puente.practices import services
from puente.practices.access import is_library_editor
from puente.practices.forms import DocumentUploadForm, PracticeForm, ReviewDecisionForm
from puente.practices.models import Practice, Status


def _own_practice(user, slug: str, practice_slug: str, permission: str = roles.VIEW):
    membership = get_agency_for_user(user, slug, permission)
    practice = Practice.objects.filter(
        contributed_by=membership.agency, slug=practice_slug
    ).first()
    if practice is None:
        raise Http404
    return membership, practice


@require_GET
@login_required
def agency_practices(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug)
    return render(
        request,
        "practices/agency_practices.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "practices": Practice.objects.filter(
                contributed_by=membership.agency
            ).prefetch_related("texts"),
            "can_write": membership.allows(roles.WRITE),
            "can_publish": membership.allows(roles.PUBLISH),
        },
    )


def _form_initial(practice: Practice) -> dict:
    text = practice.text(active_language())
    return {
        **({f: getattr(text, f) for f in services.TEXT_FIELDS} if text else {}),
        **{
            f: getattr(practice, f)
            for f in (
                "category",
                "principles",
                "hours_per_week",
                "cost_band",
                "suits_types",
                "suits_sizes",
                "source",
            )
        },
    }


@require_http_methods(["GET", "POST"])
@login_required
def edit_practice(
    request: HttpRequest, slug: str, practice: str | None = None
) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    existing = None
    if practice:
        _membership, existing = _own_practice(request.user, slug, practice, roles.WRITE)
        if existing.status in (Status.IN_REVIEW, Status.PUBLISHED):
            raise PermissionDenied
    form = PracticeForm(
        request.POST or None, initial=_form_initial(existing) if existing else None
    )
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in services.TEXT_FIELDS
        }
        data["cost_band"] = data.get("cost_band") or ""
        texts = {
            active_language(): {f: form.cleaned_data[f] for f in services.TEXT_FIELDS}
        }
        try:
            saved = services.practice_save(
                actor=request.user, data=data, texts=texts, practice=existing,
                slug=None if existing else f"{slugify(form.cleaned_data['title'])[:100]}-{get_random_string(6).lower()}",
                contributed_by=membership.agency, status=Status.DRAFT,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "The practice is saved as a draft. Submit it for review when it is ready."
                ),
            )
            return redirect("practices:detail", slug=saved.slug)
    return render(
        request,
        "practices/practice_form.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "form": form,
            "practice": existing,
        },
    )


@require_POST
@login_required
def submit_practice(request: HttpRequest, slug: str, practice: str) -> HttpResponse:
    # Submitting puts the practice on the way to the public library in the agency's
    # name: a publishing right (docs/roles.md).
    _membership, found = _own_practice(request.user, slug, practice, roles.PUBLISH)
    if found.status not in (Status.DRAFT, Status.CHANGES_REQUESTED):
        messages.error(request, _("Only a draft can be submitted for review."))
    else:
        services.practice_submit_for_review(actor=request.user, practice=found)
        messages.success(request, _("Submitted. An editor will review it."))
    return redirect("practices:agency_practices", slug=slug)


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_library_editor(request.user):
        raise Http404
    queue = (
        Practice.objects.filter(status=Status.IN_REVIEW)
        .select_related("contributed_by")
        .prefetch_related("texts")
    )
    return render(request, "practices/review_queue.html", {"queue": queue})


@require_http_methods(["GET", "POST"])
@login_required
def review_practice(request: HttpRequest, practice: str) -> HttpResponse:
    if not is_library_editor(request.user):
        raise Http404
    found = (
        Practice.objects.filter(slug=practice, status=Status.IN_REVIEW)
        .prefetch_related("texts")
        .first()
    )
    if found is None:
        raise Http404
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.practice_review(
            editor=request.user,
            practice=found,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Decision recorded."))
        return redirect("practices:review_queue")
    return render(
        request,
        "practices/review_practice.html",
        {"practice": found, "text": found.text(), "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def upload_document(request: HttpRequest, slug: str, practice: str) -> HttpResponse:
    membership, found = _own_practice(request.user, slug, practice, roles.WRITE)
    if found.status in (Status.IN_REVIEW, Status.PUBLISHED):
        raise PermissionDenied
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(services.MAX_UPLOAD_BYTES + 1)
        try:
            services.document_upload(
                actor=request.user, data=data, filename=upload.name, title=form.cleaned_data["title"],
                group=form.cleaned_data["group"], language=form.cleaned_data["language"], practice=found,
                description=form.cleaned_data["description"], contributed_by=membership.agency,
                slug=f"{slugify(form.cleaned_data['title'])[:100]}-{get_random_string(6).lower()}",
            )  # fmt: skip
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("The document is attached. It is published with the practice."),
            )
            return redirect("practices:detail", slug=found.slug)
    return render(
        request,
        "practices/document_form.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "practice": found,
            "form": form,
        },
    )

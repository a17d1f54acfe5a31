"""Staff pages of the portal: texts per language, settings, preview, survey results.
Every view goes through the agency access helper: outsiders get 404, read-only 403."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.agencies.access import get_agency_for_user
from puente.agencies.roles import APPROVE_POLICY, PUBLISH, VIEW, WRITE
from puente.lib.redact import MARK as REDACTION_MARK
from puente.portal import selectors, services
from puente.portal.languages import portal_languages
from puente.portal.models import Section, SurveyResponse
from puente.portal.survey import QUESTIONS
from puente.portal.views import agency_page_context
from puente.portal.workspace_forms import (
    CommentFilterForm,
    PortalSettingsForm,
    PortalTextForm,
    TagForm,
)


@require_GET
@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, VIEW)
    agency = membership.agency
    return render(
        request,
        "portal/workspace/overview.html",
        {
            "agency": agency,
            "membership": membership,
            "languages": portal_languages(),
            "rows": selectors.content_status(agency=agency),
            "settings": selectors.portal_settings(agency=agency),
            "can_write": membership.allows(WRITE),
            "can_publish": membership.allows(PUBLISH),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit_text(
    request: HttpRequest, slug: str, section: str, language: str
) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, WRITE)
    agency = membership.agency
    if section not in Section.values:
        raise Http404
    text = selectors.portal_text(agency=agency, section=section, language=language)
    english = selectors.portal_text(agency=agency, section=section, language="en")
    form = PortalTextForm(
        request.POST or None, initial={"body": text.draft if text else ""}
    )
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "save")
        arguments = {
            "actor": request.user,
            "agency": agency,
            "section": section,
            "language": language,
            "body": form.cleaned_data["body"],
        }
        if action == "publish" and not membership.allows(PUBLISH):
            raise PermissionDenied
        if action == "approve" and not membership.allows(APPROVE_POLICY):
            raise PermissionDenied
        try:
            if action == "approve":
                services.portal_text_approve(
                    actor=request.user,
                    agency=agency,
                    section=section,
                    language=language,
                )
                messages.success(request, _("Published. The public page shows it now."))
                return redirect("portal_workspace:overview", slug=slug)
            if action == "publish" and services.policy_needs_second_person(
                agency=agency, section=section
            ):
                services.portal_text_request_publish(**arguments)
                messages.success(
                    request,
                    _("Saved. It will be published once a second person approves it."),
                )
                return redirect("portal_workspace:overview", slug=slug)
            if action == "publish":
                services.portal_text_publish(**arguments)
                messages.success(request, _("Published. The public page shows it now."))
                return redirect("portal_workspace:overview", slug=slug)
            services.portal_text_save(**arguments)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if action == "preview":
                return redirect(
                    "portal_workspace:preview", slug=slug, language=language
                )
            messages.success(
                request, _("Draft saved. The public page has not changed.")
            )
            return redirect(
                "portal_workspace:edit_text",
                slug=slug,
                section=section,
                language=language,
            )
    return render(
        request,
        "portal/workspace/edit_text.html",
        {
            "agency": agency,
            "membership": membership,
            "form": form,
            "section_label": Section(section).label,
            "language_code": language,
            "language_info": translation.get_language_info(language),
            "text": text,
            "english": english if language != "en" else None,
            "versions": selectors.text_versions(text=text),
            "can_publish": membership.allows(PUBLISH),
            "can_approve": membership.allows(APPROVE_POLICY)
            and text is not None
            and bool(text.pending)
            and text.pending_by_id != request.user.pk,
        },
    )


@require_GET
@login_required
def preview(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The public page as it will look with every saved draft published."""
    membership = get_agency_for_user(request.user, slug, WRITE)
    staff_language = translation.get_language()
    with translation.override(language):
        context = agency_page_context(
            request, membership.agency, language, preview=True
        )
        context["staff_language"] = staff_language
        response = render(request, "portal/agency.html", context)
    response.headers["Content-Language"] = language
    return response


@require_http_methods(["GET", "POST"])
@login_required
def edit_settings(request: HttpRequest, slug: str) -> HttpResponse:
    # What the public page lists changes at once: a publishing right (docs/roles.md).
    membership = get_agency_for_user(request.user, slug, PUBLISH)
    agency = membership.agency
    current = selectors.portal_settings(agency=agency)
    form = PortalSettingsForm(
        request.POST or None,
        agency=agency,
        initial={
            "non_emergency_phone": current.non_emergency_phone,
            "feedback_open": current.feedback_open,
            "policy_needs_second_person": current.policy_needs_second_person,
            "documents": agency.vital_documents.filter(portal_listing__isnull=False),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_settings_update(
                actor=request.user,
                agency=agency,
                non_emergency_phone=form.cleaned_data["non_emergency_phone"],
                feedback_open=form.cleaned_data["feedback_open"],
                documents=list(form.cleaned_data["documents"]),
                policy_needs_second_person=form.cleaned_data[
                    "policy_needs_second_person"
                ],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The portal settings were saved."))
            return redirect("portal_workspace:overview", slug=slug)
    return render(
        request,
        "portal/workspace/settings.html",
        {"agency": agency, "membership": membership, "form": form},
    )


@require_GET
@login_required
def results(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, VIEW)
    agency = membership.agency
    can_write = membership.allows(WRITE)
    context = {
        "agency": agency,
        "membership": membership,
        **selectors.survey_result_tables(agency=agency),
        "questions": QUESTIONS,
        "small_cell": settings.PUENTE_SMALL_CELL,
        "can_write": can_write,
        "redaction_mark": REDACTION_MARK,
    }
    # Residents' own words may name people or places: only staff who work on the
    # agency's data read them, never the read-only role.
    if can_write:
        filters = CommentFilterForm(request.GET or None)
        chosen = filters.cleaned_data if filters.is_valid() else {}
        comments = selectors.feedback_comments(
            agency=agency, quarter=chosen.get("quarter", ""), tag=chosen.get("tag", "")
        )
        page = Paginator(comments, 25).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context |= {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "tag_forms": [
                (
                    response,
                    TagForm(
                        initial={"tags": response.tag_list},
                        auto_id=f"tags-{response.pk}-%s",
                    ),
                )
                for response in page.object_list
            ],
        }
    return render(request, "portal/workspace/results.html", context)


@require_POST
@login_required
def tag_response(request: HttpRequest, slug: str, response: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, WRITE)
    agency = membership.agency
    found = SurveyResponse.objects.filter(agency=agency, pk=response).first()
    if found is None:
        raise Http404
    form = TagForm(request.POST)
    if form.is_valid():
        services.feedback_tag(
            actor=request.user,
            agency=agency,
            response=found,
            tags=form.cleaned_data["tags"],
        )
        messages.success(request, _("Tags saved."))
    else:
        messages.error(request, _("Choose tags from the list."))
    query = QueryDict(request.POST.get("query", "")).urlencode()
    target = reverse("portal_workspace:results", kwargs={"slug": slug})
    return redirect(f"{target}?{query}#r-{found.pk}")


@require_GET
@login_required
def export_translations(
    request: HttpRequest, slug: str, language: str, fmt: str = "xliff"
) -> HttpResponse:
    """The sections and vital-document titles missing or out of date in `language`, as
    XLIFF 2.0 or (fmt "po") a gettext PO file, for a translator."""
    from puente.portal import po, xliff

    membership = get_agency_for_user(request.user, slug, WRITE)
    if language == settings.LANGUAGE_CODE:
        raise Http404
    units = selectors.translation_units(agency=membership.agency, language=language)
    build, content_type, extension = (
        (po.build, "text/x-gettext-translation", "po")
        if fmt == "po"
        else (xliff.build, "application/xliff+xml", "xlf")
    )
    body = build(
        units, source_language=settings.LANGUAGE_CODE, target_language=language
    )
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-portal-{language}.{extension}"'
    )
    return response


@require_http_methods(["GET", "POST"])
@login_required
def import_translations(request: HttpRequest, slug: str) -> HttpResponse:
    """A translator's XLIFF or PO file back in: each translation becomes a draft to
    review."""
    from puente.portal.workspace_forms import TranslationImportForm
    from puente.portal.xliff import MAX_BYTES

    membership = get_agency_for_user(request.user, slug, WRITE)
    agency = membership.agency
    form = TranslationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            language, count = services.portal_translations_import(
                actor=request.user,
                agency=agency,
                data=form.cleaned_data["file"].read(MAX_BYTES + 1),
                translator=form.cleaned_data["translator"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _(
                    "Saved %(count)s drafts in %(language)s. Review and publish each one."
                )
                % {"count": count, "language": language},
            )
            return redirect("portal_workspace:overview", slug=slug)
    return render(
        request,
        "portal/workspace/translations_import.html",
        {"agency": agency, "membership": membership, "form": form,
         "languages": [lang for lang in portal_languages() if lang.code != settings.LANGUAGE_CODE]},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip

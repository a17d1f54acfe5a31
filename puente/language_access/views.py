import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.language_access import jobs, selectors, services
from puente.language_access.forms import (
    AcsImportForm,
    AgeImportForm,
    TranslationUploadForm,
    VitalDocumentEditForm,
    VitalDocumentForm,
)
from puente.language_access.labels import acs_label
from puente.language_access.models import CensusImportJob
from puente.language_access.rules import SafeHarbor
from puente.lib.charts import bar_chart
from puente.lib.languages import active_language, language_name
from puente.lib.pdf import pdf_attachment, render_pdf
from puente.lib.uploads import UploadRejected, inert_download


def _outcome_labels() -> dict[str, str]:
    return {
        "translate": _("Translate vital documents"),
        "notice": _("Written notice of free interpretation"),
        "oral": _("Oral interpretation on request"),
    }


def _page_context(agency) -> dict:
    jurisdictions = selectors.jurisdictions_for_agency(agency=agency)
    analysis = selectors.agency_analysis(agency=agency, jurisdictions=jurisdictions)
    coverage = selectors.coverage(agency=agency, analysis=analysis)
    labels = _outcome_labels()
    rule = SafeHarbor.from_settings()
    groups = [
        {
            "group": group,
            "outcome_label": labels.get(group.outcome or "", ""),
            "language_name": language_name(group.language) if group.language else "",
            "percent": (
                group.share_of_population * 100
                if group.share_of_population is not None
                else None
            ),
        }
        for group in (analysis.groups if analysis else [])
    ]
    return {
        "agency": agency,
        "jurisdictions": jurisdictions,
        "example": next((j for j in jurisdictions if j.is_example), None),
        "analysis": analysis,
        "groups": groups,
        "rule": rule,
        "share_percent": format(rule.share * 100, "f").rstrip("0").rstrip("."),
        "coverage": coverage,
        "matrix": [
            (row, language_name(row.requirement.language)) for row in coverage.rows
        ],
        "gaps": [
            (
                language_name(row.requirement.language),
                [cell.document for cell in row.gaps],
            )
            for row in coverage.rows
            if row.gaps
        ],
        "workforce": [
            (row, language_name(row.language))
            for row in selectors.workforce_comparison(agency=agency, analysis=analysis)
        ],
    }


@require_GET
@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug)
    context = _page_context(membership.agency)
    analysis = context["analysis"]
    chart = None
    if analysis:
        chart = bar_chart(
            [
                (acs_label(g.label), g.lep)
                for g in analysis.groups[:12]
                if g.lep is not None
            ],
            title=_("LEP persons by language group (largest 12)"),
            category=_("Language group"),
            value=_("LEP persons"),
        )
    context |= {
        "membership": membership,
        "chart": chart,
        "can_write": membership.allows(roles.VITAL_DOCUMENTS),
    }
    return render(request, "language_access/overview.html", context)


@require_GET
@login_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The analysis per language group with the coverage of each required language."""
    membership = get_agency_for_user(request.user, slug)
    context = _page_context(membership.agency)
    rows = {row.requirement.language: row for row in context["coverage"].rows}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-language-access.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["geoids", "label", "language", "speakers", "lep", "lep_moe", "share_of_population", "outcome",
                     "is_aggregate_group", "near_threshold", "documents_required", "documents_translated",
                     "missing_documents"])  # fmt: skip
    analysis = context["analysis"]
    for group in analysis.groups if analysis else []:
        row = rows.get(group.language or "")
        required = [c for c in row.cells if c.required] if row else []
        done = [c for c in required if c.translation]
        writer.writerow([
            " ".join(analysis.geoids), group.label, group.language or "", _blank(group.speakers),
            _blank(group.lep), _blank(group.lep_moe), _blank(group.share_of_population), group.outcome or "",
            group.is_aggregate_group, _blank(group.near_threshold),
            len(required) if row else "", len(done) if row else "",
            "; ".join(str(c.document) for c in required if not c.translation),
        ])  # fmt: skip
    return response


def _blank(value) -> object:
    return "" if value is None else value


@require_GET
@login_required
def plan_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The language-access plan as a printable PDF."""
    membership = get_agency_for_user(request.user, slug)
    context = _page_context(membership.agency) | {
        "today": timezone.localdate(),
        "lang": active_language(),
    }
    return pdf_attachment(
        render_pdf("language_access/plan.html", context),
        f"{slug}-language-access-plan.pdf",
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_acs(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload ACS files; a worker imports them and the job page follows it."""
    membership = get_agency_for_user(request.user, slug, roles.IMPORT_CENSUS)
    agency = membership.agency
    form = AcsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.census_import_create(
            actor=request.user,
            agency=agency,
            uploads=form.cleaned_data["files"],
            geoids=form.cleaned_data["geoids"],
            vintage=form.cleaned_data["vintage"],
        )
        return redirect("language_access:import_job", slug=slug, job=job.uuid)
    return render(
        request,
        "language_access/import_form.html",
        {
            "agency": agency,
            "membership": membership,
            "form": form,
            "recent": agency.census_import_jobs.all()[:5],
        },
    )


@require_GET
@login_required
def import_job(request: HttpRequest, slug: str, job) -> HttpResponse:
    """Where a Census import stands; at the end, its result. Reload to follow it."""
    membership = get_agency_for_user(request.user, slug, roles.IMPORT_CENSUS)
    agency = membership.agency
    found = get_object_or_404(CensusImportJob, agency=agency, uuid=job)
    return render(
        request,
        "language_access/import_job.html",
        {
            "agency": agency,
            "membership": membership,
            "job": found,
            "job_url": found.get_absolute_url(),
            **(
                {
                    "again_url": reverse("language_access:import_ages", args=[slug]),
                    "done_url": reverse("language_access:import_ages", args=[slug]),
                    "done_label": _("See the adults by age"),
                }
                if found.kind == "ages"
                else {
                    "again_url": reverse("language_access:import_acs", args=[slug]),
                    "done_url": reverse("language_access:overview", args=[slug]),
                    "done_label": _("See the languages to serve"),
                }
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_ages(request: HttpRequest, slug: str) -> HttpResponse:
    """The agency's adults by age band (ACS B01001) for its jurisdictions, and the form
    that replaces them; the trust survey is weighted to them (insights weighted survey).
    Reading needs membership; importing the Census right, as for the language tables."""
    from puente.language_access.ages import age_band_name
    from puente.language_access.models import AgeFigure

    if request.method == "POST":
        membership = get_agency_for_user(request.user, slug, roles.IMPORT_CENSUS)
    else:
        membership = get_agency_for_user(request.user, slug)
    agency = membership.agency
    form = AgeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.census_import_create(
            actor=request.user,
            agency=agency,
            uploads=form.cleaned_data["files"],
            vintage=form.cleaned_data["vintage"],
            kind="ages",
        )
        return redirect("language_access:import_job", slug=slug, job=job.uuid)
    figures = AgeFigure.objects.filter(agency=agency)
    rows: dict[tuple[str, str], dict[str, AgeFigure]] = {}
    for figure in figures:
        rows.setdefault((figure.geoid, figure.name), {})[figure.band] = figure
    bands = list(dict.fromkeys(f.band for f in figures))
    return render(
        request,
        "language_access/ages.html",
        {
            "agency": agency,
            "membership": membership,
            "form": form,
            "may_import": membership.allows(roles.IMPORT_CENSUS),
            "bands": [(band, age_band_name(band)) for band in bands],
            "rows": [
                (geoid, name, [cells.get(band) for band in bands])
                for (geoid, name), cells in rows.items()
            ],
            "vintage": next((f.vintage for f in figures), None),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def add_document(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.VITAL_DOCUMENTS)
    agency = membership.agency
    form = VitalDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vital_document_create(
                actor=request.user, agency=agency, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The document is in the register."))
            return redirect("language_access:overview", slug=slug)
    return render(
        request,
        "language_access/document_form.html",
        {"agency": agency, "membership": membership, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def upload_translation(request: HttpRequest, slug: str, document: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.VITAL_DOCUMENTS)
    agency = membership.agency
    found = selectors.document_for_agency(agency=agency, uuid=document)
    if found is None:
        raise Http404
    analysis = selectors.agency_analysis(agency=agency)
    suggested = [r.language for r in selectors.required_languages(analysis)]
    language = request.GET.get("language")
    initial = {"language": language} if language else None
    form = TranslationUploadForm(
        request.POST or None,
        request.FILES or None,
        suggested=suggested,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.translation_upload(
                actor=request.user,
                document=found,
                language=form.cleaned_data["language"],
                translated_on=form.cleaned_data["translated_on"],
                reviewed_by=form.cleaned_data["reviewed_by"],
                data=upload.read(services.MAX_TRANSLATION_BYTES + 1),
                filename=upload.name,
            )
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The translation is saved."))
            return redirect("language_access:overview", slug=slug)
    return render(
        request,
        "language_access/translation_form.html",
        {
            "agency": agency,
            "membership": membership,
            "form": form,
            "document": found,
        },
    )


@require_GET
@login_required
def download_translation(
    request: HttpRequest, slug: str, translation: str
) -> FileResponse:
    membership = get_agency_for_user(request.user, slug)
    found = selectors.translation_for_agency(agency=membership.agency, uuid=translation)
    if found is None:
        raise Http404
    return inert_download(
        found.file, filename=found.filename, content_type=found.content_type
    )


@require_GET
@login_required
def document_detail(request: HttpRequest, slug: str, document: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug)
    found = selectors.document_for_agency(agency=membership.agency, uuid=document)
    if found is None:
        raise Http404
    return render(
        request,
        "language_access/document_detail.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "document": found,
            "translations": found.translations.order_by("language"),
            "can_write": membership.allows(roles.VITAL_DOCUMENTS),
        },
    )


@require_POST
@login_required
def delete_document(request: HttpRequest, slug: str, document: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.VITAL_DOCUMENTS)
    found = selectors.document_for_agency(agency=membership.agency, uuid=document)
    if found is None:
        raise Http404
    services.vital_document_delete(actor=request.user, document=found)
    messages.success(request, _("The document and its translations are deleted."))
    return redirect("language_access:overview", slug=slug)


@require_POST
@login_required
def delete_translation(
    request: HttpRequest, slug: str, translation: str
) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.VITAL_DOCUMENTS)
    found = selectors.translation_for_agency(agency=membership.agency, uuid=translation)
    if found is None:
        raise Http404
    document = found.document
    services.translation_delete(actor=request.user, translation=found)
    messages.success(request, _("The translation is deleted."))
    return redirect(
        "language_access:document_detail", slug=slug, document=document.uuid
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit_document(request: HttpRequest, slug: str, document: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.VITAL_DOCUMENTS)
    found = selectors.document_for_agency(agency=membership.agency, uuid=document)
    if found is None:
        raise Http404
    form = VitalDocumentEditForm(
        request.POST or None,
        initial={"title": found.title, "description": found.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vital_document_update(
                actor=request.user, document=found, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                "language_access:document_detail", slug=slug, document=found.uuid
            )
    return render(
        request,
        "language_access/document_form.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "form": form,
            "document": found,
        },
    )


# Interpreter and language-line use


@require_http_methods(["GET", "POST"])
@login_required
def interpreters(request: HttpRequest, slug: str) -> HttpResponse:
    """The quarter's minutes and cost by language, the latest uses, and a form to add
    one by hand (writing needs WRITE)."""
    from puente.language_access.forms import InterpreterUseForm
    from puente.lib.quarters import Quarter

    membership = get_agency_for_user(
        request.user, slug, roles.WRITE if request.method == "POST" else roles.VIEW
    )
    agency = membership.agency
    try:
        quarter = Quarter.parse(request.GET.get("quarter", ""))
    except ValueError:
        quarter = Quarter.of(timezone.localdate())
    form = InterpreterUseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.interpreter_use_create(
            actor=request.user, agency=agency, **form.cleaned_data
        )
        messages.success(request, _("The use is recorded."))
        return redirect("language_access:interpreters", slug=slug)
    rows = [
        (row, language_name(row.language))
        for row in selectors.interpreter_quarter(agency=agency, quarter=quarter)
    ]
    return render(
        request,
        "language_access/interpreters.html",
        {
            "agency": agency,
            "membership": membership,
            "quarter": str(quarter),
            "previous": str(quarter.previous()),
            "next": str(quarter.next()),
            "rows": rows,
            "uses": [
                (use, language_name(use.language))
                for use in selectors.interpreter_uses(agency=agency)
            ],
            "form": form,
            "can_write": membership.allows(roles.WRITE),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_interpreters(request: HttpRequest, slug: str) -> HttpResponse:
    import tempfile

    from puente.language_access.forms import InterpreterImportForm

    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    form = InterpreterImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.NamedTemporaryFile(suffix=".upload") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
                if handle.tell() > services.MAX_INTERPRETER_BYTES:
                    break
            handle.flush()
            try:
                count = services.interpreter_uses_import(
                    actor=request.user, agency=agency, path=handle.name,
                    filename=upload.name, vendor=form.cleaned_data["vendor"],
                )  # fmt: skip
            except services.InterpreterImportError as exc:
                row_errors = exc.errors[:200]
                form.add_error(
                    None, _("Nothing was imported. Correct these rows and try again.")
                )
            else:
                messages.success(
                    request, _("Imported %(count)s uses.") % {"count": count}
                )
                return redirect("language_access:interpreters", slug=slug)
    return render(
        request,
        "language_access/interpreter_import.html",
        {"agency": agency, "membership": membership, "form": form,
         "row_errors": row_errors},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip

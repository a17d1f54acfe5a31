import csv

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from puente.lib.languages import language_name
from puente.lib.pdf import pdf_attachment, render_pdf
from puente.lib.uploads import inert_download, public_file_response
from puente.practices import search
from puente.practices.access import (
    get_document_for_user,
    get_practice_for_user,
    visible_entries,
)
from puente.practices.evidence import evidence_views
from puente.practices.forms import LibrarySearchForm
from puente.practices.models import Episode, Practice, Status
from puente.principles.models import Principle


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(request.GET or None)
    entries = visible_entries(request.user)
    text = ""
    if form.is_valid():
        entries = form.filter(entries)
        text = form.cleaned_data["q"]
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    page = search.search(text, entries=entries, page=page_number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "practices/library.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "searched": bool(text),
        },
    )


@require_GET
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_practice_for_user(request.user, slug)
    principles = [
        p for p in Principle.objects.with_texts() if p.key in practice.principles
    ]
    # A draft shows its agency every attached document; a published practice only
    # the published ones.
    documents = (
        practice.documents.filter(status=Status.PUBLISHED)
        if practice.is_published
        else practice.documents.all()
    )
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "text": practice.text(),
            "principles": principles,
            "documents": documents.order_by("group", "language", "title"),
            "episodes": practice.episodes.filter(status=Status.PUBLISHED),
            "languages": [language_name(code) for code in practice.languages],
            "evidence": evidence_views(practice) if practice.is_published else [],
        },
    )


@require_GET
def document_download(request: HttpRequest, slug: str) -> FileResponse:
    document = get_document_for_user(request.user, slug)
    return inert_download(
        document.file, filename=document.filename, content_type=document.content_type
    )


@require_GET
def episode_detail(request: HttpRequest, slug: str) -> HttpResponse:
    episode = get_object_or_404(
        Episode.objects.select_related("practice"), slug=slug, status=Status.PUBLISHED
    )
    return render(request, "practices/episode.html", {"episode": episode})


@require_GET
def episode_audio(request: HttpRequest, slug: str) -> HttpResponse:
    """The audio file of a published episode, from whichever storage holds it."""
    episode = get_object_or_404(
        Episode.objects.exclude(audio=""), slug=slug, status=Status.PUBLISHED
    )
    return public_file_response(episode.audio)


@require_GET
def catalogue_csv(request: HttpRequest) -> HttpResponse:
    """Every published practice, one row per practice and language."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="puente-practices.csv"'
    writer = csv.writer(response)
    writer.writerow(["slug", "language", "title", "summary", "category", "principles", "hours_per_week", "cost_band",
                     "suits_types", "suits_sizes", "agency", "source", "source_url", "is_example", "url"])  # fmt: skip
    practices = (
        Practice.objects.filter(status=Status.PUBLISHED)
        .select_related("agency")
        .prefetch_related("texts")
    )
    for practice in practices:
        for text in practice.texts.all():
            writer.writerow([
                practice.slug, text.language, text.title, text.summary, practice.category, " ".join(practice.principles),
                practice.hours_per_week or "", practice.cost_band, " ".join(practice.suits_types), " ".join(practice.suits_sizes),
                practice.agency.name if practice.agency else "", practice.source, practice.source_url,
                "yes" if practice.is_example else "no",
                request.build_absolute_uri(reverse("practices:detail", kwargs={"slug": practice.slug})),
            ])  # fmt: skip
    return response


@require_GET
def practice_handout(request: HttpRequest, slug: str) -> HttpResponse:
    """The practice as a printable PDF handout, in the reader's language."""
    practice = get_practice_for_user(request.user, slug)
    url = request.build_absolute_uri(reverse("practices:detail", kwargs={"slug": slug}))
    pdf = render_pdf(
        "practices/handout.html",
        {
            "practice": practice,
            "text": practice.text(),
            "principles": [
                p
                for p in Principle.objects.with_texts()
                if p.key in practice.principles
            ],
            "url": url,
        },
    )
    return pdf_attachment(pdf, f"{slug}.pdf")

"""HTML to PDF with WeasyPrint; fonts come from the system (DejaVu), nothing from the network."""

from django.template.loader import render_to_string


def _no_network(url: str, *args, **kwargs):
    raise ValueError(f"PDF rendering does not fetch {url}")


def render_document(template: str, context: dict, *, base_url: str | None = None):
    """The template laid out in pages: a WeasyPrint Document, whose `pages` hold the
    boxes (what tests inspect) and whose `write_pdf()` gives the PDF's bytes."""
    from weasyprint import (
        HTML,
    )  # imported here: it loads Pango, which pages without PDFs never need

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url, url_fetcher=_no_network).render()


def render_pdf(template: str, context: dict, *, base_url: str | None = None) -> bytes:
    return render_document(template, context, base_url=base_url).write_pdf()


def pdf_attachment(pdf: bytes, filename: str):
    """PDF bytes as a download named `filename`."""
    from django.http import HttpResponse

    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""Checks and text extraction for uploaded documents (practice documents, translations).

`inspect_upload(data, filename, max_bytes=...)` decides what a file really is
from its bytes, refuses anything that is not an accepted kind, mislabelled,
damaged, encrypted or a zip bomb, and returns the extracted plain text.
Every refusal is an `UploadRejected` whose message can be shown to the user.

Nothing here touches models or the database.
"""

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree
from xml.parsers import expat

import filetype
from django.core.exceptions import SuspiciousFileOperation
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _, gettext_lazy

MB = 1024 * 1024
MAX_ZIP_MEMBER_BYTES = 50 * MB
MAX_ZIP_TOTAL_BYTES = 100 * MB
MAX_ZIP_RATIO = 100
# Tiny parts (an empty header, a blank styles sheet) can compress far better
# than 100:1 and are harmless, so the ratio only matters for bigger members.
ZIP_RATIO_MIN_BYTES = 1 * MB
MAX_ZIP_MEMBERS = 10_000
MAX_TEXT_CHARS = 2_000_000
MAX_FILENAME_CHARS = 120

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


@dataclass(frozen=True)
class AllowedKind:
    content_type: str
    extensions: tuple[str, ...]
    label: Promise


ALLOWED_KINDS: dict[str, AllowedKind] = {
    "pdf": AllowedKind("application/pdf", (".pdf",), gettext_lazy("a PDF document")),
    "docx": AllowedKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
        gettext_lazy("a Word document"),
    ),
    "odt": AllowedKind(
        "application/vnd.oasis.opendocument.text",
        (".odt",),
        gettext_lazy("an OpenDocument text"),
    ),
    "html": AllowedKind("text/html", (".html", ".htm"), gettext_lazy("an HTML page")),
    "txt": AllowedKind("text/plain", (".txt",), gettext_lazy("plain text")),
}


class UploadRejected(ValueError):
    """An upload we refuse; `str(exc)` is a translated message for the user."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Inspected:
    kind: str
    content_type: str
    size: int
    sha256: str
    text: str
    pages: int | None


def inspect_upload(data: bytes, filename: str, *, max_bytes: int) -> Inspected:
    """Identify an upload by its content, check it, and extract its text.

    Raises `UploadRejected` when the file is empty, too big, not an accepted
    kind, named as something it is not, damaged, encrypted or unsafe to unpack.
    """
    if not data:
        raise UploadRejected(_("The file is empty."))
    if len(data) > max_bytes:
        raise UploadRejected(
            _("The file is %(size)s, larger than the %(limit)s limit.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes)}
        )

    kind, decoded = _detect(data)
    _check_extension(kind, filename)

    pages: int | None = None
    if kind == "pdf":
        text, pages = _pdf_text(data[_pdf_start(data) or 0 :])
    elif kind == "docx":
        text = _docx_text(data)
    elif kind == "odt":
        text = _odt_text(data)
    elif kind == "html":
        text = _html_text(decoded or "")
    else:
        text = _join_capped([decoded or ""])

    return Inspected(
        kind=kind,
        content_type=ALLOWED_KINDS[kind].content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        pages=pages,
    )


def safe_filename(name: str) -> str:
    """A storable ASCII file name: basename only, extension kept, never empty."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem, dot, ext = base.strip().rpartition(".")
    if not dot:
        stem, ext = ext, ""
    ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:16]
    suffix = f".{ext}" if ext else ""
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:
        stem = ""
    # Leading dots hide files and leading dashes read as command-line options.
    stem = stem.lstrip(".-_")[: MAX_FILENAME_CHARS - len(suffix)].rstrip(".")
    return f"{stem or 'document'}{suffix}"


# --- Detection -------------------------------------------------------------


def _accepted_kinds_hint() -> str:
    return _(
        "Upload a PDF, Word (.docx), OpenDocument text (.odt), HTML or plain-text file."
    )


def _not_accepted(guess: filetype.Type) -> UploadRejected:
    return UploadRejected(
        _("This file is %(found)s, which is not an accepted type. %(hint)s")
        % {
            "found": f"{guess.extension.upper()} ({guess.mime})",
            "hint": _accepted_kinds_hint(),
        }
    )


# PDF readers look for the header within the first 1,024 bytes (Acrobat's rule, which
# every reader follows); files from some systems carry a few bytes before it.
PDF_HEADER_WINDOW = 1024


def _pdf_start(data: bytes) -> int | None:
    """Where `%PDF-` starts when only whitespace precedes it within the first 1,024
    bytes, else None. Other bytes before it are left to the other checks: a text file may
    well mention "%PDF-", and a file named .pdf without a header is refused as damaged."""
    at = data.find(b"%PDF-", 0, PDF_HEADER_WINDOW)
    if at < 0 or data[:at].strip(b" \t\r\n\f\x00"):
        return None
    return at


def _detect(data: bytes) -> tuple[str, str | None]:
    """The allowed kind of `data`, and its decoded text for HTML and TXT."""
    if _pdf_start(data) is not None:
        return "pdf", None
    guess = filetype.guess(data)
    if data.startswith(b"PK\x03\x04"):
        return _detect_zip(data, guess), None

    text = _decode_text(data)
    # filetype's short signatures ("BM", "MZ") also match ordinary prose, so a
    # clean text decode wins, except for formats that are themselves text.
    if guess is not None and (text is None or guess.extension in {"rtf", "ps"}):
        raise _not_accepted(guess)
    if text is None:
        raise UploadRejected(
            _(
                "This file is not a document we can read. %(hint)s "
                "Text files must be saved as UTF-8."
            )
            % {"hint": _accepted_kinds_hint()}
        )
    return ("html" if _looks_like_html(text) else "txt"), text


def _detect_zip(data: bytes, guess: filetype.Type | None) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_zip_safety(members)
            names = {member.filename for member in members}
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return "docx"
            if members and members[0].filename == "mimetype":
                with archive.open(members[0]) as handle:
                    if handle.read(len(ODT_MIMETYPE) + 1) == ODT_MIMETYPE:
                        return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise UploadRejected(
            _("The file is a damaged or incomplete ZIP-based document.")
        ) from exc

    if guess is not None and guess.extension not in {"zip", "docx", "odt"}:
        raise _not_accepted(guess)
    if guess is not None and guess.extension in {"docx", "odt"}:
        raise UploadRejected(
            _("The document is damaged: required parts are missing inside it.")
        )
    raise UploadRejected(
        _(
            "This file is a ZIP archive, not a Word (.docx) or OpenDocument text "
            "(.odt) document. %(hint)s"
        )
        % {"hint": _accepted_kinds_hint()}
    )


def _check_zip_safety(members: list[zipfile.ZipInfo]) -> None:
    """Refuse archives that would unpack to far more than they weigh."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadRejected(_("The document contains too many internal parts."))
    total = 0
    for member in members:
        if member.file_size > MAX_ZIP_MEMBER_BYTES:
            raise UploadRejected(
                _(
                    "The document contains a part that would unpack to more than "
                    "%(limit)s MB, so it was refused as a possible zip bomb."
                )
                % {"limit": MAX_ZIP_MEMBER_BYTES // MB}
            )
        if member.file_size >= ZIP_RATIO_MIN_BYTES and (
            member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1)
        ):
            raise UploadRejected(
                _(
                    "The document is compressed more than %(ratio)s to 1, so it was "
                    "refused as a possible zip bomb."
                )
                % {"ratio": MAX_ZIP_RATIO}
            )
        total += member.file_size
    if total > MAX_ZIP_TOTAL_BYTES:
        raise UploadRejected(
            _(
                "The document would unpack to more than %(limit)s MB, so it was "
                "refused as a possible zip bomb."
            )
            % {"limit": MAX_ZIP_TOTAL_BYTES // MB}
        )


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Form feeds mark page breaks in text exported from PDFs; allow them in UTF-8.
_CONTROL_CHARS_UTF8 = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _decode_text(data: bytes) -> str | None:
    """Decode as UTF-8, else cp1252; None if it does not look like text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return None if _CONTROL_CHARS_UTF8.search(text) else text
    if _CONTROL_CHARS.search(data.decode("latin-1")):
        return None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


_HTML_MARKERS = ("<!doctype html", "<html", "<body")
_HTML_TAG = re.compile(
    r"<(?:p|div|span|a|br|h[1-6]|ul|ol|li|table|tr|td|th|head|title|meta|link|"
    r"section|article|header|footer|nav|main|strong|em|b|i|img|script|style)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def _looks_like_html(text: str) -> bool:
    head = text[:4096]
    lowered = head.lower()
    if any(marker in lowered for marker in _HTML_MARKERS):
        return True
    return len(_HTML_TAG.findall(head)) >= 2


def _check_extension(kind: str, filename: str) -> None:
    allowed = ALLOWED_KINDS[kind]
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    _stem, dot, ext = base.rpartition(".")
    if dot and f".{ext.lower()}" in allowed.extensions:
        return
    # A file named .pdf that reads as text is a damaged PDF, not a text file to rename.
    if dot and ext.lower() == "pdf" and kind == "txt":
        raise UploadRejected(
            _(
                "“%(name)s” is named as a PDF but has no PDF header in its first "
                "1,024 bytes: it is damaged or not a PDF. Try saving it again as PDF."
            )
            % {"name": base[:80]}
        )
    raise UploadRejected(
        _(
            "“%(name)s” looks mislabelled: its content is %(found)s, so its name "
            "should end in %(extensions)s."
        )
        % {
            "name": base[:80],
            "found": allowed.label,
            "extensions": _(" or ").join(allowed.extensions),
        }
    )


# --- Text extraction -------------------------------------------------------


def _join_capped(chunks: Iterable[str]) -> str:
    """Normalise whitespace per chunk and join, stopping at MAX_TEXT_CHARS.

    Stopping early matters: `chunks` is often a generator that extracts pages
    lazily, and a huge document need not be read past the cap.
    """
    lines: list[str] = []
    length = 0
    for chunk in chunks:
        for raw in chunk.splitlines():
            line = " ".join(raw.split())
            if not line:
                continue
            lines.append(line)
            length += len(line) + 1
            if length >= MAX_TEXT_CHARS:
                return "\n".join(lines)[:MAX_TEXT_CHARS]
    return "\n".join(lines)


def _pdf_text(data: bytes) -> tuple[str, int]:
    import pypdf  # here: pypdf and python-docx cost ~0.3 s at every process start

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            encrypted, pages, text = True, 0, ""
        else:
            encrypted, pages = False, len(reader.pages)
            text = _join_capped(page.extract_text() for page in reader.pages)
    # pypdf raises many exception types on hostile or broken input; any of them
    # means we cannot read the file.
    except Exception as exc:
        raise UploadRejected(
            _("The PDF is damaged and cannot be read. Try saving it again.")
        ) from exc
    if encrypted:
        raise UploadRejected(
            _(
                "The PDF is encrypted or password-protected. "
                "Upload a copy without protection."
            )
        )
    if pages == 0:
        raise UploadRejected(_("The PDF has no pages."))
    return text, pages


def _docx_blocks(container: Iterable) -> Iterator[str]:
    from docx.text.paragraph import Paragraph

    for block in container:
        if isinstance(block, Paragraph):
            yield block.text
            continue
        # Merged cells appear once per grid column they span; read each once.
        seen: set[int] = set()
        for row in block.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                yield from _docx_blocks(cell.iter_inner_content())


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        return _join_capped(_docx_blocks(document.iter_inner_content()))
    # python-docx surfaces broken packages as KeyError, lxml errors, ValueError
    # and more; any of them means the document is damaged.
    except Exception as exc:
        raise UploadRejected(
            _("The Word document is damaged and cannot be read.")
        ) from exc


def _refuse_dtd(*_args: object) -> None:
    raise UploadRejected(
        _(
            "The OpenDocument file contains a DOCTYPE or ENTITY declaration, "
            "which is not allowed."
        )
    )


def _odt_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UploadRejected(
            _("The OpenDocument file is damaged: it has no readable content.")
        ) from exc

    # A first pass with bare expat stops at the DOCTYPE, before any entity
    # could be expanded (billion laughs) or fetched.
    guard = expat.ParserCreate()
    guard.StartDoctypeDeclHandler = _refuse_dtd
    guard.EntityDeclHandler = _refuse_dtd
    try:
        guard.Parse(content, True)
        root = ElementTree.fromstring(content)  # noqa: S314 - no DTD, checked above
    except (expat.ExpatError, ElementTree.ParseError) as exc:
        raise UploadRejected(
            _("The OpenDocument file is damaged: its content is not valid XML.")
        ) from exc
    if root.tag != f"{{{_OFFICE_NS}}}document-content":
        raise UploadRejected(
            _("The OpenDocument file is damaged: its content is not a document.")
        )
    return _join_capped(_odt_paragraphs(root))


_ODT_BLOCKS = {f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h"}


def _odt_paragraphs(root: ElementTree.Element) -> Iterator[str]:
    for element in root.iter():
        if element.tag in _ODT_BLOCKS:
            yield "".join(_odt_inline(element))


def _odt_inline(element: ElementTree.Element) -> Iterator[str]:
    """Text of one paragraph; nested paragraphs (notes) are yielded on their own."""
    if element.text:
        yield element.text
    for child in element:
        if child.tag == f"{{{_TEXT_NS}}}s":
            yield " " * int(child.get(f"{{{_TEXT_NS}}}c", "1") or 1)
        elif child.tag == f"{{{_TEXT_NS}}}tab":
            yield "\t"
        elif child.tag == f"{{{_TEXT_NS}}}line-break":
            yield "\n"
        elif child.tag not in _ODT_BLOCKS:
            yield from _odt_inline(child)
        if child.tail:
            yield child.tail


class _VisibleText(HTMLParser):
    """Collects the text a browser would show; comments are ignored by default."""

    HIDDEN = frozenset({"script", "style", "template"})
    BLOCKS = frozenset(
        {
            "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5",
            "h6", "section", "article", "header", "footer", "nav", "main", "title",
            "blockquote", "pre", "table", "ul", "ol", "dt", "dd", "figcaption",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return _join_capped(["".join(parser.parts)])


def inert_download(field_file, *, filename: str, content_type: str):
    """A stored upload, always as a download and never rendered by the browser: an
    uploaded HTML or PDF file must not run script in the site's origin."""
    from django.http import FileResponse

    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_file_response(field_file, *, content_type: str = ""):
    """A stored file that anyone may read (a published episode's audio), shown inline.
    On object storage, a redirect to a short-lived signed URL (the store answers range
    requests, so players can seek); on local files, streamed by Django."""
    import mimetypes

    from django.http import FileResponse, HttpResponseRedirect

    content_type = content_type or (
        mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    )
    if getattr(field_file.storage, "querystring_auth", False):
        return HttpResponseRedirect(
            field_file.storage.url(
                field_file.name, parameters={"ResponseContentType": content_type}
            )
        )
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Reads for the portal, each scoped to one agency. Only what is meant to be public leaves
the public selectors: no partner's contact person, no private event, no unlisted member."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from puente.agencies.models import Agency
from puente.language_access.models import (
    Translation,
    VitalDocument,
    VitalDocumentTitle,
)
from puente.lib.quarters import Quarter
from puente.lib.stats import wilson_interval, wilson_intervals
from puente.lib.suppression import is_publishable, suppressed_cells, suppressed_shares
from puente.outreach.models import (
    AdvisoryMeeting,
    AdvisoryMember,
    Event,
    Liaison,
    PartnerOrganization,
)
from puente.portal.languages import portal_language_codes
from puente.portal.models import PortalSettings, PortalText, Section, SurveyResponse
from puente.portal.survey import AGREE, QUESTION_KEYS
from puente.practices.models import Practice, Status

UPCOMING_EVENTS = 12
PUBLIC_MINUTES = 6


@dataclass
class SectionText:
    """A section as a reader sees it: in the page's language, or the English text with
    a note when there is no translation; `outdated` when the English changed since."""

    section: str
    body: str
    language: str
    version: int
    published_at: datetime | None
    fallback: bool = False
    outdated: bool = False


def section_texts(
    *, agency: Agency, language: str, preview: bool = False
) -> dict[str, SectionText | None]:
    """Each section's text for `language`: the published one, or with `preview` the
    drafts. Falls back to English, never to nothing while English exists."""
    texts = {
        (t.section, t.language): t
        for t in PortalText.objects.filter(
            agency=agency, language__in={language, settings.LANGUAGE_CODE}
        )
    }

    def body(text: PortalText | None) -> str:
        if text is None:
            return ""
        return text.draft if preview else text.published

    result: dict[str, SectionText | None] = {}
    for section in Section.values:
        own = texts.get((section, language))
        english = texts.get((section, settings.LANGUAGE_CODE))
        if body(own):
            outdated = bool(
                language != settings.LANGUAGE_CODE
                and english
                and english.published_at
                and own.published_at
                and english.published_at > own.published_at
            )
            result[section] = SectionText(
                section, body(own), language, own.version, own.published_at,
                outdated=outdated,
            )  # fmt: skip
        elif body(english):
            result[section] = SectionText(
                section, body(english), settings.LANGUAGE_CODE, english.version,
                english.published_at, fallback=language != settings.LANGUAGE_CODE,
            )  # fmt: skip
        else:
            result[section] = None
    return result


def portal_settings(*, agency: Agency) -> PortalSettings:
    return PortalSettings.objects.filter(agency=agency).first() or PortalSettings(
        agency=agency
    )


def public_documents(*, agency: Agency, language: str) -> list[dict]:
    """The documents the agency offers for download, each with its translations, the
    reader's language first."""
    documents = (
        VitalDocument.objects.filter(agency=agency, portal_listing__isnull=False)
        .prefetch_related(
            Prefetch("translations", queryset=Translation.objects.order_by("language"))
        )
        .order_by("created_at", "id")
    )
    listed = []
    for document in documents:
        translations = sorted(
            document.translations.all(), key=lambda t: (t.language != language,)
        )
        if translations:
            listed.append({"document": document, "translations": translations})
    return listed


def public_translation(*, agency: Agency, uuid) -> Translation | None:
    """A translation that may be downloaded by anyone: its document is on the portal."""
    return (
        Translation.objects.select_related("document")
        .filter(
            uuid=uuid,
            document__agency=agency,
            document__portal_listing__isnull=False,
        )
        .first()
    )


def upcoming_events(*, agency: Agency, limit: int | None = UPCOMING_EVENTS):
    events = Event.objects.filter(
        agency=agency, public=True, date__gte=timezone.localdate()
    ).order_by("date", "title")
    return list(events[:limit] if limit else events)


def agency_page(*, agency: Agency, language: str, preview: bool = False) -> dict:
    """Everything the public agency page shows."""
    today = timezone.localdate()
    return {
        "settings": portal_settings(agency=agency),
        "texts": section_texts(agency=agency, language=language, preview=preview),
        "liaisons": list(
            Liaison.objects.filter(agency=agency, active=True).order_by("name")
        ),
        "events": upcoming_events(agency=agency),
        "documents": public_documents(agency=agency, language=language),
        "advisory_members": list(
            AdvisoryMember.objects.filter(agency=agency, show_publicly=True)
            .exclude(left_on__lte=today)
            .order_by("name")
        ),
        "minutes": list(
            AdvisoryMeeting.objects.filter(agency=agency, minutes_public=True)
            .exclude(minutes="")
            .order_by("-date")[:PUBLIC_MINUTES]
        ),
        # Names and kinds only: a partner's contact person is personal data.
        "partners": list(
            PartnerOrganization.objects.filter(
                agency=agency, status=PartnerOrganization.Status.ACTIVE
            )
            .only("name", "kind")
            .order_by("name")
        ),
        "practices": [
            (practice, practice.text(language))
            for practice in Practice.objects.filter(
                agency=agency, status=Status.PUBLISHED
            )
            .prefetch_related("texts")
            .order_by("slug")
        ],
    }


# --- Survey results -------------------------------------------------------------------


@dataclass
class ResultCell:
    """One group's answers to one question (or its number of responses)."""

    n: int
    agree: int = 0
    suppressed: bool = False
    # The intervals of the cells shown beside this one, computed together when the
    # first is read (`share_intervals`).
    batch: "_Intervals | None" = field(default=None, repr=False, compare=False)

    @property
    def share(self) -> float | None:
        return self.agree / self.n if self.n and not self.suppressed else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """The share's 95% Wilson interval (low, high), 0 to 1; None when not shown."""
        if not self.n or self.suppressed:
            return None
        if self.batch is None:
            return wilson_interval(self.agree, self.n)
        return self.batch.interval(self)


class _Intervals:
    """The Wilson intervals of every shown cell of some tables, asked of `lib.stats` in
    one batch when the first is read: one child process at most for a page, and none
    for a page that shows no interval (the agency dashboard reads only the shares)."""

    def __init__(self, cells: list[ResultCell]):
        self.cells = cells
        self.values: dict[tuple[int, int], tuple[float, float]] | None = None

    def interval(self, cell: ResultCell) -> tuple[float, float]:
        if self.values is None:
            shown = {(c.agree, c.n) for c in self.cells if c.n and not c.suppressed}
            self.values = wilson_intervals(shown)
        value = self.values.get((cell.agree, cell.n))
        return value if value is not None else wilson_interval(cell.agree, cell.n)


@dataclass
class ResultTable:
    """Questions by group (quarters or languages), with a column for all groups."""

    groups: list[str]
    responses: dict[str, ResultCell] = field(default_factory=dict)
    rows: dict[str, dict[str, ResultCell]] = field(default_factory=dict)
    total_responses: ResultCell = field(default_factory=lambda: ResultCell(0))
    totals: dict[str, ResultCell] = field(default_factory=dict)

    def cells(self) -> list[ResultCell]:
        cells = [*self.responses.values(), self.total_responses, *self.totals.values()]
        return cells + [cell for row in self.rows.values() for cell in row.values()]

    @property
    def any_suppressed(self) -> bool:
        return any(cell.suppressed for cell in self.cells())


def share_intervals(*tables: ResultTable) -> None:
    """Let the shown cells of `tables` compute their intervals together, in one batch,
    when the first is read: a page showing two tables asks SciPy once."""
    cells = [cell for table in tables for cell in table.cells()]
    batch = _Intervals(cells)
    for cell in cells:
        cell.batch = batch


def _suppress(
    cells: dict[str, ResultCell], total: ResultCell, *, shares: bool = False
) -> None:
    """Small cells, and the cells that would give them away through the total. With
    `shares`, also the shares whose agreeing or other answers are too few to show
    (`lib.suppression.suppressed_shares`)."""
    for key in suppressed_cells({k: c.n for k, c in cells.items()}):
        cells[key].suppressed = True
    if not is_publishable(total.n):
        total.suppressed = True
        for cell in cells.values():
            cell.suppressed = cell.suppressed or cell.n > 0
    if not shares:
        return
    visible = {k: (c.agree, c.n) for k, c in cells.items() if not c.suppressed}
    hidden, total_hidden = suppressed_shares(visible, (total.agree, total.n))
    for key in hidden:
        cells[key].suppressed = True
    total.suppressed = total.suppressed or total_hidden


def survey_result_tables(*, agency: Agency) -> dict[str, ResultTable]:
    """{"by_quarter", "by_language"}: the two tables of `survey_results` a results page
    shows, their intervals computed in one batch."""
    tables = {
        "by_quarter": survey_results(agency=agency, by="quarter"),
        "by_language": survey_results(agency=agency, by="language"),
    }
    share_intervals(*tables.values())
    return tables


def survey_results(*, agency: Agency, by: str, quarters: int = 8) -> ResultTable:
    """The share agreeing with each statement per quarter or per language of response,
    over the last `quarters` quarters with answers, with every small cell suppressed
    (complementary suppression included), as the public and the agency see it. The
    shown cells' intervals are computed together when the first is read."""
    if by not in ("quarter", "language"):
        raise ValueError(by)
    responses = SurveyResponse.objects.filter(agency=agency)
    recent = sorted(
        set(responses.values_list("quarter", flat=True)),
        key=Quarter.parse,
        reverse=True,
    )[:quarters]
    rows = list(responses.filter(quarter__in=recent).values_list(by, *QUESTION_KEYS))
    if by == "quarter":
        groups = sorted(recent, key=Quarter.parse)
    else:
        present = {row[0] for row in rows}
        known = portal_language_codes()
        groups = [code for code in known if code in present]
        groups += sorted(present - set(known))
    table = ResultTable(groups=groups)
    table.responses = {group: ResultCell(0) for group in groups}
    table.rows = {
        key: {group: ResultCell(0) for group in groups} for key in QUESTION_KEYS
    }
    table.totals = {key: ResultCell(0) for key in QUESTION_KEYS}
    for group, *answers in rows:
        table.responses[group].n += 1
        table.total_responses.n += 1
        for key, answer in zip(QUESTION_KEYS, answers, strict=True):
            if answer is None:
                continue
            for cell in (table.rows[key][group], table.totals[key]):
                cell.n += 1
                cell.agree += answer in AGREE
    _suppress(table.responses, table.total_responses)
    for key in QUESTION_KEYS:
        _suppress(table.rows[key], table.totals[key], shares=True)
    share_intervals(table)
    return table


def feedback_comments(*, agency: Agency, quarter: str = "", tag: str = ""):
    """Residents' free text for the agency's staff, never shown publicly."""
    comments = SurveyResponse.objects.filter(agency=agency).exclude(comment="")
    if quarter:
        comments = comments.filter(quarter=quarter)
    if tag == "untagged":
        comments = comments.filter(tags="")
    elif tag:
        comments = comments.filter(tags__contains=f" {tag} ")
    return comments.order_by("-quarter", "id")


def feedback_quarters(*, agency: Agency) -> list[str]:
    quarters = SurveyResponse.objects.filter(agency=agency).values_list(
        "quarter", flat=True
    )
    return sorted(set(quarters), key=Quarter.parse, reverse=True)


# --- Staff: the state of each translation ------------------------------------------------


def content_status(*, agency: Agency) -> list[dict]:
    """For each section, each portal language's state: `missing`, `draft` (never
    published), `published`, `changed` (a draft waits) or `outdated` (published before
    the English text last changed)."""
    texts = {
        (t.section, t.language): t for t in PortalText.objects.filter(agency=agency)
    }
    rows = []
    for section, label in Section.choices:
        english = texts.get((section, settings.LANGUAGE_CODE))
        cells = []
        for code in portal_language_codes():
            text = texts.get((section, code))
            if text is None or not (text.published or text.draft):
                state = "missing"
            elif not text.published:
                state = "draft"
            elif (
                code != settings.LANGUAGE_CODE
                and english
                and english.published_at
                and english.published_at > text.published_at
            ):
                state = "outdated"
            elif text.has_unpublished_changes:
                state = "changed"
            else:
                state = "published"
            cells.append({"language": code, "state": state, "text": text})
        rows.append({"section": section, "label": label, "cells": cells})
    return rows


def portal_text(*, agency: Agency, section: str, language: str) -> PortalText | None:
    return PortalText.objects.filter(
        agency=agency, section=section, language=language
    ).first()


def text_versions(*, text: PortalText | None, limit: int = 10):
    if text is None:
        return []
    return list(text.versions.all()[:limit])


def complaint_results(*, agency: Agency, quarters: int = 4) -> tuple[list, list]:
    """(column labels, [(quarter, [count or None])]) of the public complaint figures:
    all, by kind, by outcome and by language, each row suppressed through
    `lib.suppression` (None = not shown). Quarters with nothing filed are left out."""
    from django.utils.translation import gettext as _

    from puente.complaints.selectors import complaint_summary
    from puente.portal.labels import COMPLAINT_KINDS, COMPLAINT_OUTCOMES
    from puente.portal.templatetags.portal import language_label

    summary = [
        q
        for q in complaint_summary(agency=agency, quarters=quarters, public=True)
        if q.total
    ]
    languages = sorted({code for q in summary for code in q.by_language})
    outcomes = [
        k for k in COMPLAINT_OUTCOMES if any(k in q.by_outcome for q in summary)
    ]
    columns = [_("All")]
    columns += list(COMPLAINT_KINDS.values())
    columns += [COMPLAINT_OUTCOMES[k] for k in outcomes]
    columns += [language_label(code) for code in languages]
    rows = []
    for q in summary:
        cells = [None if q.total_hidden else q.total]
        for name, keys, counts in (
            ("kind", list(COMPLAINT_KINDS), q.by_kind),
            ("outcome", outcomes, q.by_outcome),
            ("language", languages, q.by_language),
        ):
            for key in keys:
                hidden = q.total_hidden or (name, key) in q.hidden
                cells.append(None if hidden else counts.get(key, 0))
        rows.append((q.quarter, cells))
    return columns, rows


def translation_units(*, agency: Agency, language: str) -> list:
    """The portal sections a translator should work on in `language`: those whose
    English is published and whose translation is missing, a draft never published,
    or older than the English. Returns xliff.Unit, the current draft as target."""
    from puente.portal.xliff import Unit

    wanted = {"missing", "draft", "outdated"}
    units = []
    for row in content_status(agency=agency):
        cells = {cell["language"]: cell for cell in row["cells"]}
        english = cells.get(settings.LANGUAGE_CODE)
        cell = cells.get(language)
        if not english or not english["text"] or not english["text"].published:
            continue
        if cell is None or cell["state"] not in wanted:
            continue
        units.append(
            Unit(
                id=f"section:{row['section']}",
                source=english["text"].published,
                target=cell["text"].draft if cell["text"] else "",
                note=str(row["label"]),
            )
        )
    return units + document_title_units(agency=agency, language=language)


def document_title_units(*, agency: Agency, language: str) -> list:
    """The titles of the vital documents on the portal that `language` lacks (issue 18):
    no approved title in it, or a draft waiting for review. Unit id `document:<uuid>`,
    the English title as source (the kind's name when the document has no title), the
    current draft, else the approved title, as target."""
    from django.utils import translation

    from puente.portal.xliff import Unit

    documents = (
        VitalDocument.objects.filter(agency=agency, portal_listing__isnull=False)
        .prefetch_related(
            Prefetch(
                "titles",
                queryset=VitalDocumentTitle.objects.filter(language=language),
                to_attr="in_language",
            )
        )
        .order_by("created_at", "id")
    )
    units = []
    with translation.override(settings.LANGUAGE_CODE):
        for document in documents:
            title = document.in_language[0] if document.in_language else None
            if title and title.published and title.draft == title.published:
                continue
            units.append(
                Unit(
                    id=f"document:{document.uuid}",
                    source=str(document),
                    target=(title.draft or title.published) if title else "",
                    note=str(document.get_kind_display()),
                )
            )
    return units

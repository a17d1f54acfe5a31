"""Writes of the portal. Staff changes are audited; a resident's answers are stored
without anything that identifies them and are never audited (an audit row has a time)."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.audit.models import AuditEvent
from puente.audit.services import changed_fields, record
from puente.language_access.models import VitalDocument, VitalDocumentTitle
from puente.lib.quarters import Quarter
from puente.lib.redact import redact
from puente.portal.languages import is_portal_language
from puente.portal.models import (
    PortalSettings,
    PortalText,
    PortalTextVersion,
    PublishedDocument,
    Section,
    SurveyResponse,
    Tag,
)
from puente.portal.survey import AGE_BANDS, HOME_LANGUAGES, QUESTION_KEYS


def page_version_key(slug: str) -> str:
    return f"portal:version:{slug}"


def portal_cache_bump(*, agency: Agency) -> None:
    """Make every cached page of the agency stale, once the transaction commits."""
    key = page_version_key(agency.slug)
    transaction.on_commit(lambda: cache.set(key, timezone.now().timestamp(), None))


def _text(agency: Agency, section: str, language: str) -> PortalText:
    if section not in Section.values or not is_portal_language(language):
        raise ValidationError(_("Unknown section or language."))
    text, _created = PortalText.objects.select_for_update().get_or_create(
        agency=agency, section=section, language=language
    )
    return text


@transaction.atomic
def portal_text_save(
    *, actor, agency: Agency, section: str, language: str, body: str
) -> PortalText:
    """Save a draft; the public page does not change until it is published."""
    text = _text(agency, section, language)
    before = {"draft": text.draft}
    text.draft = body.strip()
    text.draft_saved_at = timezone.now()
    text.full_clean()
    text.save()
    record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        agency=agency,
        obj=text,
        changes=changed_fields(before, {"draft": text.draft}),
    )
    return text


@transaction.atomic
def portal_text_publish(
    *, actor, agency: Agency, section: str, language: str, body: str
) -> PortalText:
    """Publish `body` as the next version of the section in `language`."""
    text = _text(agency, section, language)
    body = body.strip()
    if not body:
        raise ValidationError(_("An empty text cannot be published."))
    before = {"published": text.published, "version": text.version}
    now = timezone.now()
    text.draft = text.published = body
    text.draft_saved_at = text.published_at = now
    text.pending, text.pending_by, text.pending_at = "", None, None
    text.version += 1
    text.full_clean()
    text.save()
    PortalTextVersion.objects.create(
        text=text,
        version=text.version,
        body=body,
        published_at=now,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        action=AuditEvent.Action.PUBLISH,
        actor=actor,
        agency=agency,
        obj=text,
        changes=changed_fields(
            before, {"published": text.published, "version": text.version}
        ),
    )
    portal_cache_bump(agency=agency)
    return text


def policy_needs_second_person(*, agency: Agency, section: str) -> bool:
    """Whether publishing `section` waits for a second person (only the enforcement
    policy, and only when the agency asked for it in its portal settings)."""
    if section != Section.POLICY:
        return False
    row = PortalSettings.objects.filter(agency=agency).first()
    return bool(row and row.policy_needs_second_person)


@transaction.atomic
def portal_text_request_publish(
    *, actor, agency: Agency, section: str, language: str, body: str
) -> PortalText:
    """Save `body` as the draft and ask a second person to approve its publication."""
    text = _text(agency, section, language)
    body = body.strip()
    if not body:
        raise ValidationError(_("An empty text cannot be published."))
    now = timezone.now()
    text.draft = text.pending = body
    text.draft_saved_at = text.pending_at = now
    text.pending_by = actor
    text.full_clean()
    text.save()
    record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        agency=agency,
        obj=text,
        changes={"pending": ["", "asked to publish; waiting for a second person"]},
    )
    return text


@transaction.atomic
def portal_text_approve(
    *, actor, agency: Agency, section: str, language: str
) -> PortalText:
    """Publish the text waiting for approval. The person who asked cannot approve it."""
    text = (
        PortalText.objects.select_for_update()
        .filter(agency=agency, section=section, language=language)
        .exclude(pending="")
        .first()
    )
    if text is None:
        raise ValidationError(_("Nothing is waiting for approval."))
    if text.pending_by_id == actor.pk:
        raise ValidationError(
            _("A second person must approve what you asked to publish.")
        )
    asked_by = text.pending_by
    body = text.pending
    text.pending, text.pending_by, text.pending_at = "", None, None
    text.save(update_fields=["pending", "pending_by", "pending_at"])
    published = portal_text_publish(
        actor=actor, agency=agency, section=section, language=language, body=body
    )
    record(
        action=AuditEvent.Action.PUBLISH,
        actor=actor,
        agency=agency,
        obj=published,
        changes={"asked_by": [None, asked_by.email if asked_by else ""]},
    )
    return published


@transaction.atomic
def portal_settings_update(
    *,
    actor,
    agency: Agency,
    non_emergency_phone: str,
    feedback_open: bool,
    documents: list[VitalDocument],
    policy_needs_second_person: bool | None = None,
) -> PortalSettings:
    """Change the page's settings and the documents offered for download."""
    settings_row, _created = PortalSettings.objects.select_for_update().get_or_create(
        agency=agency
    )
    before = {
        "non_emergency_phone": settings_row.non_emergency_phone,
        "feedback_open": settings_row.feedback_open,
        "documents": sorted(
            str(d.document.uuid)
            for d in PublishedDocument.objects.filter(document__agency=agency)
        ),
    }
    before["policy_needs_second_person"] = settings_row.policy_needs_second_person
    settings_row.non_emergency_phone = non_emergency_phone.strip()
    settings_row.feedback_open = feedback_open
    if policy_needs_second_person is not None:
        settings_row.policy_needs_second_person = policy_needs_second_person
    settings_row.full_clean()
    settings_row.save()
    if any(document.agency_id != agency.pk for document in documents):
        raise ValidationError(_("Unknown document."))
    PublishedDocument.objects.filter(document__agency=agency).exclude(
        document__in=documents
    ).delete()
    for document in documents:
        PublishedDocument.objects.get_or_create(document=document)
    after = {
        "non_emergency_phone": settings_row.non_emergency_phone,
        "feedback_open": settings_row.feedback_open,
        "documents": sorted(str(d.uuid) for d in documents),
        "policy_needs_second_person": settings_row.policy_needs_second_person,
    }
    # What the public page offers changes at once: a publication.
    record(
        action=AuditEvent.Action.PUBLISH,
        actor=actor,
        agency=agency,
        obj=settings_row,
        changes=changed_fields(before, after),
    )
    portal_cache_bump(agency=agency)
    return settings_row


@transaction.atomic
def feedback_submit(
    *, agency: Agency, language: str, answers: dict, comment: str, today=None,
    about: dict | None = None,
) -> SurveyResponse:  # fmt: skip
    """Store one resident's answers: the quarter, the language and the answers only,
    with the optional language spoken at home and age band (`about`, for weighting).

    Identity numbers and contact details in the comment are removed before it is stored
    (`lib.redact`); staff see a note where something was removed."""
    about = about or {}
    if about.get("home_language", "") not in ("", *HOME_LANGUAGES) or about.get(
        "age_band", ""
    ) not in ("", *AGE_BANDS):
        raise ValidationError(_("Choose one of the answers."))
    if not is_portal_language(language):
        raise ValidationError(_("Unknown language."))
    comment, _kinds = redact(comment.strip())
    response = SurveyResponse(
        agency=agency,
        quarter=str(Quarter.of(today or timezone.localdate())),
        language=language,
        comment=comment.strip(),
        home_language=about.get("home_language", ""),
        age_band=about.get("age_band", ""),
        **{key: answers.get(key) for key in QUESTION_KEYS},
    )
    response.full_clean()
    response.save(force_insert=True)
    return response


@transaction.atomic
def feedback_tag(
    *, actor, agency: Agency, response: SurveyResponse, tags: list[str]
) -> SurveyResponse:
    if response.agency_id != agency.pk:
        raise ValidationError(_("Unknown response."))
    unknown = set(tags) - set(Tag.values)
    if unknown:
        raise ValidationError(_("Unknown tag."))
    before = {"tags": response.tag_list}
    ordered = [tag for tag in Tag.values if tag in tags]
    response.tags = f" {' '.join(ordered)} " if ordered else ""
    response.save(update_fields=["tags"])
    record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        agency=agency,
        obj=response,
        changes=changed_fields(before, {"tags": response.tag_list}),
    )
    return response


@transaction.atomic
def portal_translations_import(
    *, actor, agency: Agency, data: bytes, translator: str
) -> tuple[str, int]:
    """Save the targets of a translator's file as drafts, noting who translated them:
    an XLIFF 2.0 file (`portal.xliff`) or a gettext PO file (`portal.po`), as exported
    by `selectors.translation_units`, told apart by their first character. Units are
    the agency's portal sections (`section:<key>`) and the titles of its vital documents
    on the portal (`document:<uuid>`), in the file's target language. Nothing is
    published: staff review and publish each draft. All or nothing; raises
    ValidationError {"file" or "translator": [message]} for a bad file, an unknown
    language or unit, or a title too long. Returns (language, number of drafts saved)."""
    from puente.portal import po, xliff

    translator = translator.strip()
    if not translator:
        raise ValidationError({"translator": _("Say who translated the file.")})
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        try:
            language, units = xliff.parse(data)
        except xliff.XliffError:
            raise ValidationError(
                {"file": _("This is not an XLIFF 2.0 file exported by Puente.")}
            ) from None
    else:
        try:
            language, units = po.parse(data)
        except po.PoError:
            raise ValidationError(
                {
                    "file": _(
                        "This is neither an XLIFF 2.0 nor a PO file exported by Puente."
                    )
                }
            ) from None
    if not is_portal_language(language) or language == settings.LANGUAGE_CODE:
        raise ValidationError(
            {"file": _("The file's target language is not a portal language.")}
        )
    documents = {
        f"document:{document.uuid}": document
        for document in VitalDocument.objects.filter(
            agency=agency, portal_listing__isnull=False
        )
    }
    saved = 0
    for unit in units:
        kind, _sep, section = unit.id.partition(":")
        known = unit.id in documents or (
            kind == "section" and section in Section.values
        )
        if not known:
            raise ValidationError(
                {"file": _("Unknown text in the file: %(id)s") % {"id": unit.id[:60]}}
            )
        if not unit.target.strip():
            continue
        if unit.id in documents:
            document_title_save(
                actor=actor, agency=agency, document=documents[unit.id],
                language=language, title=unit.target, translator=translator,
            )  # fmt: skip
        else:
            text = portal_text_save(
                actor=actor, agency=agency, section=section, language=language,
                body=unit.target,
            )  # fmt: skip
            text.draft_translated_by = translator[:120]
            text.save(update_fields=["draft_translated_by"])
        saved += 1
    return language, saved


def document_title_save(
    *,
    actor,
    agency: Agency,
    document: VitalDocument,
    language: str,
    title: str,
    translator: str = "",
) -> VitalDocumentTitle:
    """Save a draft title of one of the agency's vital documents in `language`, noting
    the translator when it came from one. ValidationError {"file": [message]} when the
    title is longer than the field (200 characters)."""
    row, _created = VitalDocumentTitle.objects.get_or_create(
        document=document, language=language
    )
    before = {"draft": row.draft}
    title = " ".join(title.split())
    limit = VitalDocumentTitle._meta.get_field("draft").max_length
    if len(title) > limit:
        raise ValidationError(
            {
                "file": _(
                    "The title of “%(document)s” is longer than %(max)d characters."
                )
                % {"document": str(document)[:60], "max": limit}
            }
        )
    row.draft = title
    row.draft_saved_at = timezone.now()
    row.draft_translated_by = translator.strip()[:120]
    row.save()
    record(
        action=AuditEvent.Action.UPDATE, actor=actor, agency=agency, obj=row,
        changes=changed_fields(before, {"draft": row.draft}),
    )  # fmt: skip
    return row

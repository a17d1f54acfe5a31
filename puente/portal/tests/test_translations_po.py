"""Issue 18: the vital documents' titles travel with the portal's sections in the
translator's file, as XLIFF 2.0 or gettext PO; both come back as drafts noting the
translator, and a bad file is refused whole, in the reader's language."""

from xml.etree import ElementTree as ET

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from puente.language_access.models import VitalDocument, VitalDocumentTitle
from puente.portal import services
from puente.portal.models import PortalText, PublishedDocument, Section
from puente.portal.xliff import NS

pytestmark = pytest.mark.django_db

TRANSLATOR = "Hodan A. (fictional translator)"


@pytest.fixture
def portal(agency_a):
    services.portal_text_publish(
        actor=None, agency=agency_a, section=Section.POLICY, language="en",
        body="Officers do not ask about immigration status.",
    )  # fmt: skip
    listed = VitalDocument.objects.create(
        agency=agency_a, kind=VitalDocument.Kind.COMPLAINT_FORM, title="Complaint form"
    )
    PublishedDocument.objects.create(document=listed)
    # Not on the portal: never sent to a translator.
    VitalDocument.objects.create(
        agency=agency_a, kind=VitalDocument.Kind.CONSENT_FORM, title="Consent form"
    )
    return listed


def _upload(client, name, data, *, language=None):
    with translation.override(language or "en"):
        url = reverse("portal_workspace:import_translations", args=["alphaville-pd"])
    return client.post(
        url, {"file": SimpleUploadedFile(name, data), "translator": TRANSLATOR}
    )


def test_the_xliff_export_has_the_document_titles_and_they_come_back_as_drafts(
    client, member_a, portal
):
    client.force_login(member_a)
    response = client.get(
        reverse("portal_workspace:export_translations", args=["alphaville-pd", "so"])
    )
    root = ET.fromstring(response.content)
    units = {u.get("id"): u for u in root.iter(f"{{{NS}}}unit")}
    unit_id = f"document:{portal.uuid}"
    assert sorted(units) == sorted(["section:policy", unit_id])
    assert units[unit_id].find(f".//{{{NS}}}source").text == "Complaint form"
    units[unit_id].find(f".//{{{NS}}}target").text = "Foomka cabashada"
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    assert _upload(client, "so.xlf", data).status_code == 302
    title = VitalDocumentTitle.objects.get(document=portal, language="so")
    assert (title.draft, title.draft_translated_by, title.published) == (
        "Foomka cabashada",
        TRANSLATOR,
        "",
    )
    # A draft waiting for review is still offered, with the draft as its target.
    again = ET.fromstring(
        client.get(
            reverse(
                "portal_workspace:export_translations", args=["alphaville-pd", "so"]
            )
        ).content
    )
    targets = {
        u.get("id"): u.find(f".//{{{NS}}}target").text
        for u in again.iter(f"{{{NS}}}unit")
    }
    assert targets[unit_id] == "Foomka cabashada"


def test_a_po_round_trip_saves_the_section_and_the_title_as_drafts(
    client, member_a, portal
):
    client.force_login(member_a)
    response = client.get(
        reverse("portal_workspace:export_translations_po", args=["alphaville-pd", "so"])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-gettext-translation")
    assert 'filename="alphaville-pd-portal-so.po"' in response["Content-Disposition"]
    po = polib.pofile(response.content.decode())
    assert po.metadata["Language"] == "so"
    entries = {entry.msgctxt: entry for entry in po}
    assert entries["section:policy"].msgid == (
        "Officers do not ask about immigration status."
    )
    assert entries[f"document:{portal.uuid}"].msgid == "Complaint form"
    entries["section:policy"].msgstr = "Saraakiishu ma weydiiyaan xaaladda socdaalka."
    entries[f"document:{portal.uuid}"].msgstr = "Foomka cabashada"
    assert _upload(client, "so.po", str(po).encode()).status_code == 302
    text = PortalText.objects.get(section=Section.POLICY, language="so")
    assert (text.draft, text.published, text.draft_translated_by) == (
        "Saraakiishu ma weydiiyaan xaaladda socdaalka.",
        "",
        TRANSLATOR,
    )
    title = VitalDocumentTitle.objects.get(document=portal, language="so")
    assert (title.draft, title.draft_translated_by) == ("Foomka cabashada", TRANSLATOR)


def test_a_fuzzy_po_entry_is_not_taken(client, member_a, portal):
    client.force_login(member_a)
    po = polib.pofile(
        client.get(
            reverse(
                "portal_workspace:export_translations_po", args=["alphaville-pd", "so"]
            )
        ).content.decode()
    )
    for entry in po:
        entry.msgstr = "Qabyo"
        entry.flags.append("fuzzy")
    assert _upload(client, "so.po", str(po).encode()).status_code == 302
    assert not PortalText.objects.filter(language="so").exists()
    assert not VitalDocumentTitle.objects.exists()


def test_bad_files_are_refused_in_spanish_and_nothing_is_saved(
    client, member_a, portal
):
    client.force_login(member_a)
    good = polib.POEntry(
        msgctxt="section:policy", msgid="Officers…", msgstr="Saraakiishu…"
    )
    unknown = polib.POEntry(msgctxt="section:nope", msgid="a", msgstr="b")
    too_long = polib.POEntry(
        msgctxt=f"document:{portal.uuid}", msgid="Complaint form", msgstr="x" * 201
    )
    cases = {
        "Texto desconocido en el archivo: section:nope": [good, unknown],
        "El título de «Complaint form» tiene más de 200 caracteres.": [good, too_long],
    }
    for message, entries in cases.items():
        po = polib.POFile()
        po.metadata = {"Language": "so", "Content-Type": "text/plain; charset=UTF-8"}
        po.extend(entries)
        response = _upload(client, "so.po", str(po).encode(), language="es")
        assert response.status_code == 400
        assert message in response.content.decode()
    for data in (b"/etc/passwd", b"msgid without quotes\n", b"\xff\xfe\x00"):
        response = _upload(client, "so.po", data, language="es")
        assert response.status_code == 400
        assert (
            "Este no es un archivo XLIFF 2.0 ni un archivo PO exportado por Puente."
            in response.content.decode()
        )
    assert not PortalText.objects.filter(language="so").exists()
    assert not VitalDocumentTitle.objects.exists()


def test_another_agency_cannot_export_po(client, member_b, portal):
    client.force_login(member_b)
    url = reverse(
        "portal_workspace:export_translations_po", args=["alphaville-pd", "so"]
    )
    assert client.get(url).status_code == 404

"""The translation workflow: export the sections a language lacks as XLIFF 2.0, a
translator fills the targets, the import saves them as drafts noting the translator."""

from xml.etree import ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from puente.portal import services
from puente.portal.models import PortalText, Section
from puente.portal.xliff import NS, XliffError, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(agency_a):
    services.portal_text_publish(
        actor=None, agency=agency_a, section=Section.POLICY, language="en",
        body="Officers do not ask about immigration status.",
    )  # fmt: skip
    services.portal_text_publish(
        actor=None, agency=agency_a, section=Section.HELP, language="en",
        body="Call 911 in an emergency.",
    )  # fmt: skip
    services.portal_text_publish(
        actor=None, agency=agency_a, section=Section.HELP, language="so",
        body="Wac 911 xaalad degdeg ah.",
    )  # fmt: skip
    return agency_a


def test_an_xliff_round_trip_saves_drafts_with_the_translator(client, member_a, texts):
    client.force_login(member_a)
    url = reverse("portal_workspace:export_translations", args=["alphaville-pd", "so"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xliff+xml")
    root = ET.fromstring(response.content)
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == (
        "2.0",
        "en",
        "so",
    )
    units = root.findall(f".//{{{NS}}}unit")
    # Help is already published in Somali and current; only the policy is missing.
    assert [u.get("id") for u in units] == ["section:policy"]
    assert (
        units[0].find(f".//{{{NS}}}source").text
        == "Officers do not ask about immigration status."
    )
    # The translator fills the target in a tool.
    units[0].find(
        f".//{{{NS}}}target"
    ).text = "Saraakiishu ma weydiiyaan xaaladda socdaalka."
    translated = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    upload = SimpleUploadedFile("policy-so.xlf", translated)
    response = client.post(
        reverse("portal_workspace:import_translations", args=["alphaville-pd"]),
        {"file": upload, "translator": "Hodan A. (fictional translator)"},
    )
    assert response.status_code == 302
    text = PortalText.objects.get(agency=texts, section=Section.POLICY, language="so")
    assert text.draft == "Saraakiishu ma weydiiyaan xaaladda socdaalka."
    assert (
        text.published == ""
        and text.draft_translated_by == "Hodan A. (fictional translator)"
    )
    page = client.get(
        reverse("portal_workspace:edit_text", args=["alphaville-pd", "policy", "so"])
    )
    assert "Hodan A. (fictional translator)" in page.content.decode()


def test_bad_files_are_refused_and_nothing_is_saved(client, member_a, texts):
    client.force_login(member_a)
    url = reverse("portal_workspace:import_translations", args=["alphaville-pd"])
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    unknown = (
        f'<xliff xmlns="{NS}" version="2.0" srcLang="en" trgLang="so"><file id="f">'
        '<unit id="section:policy"><segment><source>a</source><target>b</target></segment></unit>'
        '<unit id="section:nope"><segment><source>a</source><target>b</target></segment></unit>'
        "</file></xliff>"
    ).encode()
    for data in (bomb, b"not xml", unknown):
        response = client.post(
            url, {"file": SimpleUploadedFile("x.xlf", data), "translator": "T"}
        )
        assert response.status_code == 400
    assert not PortalText.objects.filter(language="so", section=Section.POLICY).exists()
    with pytest.raises(XliffError):
        parse(bomb)


def test_roles_and_tenancy(client, viewer_a, member_b):
    export = reverse(
        "portal_workspace:export_translations", args=["alphaville-pd", "so"]
    )
    upload = reverse("portal_workspace:import_translations", args=["alphaville-pd"])
    client.force_login(viewer_a)
    assert (
        client.get(export).status_code == 403 and client.get(upload).status_code == 403
    )
    client.force_login(member_b)
    assert (
        client.get(export).status_code == 404 and client.get(upload).status_code == 404
    )
    client.logout()
    assert client.get(export).status_code == 302

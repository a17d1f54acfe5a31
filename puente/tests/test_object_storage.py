"""Uploaded files on an S3-compatible store (moto's server over HTTP): private files
only through the views that check access, public episode audio plays."""

import urllib.request
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from puente.language_access import services as language_access
from puente.language_access.models import VitalDocument
from puente.practices.models import Episode
from puente.tests.s3 import keys

pytestmark = pytest.mark.django_db


def test_a_translation_is_stored_on_s3_and_only_its_agency_downloads_it(
    s3_storage, client, member_a, member_b, agency_a, agency_b
):
    document = language_access.vital_document_create(
        actor=None, agency=agency_a, kind=VitalDocument.Kind.COMPLAINT_FORM
    )
    translation = language_access.translation_upload(
        actor=None, document=document, language="es", translated_on=date(2025, 5, 1),
        reviewed_by="Certified interpreter", data=b"Formulario de quejas\n", filename="queja.txt",
    )  # fmt: skip
    assert translation.file.name in keys(s3_storage)
    client.force_login(member_a)
    own = client.get(
        reverse(
            "language_access:download_translation",
            args=[agency_a.slug, translation.uuid],
        )
    )
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == b"Formulario de quejas\n"
    client.force_login(member_b)
    for slug in (agency_a.slug, agency_b.slug):
        url = reverse(
            "language_access:download_translation", args=[slug, translation.uuid]
        )
        assert client.get(url).status_code == 404


def test_a_published_episodes_audio_plays_from_a_signed_address(
    s3_storage, s3_endpoint, client
):
    episode = Episode(slug="ep-1", title={"en": "Episode one"}, language="en")
    episode.audio.save("ep-1.mp3", ContentFile(b"ID3 fake mpeg audio"), save=False)
    episode.save()
    assert episode.audio.name in keys(s3_storage)
    page = client.get(reverse("practices:episode", args=["ep-1"])).content.decode()
    audio = reverse("practices:episode_audio", args=["ep-1"])
    assert f'src="{audio}"' in page
    response = client.get(audio)
    assert response.status_code == 302
    assert (
        response["Location"].startswith(s3_endpoint)
        and "Signature" in response["Location"]
    )
    with urllib.request.urlopen(response["Location"], timeout=10) as answer:  # noqa: S310
        assert answer.read() == b"ID3 fake mpeg audio"
        assert answer.headers["Content-Type"] == "audio/mpeg"
    Episode.objects.filter(pk=episode.pk).update(status="draft")
    assert client.get(audio).status_code == 404


def test_episode_audio_on_local_files_streams(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    episode = Episode(slug="ep-2", title={"en": "Episode two"}, language="en")
    episode.audio.save("ep-2.mp3", ContentFile(b"ID3 local"), save=False)
    episode.save()
    response = client.get(reverse("practices:episode_audio", args=["ep-2"]))
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    assert b"".join(response.streaming_content) == b"ID3 local"

"""Campaign mail through the outbox: links and messages are written together, sent after
commit, each exactly once, in the agency's language, after a preview."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from puente.agencies.tests.factories import AgencyFactory
from puente.assessments.campaigns import campaign_send_due
from puente.assessments.models import Campaign, CampaignAgency, Response
from puente.assessments.services import campaign_create
from puente.notifications.models import Message
from puente.notifications.tests.mailbackends import FailingLocmemBackend

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


@pytest.fixture
def campaign(program, instrument):
    return campaign_create(
        program=program, instrument=instrument, slug="spring", name="Spring round (fictional)",
        status=Campaign.Status.OPEN,
    )  # fmt: skip


def _agencies(campaign, count, language="en"):
    for n in range(count):
        CampaignAgency.objects.create(
            campaign=campaign, agency=AgencyFactory(), contact_email=f"chief{n}-{language}@x.example",
            contact_language=language,
        )  # fmt: skip


def _tokens(body):
    return re.findall(r"http://testserver/survey/([\w-]+)/", body)


def test_a_mail_server_failing_half_way_leaves_no_dead_link_and_the_rerun_sends_the_rest(
    campaign, settings, django_capture_on_commit_callbacks, client
):
    settings.EMAIL_BACKEND = (
        "puente.notifications.tests.mailbackends.FailingLocmemBackend"
    )
    FailingLocmemBackend.attempts, FailingLocmemBackend.fail_at = 0, 3
    _agencies(campaign, 5)
    with django_capture_on_commit_callbacks(execute=True):
        sent = campaign_send_due(campaign=campaign, base_url=BASE)
    assert sent.invitations == 5
    # The third message met the broken server; the others went out.
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        for token in _tokens(message.body):
            assert Response.objects.filter(token=token).exists()
            page = client.get(reverse("assessments:survey", kwargs={"token": token}))
            assert page.status_code == 200
    waiting = Message.objects.get(status=Message.Status.PENDING)
    assert waiting.attempts == 1
    # The re-run (tomorrow's scheduled run, or the button) queues nothing new and sends
    # only the one still waiting, once its back-off has passed.
    Message.objects.filter(pk=waiting.pk).update(next_attempt_at=waiting.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        again = campaign_send_due(campaign=campaign, base_url=BASE)
    assert again.invitations == 0
    assert len(mail.outbox) == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        CampaignAgency.objects.values_list("contact_email", flat=True)
    )
    FailingLocmemBackend.fail_at = None


def test_invitations_go_out_in_the_agencys_language(
    campaign, django_capture_on_commit_callbacks
):
    _agencies(campaign, 1, "en")
    _agencies(campaign, 1, "es")
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_due(campaign=campaign, base_url=BASE)
    by_address = {m.to[0]: m for m in mail.outbox}
    english = by_address["chief0-en@x.example"]
    spanish = by_address["chief0-es@x.example"]
    assert "is invited to answer" in english.body
    assert "Se invita a" in spanish.body
    assert Message.objects.get(recipient="chief0-es@x.example").language == "es"


def test_contacts_take_a_language_and_refuse_an_unknown_one(
    client, evaluator, campaign
):
    agency = AgencyFactory(slug="ames-pd")
    CampaignAgency.objects.create(campaign=campaign, agency=agency)
    client.force_login(evaluator)
    url = reverse(
        "assessments:set_contacts",
        kwargs={"slug": campaign.program.slug, "campaign": campaign.slug},
    )
    response = client.post(
        url, {"contacts": "ames-pd, chief@ames.example, fr"}, follow=True
    )
    assert "is not a language of Puente" in response.content.decode()
    client.post(url, {"contacts": "ames-pd, chief@ames.example, es"})
    entry = CampaignAgency.objects.get(agency=agency)
    assert (entry.contact_email, entry.contact_language) == ("chief@ames.example", "es")


def test_the_evaluator_previews_each_language_before_sending(
    client, evaluator, campaign, member_a, django_capture_on_commit_callbacks
):
    _agencies(campaign, 2, "en")
    _agencies(campaign, 1, "es")
    url = reverse(
        "assessments:preview_due",
        kwargs={"slug": campaign.program.slug, "campaign": campaign.slug},
    )
    client.force_login(member_a)
    assert client.get(url).status_code == 404
    client.force_login(evaluator)
    page = client.get(url).content.decode()
    assert "invitation in en: 2 emails" in page and "invitation in es: 1 email" in page
    assert "Se invita a" in page and "is invited to answer" in page
    # A preview creates no survey link and queues nothing.
    assert not Response.objects.exists() and not Message.objects.exists()
    send = reverse(
        "assessments:send_due",
        kwargs={"slug": campaign.program.slug, "campaign": campaign.slug},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send)
    assert len(mail.outbox) == 3


def test_the_command_runs_the_schedule_and_sends_after_commit(campaign, capsys):
    _agencies(campaign, 2)
    call_command("assessment", "send-due")
    assert "2 invitations" in capsys.readouterr().out
    assert Message.objects.filter(status=Message.Status.PENDING).count() == 2

import pytest
from django.urls import reverse

from puente.agencies.roles import ProgramRole
from puente.agencies.tests.factories import ProgramMembershipFactory
from puente.audit.models import AuditEvent
from puente.practices.models import Practice, Status

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Coffee with a cop in Somali", "summary": "Monthly coffee mornings.",
    "description": "A liaison and a Somali-speaking officer meet residents.", "category": "liaison_program",
    "principles": ["broad-outreach"], "suits_types": ["municipal"], "source": "Internal memo 2026-14",
}  # fmt: skip


@pytest.fixture
def editor(program):
    return ProgramMembershipFactory(
        program=program, role=ProgramRole.EDITOR, user__email="ed@program.example"
    ).user


def test_propose_submit_review_publish(client, member_a, admin_a, agency_a, editor):
    client.force_login(member_a)
    created = client.post(
        reverse("practices:new_practice", kwargs={"slug": agency_a.slug}), FORM
    )
    practice = Practice.objects.get(contributed_by=agency_a)
    assert created["Location"] == reverse(
        "practices:detail", kwargs={"slug": practice.slug}
    )
    assert practice.status == Status.DRAFT
    submit = reverse(
        "practices:submit_practice",
        kwargs={"slug": agency_a.slug, "practice": practice.slug},
    )
    # Staff draft it; sending it to the public library is the admin's or a publisher's.
    assert client.post(submit).status_code == 403
    client.force_login(admin_a)
    client.post(submit)
    practice.refresh_from_db()
    assert practice.status == Status.IN_REVIEW

    client.force_login(editor)
    assert (
        practice.text().title
        in client.get(reverse("practices:review_queue")).content.decode()
    )
    url = reverse("practices:review_practice", kwargs={"practice": practice.slug})
    refused = client.post(url, {"decision": "changes", "note": ""})
    assert "Say what should change" in refused.content.decode()
    client.post(url, {"decision": "changes", "note": "Add how often it runs."})
    practice.refresh_from_db()
    assert (practice.status, practice.review_note) == (
        Status.CHANGES_REQUESTED,
        "Add how often it runs.",
    )

    client.force_login(member_a)
    client.post(
        reverse(
            "practices:edit_practice",
            kwargs={"slug": agency_a.slug, "practice": practice.slug},
        ),
        {**FORM, "summary": "Coffee mornings on the first Friday."},
    )
    client.force_login(admin_a)
    client.post(submit)
    client.force_login(editor)
    client.post(url, {"decision": "publish"})
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED and practice.version == 2
    client.logout()
    assert (
        client.get(
            reverse("practices:detail", kwargs={"slug": practice.slug})
        ).status_code
        == 200
    )
    assert AuditEvent.objects.filter(
        object_type="practices.practice", changes__status=["in_review", "published"]
    ).exists()


def test_other_agencies_and_viewers(client, member_a, member_b, viewer_a, agency_a):
    client.force_login(member_a)
    client.post(reverse("practices:new_practice", kwargs={"slug": agency_a.slug}), FORM)
    practice = Practice.objects.get()
    edit = reverse(
        "practices:edit_practice",
        kwargs={"slug": agency_a.slug, "practice": practice.slug},
    )
    client.force_login(member_b)
    assert client.get(edit).status_code == 404
    assert (
        client.get(
            reverse("practices:detail", kwargs={"slug": practice.slug})
        ).status_code
        == 404
    )
    assert client.get(reverse("practices:review_queue")).status_code == 404
    client.force_login(viewer_a)
    assert client.get(edit).status_code == 403
    assert (
        client.get(
            reverse("practices:agency_practices", kwargs={"slug": agency_a.slug})
        ).status_code
        == 200
    )
    client.logout()
    assert client.get(edit)["Location"].startswith(reverse("accounts:login"))
    client.force_login(member_a)
    assert (
        client.get(
            reverse(
                "practices:submit_practice",
                kwargs={"slug": agency_a.slug, "practice": practice.slug},
            )
        ).status_code
        == 405
    )


def test_a_published_practice_cannot_be_edited_by_its_agency(
    client, member_a, agency_a, editor
):
    client.force_login(member_a)
    client.post(reverse("practices:new_practice", kwargs={"slug": agency_a.slug}), FORM)
    practice = Practice.objects.get()
    Practice.objects.filter(pk=practice.pk).update(status=Status.PUBLISHED)
    assert (
        client.get(
            reverse(
                "practices:edit_practice",
                kwargs={"slug": agency_a.slug, "practice": practice.slug},
            )
        ).status_code
        == 403
    )


def test_an_agency_attaches_a_document_checked_by_content(
    client, member_a, member_b, agency_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from puente.practices.models import Document

    client.force_login(member_a)
    client.post(reverse("practices:new_practice", kwargs={"slug": agency_a.slug}), FORM)
    practice = Practice.objects.get()
    url = reverse(
        "practices:upload_document",
        kwargs={"slug": agency_a.slug, "practice": practice.slug},
    )
    fake = SimpleUploadedFile(
        "flyer.pdf",
        b"<html><body><p>Call 911</p><p>Free interpreters</p></body></html>",
    )
    refused = client.post(
        url, {"title": "Flyer", "group": "outreach", "language": "en", "file": fake}
    )
    assert "looks mislabelled" in refused.content.decode()
    assert not Document.objects.exists()
    real = SimpleUploadedFile(
        "flyer.html",
        b"<html><body><p>Call 911</p><p>Free interpreters</p></body></html>",
    )
    done = client.post(
        url, {"title": "Flyer", "group": "outreach", "language": "en", "file": real}
    )
    assert done.status_code == 302
    document = Document.objects.get()
    assert (
        document.contributed_by,
        document.status,
        "Free interpreters" in document.text,
    ) == (agency_a, Status.DRAFT, True)
    client.force_login(member_b)
    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("practices:document", kwargs={"slug": document.slug})
        ).status_code
        == 404
    )

"""An evaluator chooses the program's reviewers and editors in the program's pages."""

import pytest
from django.core import mail
from django.urls import reverse

from puente.agencies.models import ProgramMembership
from puente.agencies.tests.factories import ProgramMembershipFactory
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(name, program, **kwargs):
    return reverse(f"agencies:{name}", kwargs={"slug": program.slug, **kwargs})


def test_the_evaluator_adds_changes_and_removes_team_members(
    client, evaluator, program, django_capture_on_commit_callbacks
):
    client.force_login(evaluator)
    page = client.get(_url("program_team", program)).content.decode()
    assert evaluator.email in page and "Add a reviewer or editor" in page
    # The invitation goes through the outbox, sent once the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("program_add_member", program),
            {"email": "Rita@Program.example", "full_name": "Rita", "role": "evaluator"},
        )
    rita = ProgramMembership.objects.get(user__email="rita@program.example")
    assert rita.role == "evaluator"
    assert mail.outbox and mail.outbox[0].to == ["rita@program.example"]
    client.post(
        _url("program_change_role", program, member=rita.uuid), {"role": "editor"}
    )
    rita.refresh_from_db()
    assert rita.role == "editor"
    again = client.post(
        _url("program_add_member", program),
        {"email": "rita@program.example", "role": "editor"},
        follow=True,
    )
    assert "already on this program" in again.content.decode()
    client.post(_url("program_remove_member", program, member=rita.uuid))
    assert not ProgramMembership.objects.filter(pk=rita.pk).exists()
    actions = list(
        AuditEvent.objects.filter(object_type="agencies.programmembership")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_the_last_evaluator_stays(client, evaluator, program):
    client.force_login(evaluator)
    mine = ProgramMembership.objects.get(user=evaluator)
    response = client.post(
        _url("program_remove_member", program, member=mine.uuid), follow=True
    )
    assert "at least one evaluator" in response.content.decode()
    assert ProgramMembership.objects.filter(pk=mine.pk).exists()


def test_editors_see_the_team_but_may_not_change_it(
    client, program, member_a, outsider
):
    editor = ProgramMembershipFactory(program=program, role="editor").user
    client.force_login(editor)
    page = client.get(_url("program_team", program)).content.decode()
    assert "Add a reviewer or editor" not in page
    denied = client.post(
        _url("program_add_member", program), {"email": "x@y.example", "role": "editor"}
    )
    assert denied.status_code == 403
    client.force_login(outsider)
    assert client.get(_url("program_team", program)).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(_url("program_team", program))["Location"]
    client.force_login(editor)
    assert client.get(_url("program_add_member", program)).status_code == 405


def test_adding_to_a_program_invites_only_new_accounts_naming_the_program(
    client, evaluator, member_a, program, django_capture_on_commit_callbacks
):
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post(
            _url("program_add_member", program),
            {"email": "nia@program.example", "full_name": "Nia", "role": "editor"},
            follow=True,
        )
    assert "nia@program.example was added and invited by email" in (
        new.content.decode()
    )
    assert len(mail.outbox) == 1 and program.name in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            _url("program_add_member", program),
            {"email": member_a.email, "role": "editor"},
            follow=True,
        )
    assert f"{member_a.email} was added." in known.content.decode()
    assert len(mail.outbox) == 1

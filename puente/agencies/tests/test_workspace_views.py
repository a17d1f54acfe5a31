import pytest
from django.core import mail
from django.urls import reverse

from puente.accounts.models import User
from puente.agencies.models import Agency, Membership
from puente.agencies.roles import AgencyRole
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_agency_and_role(client, member_a, agency_a):
    client.force_login(member_a)
    response = client.get(
        reverse("insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug})
    )
    assert agency_a.name in response.content.decode()
    assert response.context["membership"].role == AgencyRole.STAFF
    assert response.context["can_change_profile"] is True
    assert response.context["can_view_audit"] is False


def test_viewer_dashboard_offers_no_edit_link(client, viewer_a, agency_a):
    client.force_login(viewer_a)
    response = client.get(
        reverse("insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug})
    )
    assert (
        reverse("agencies:update_profile", kwargs={"slug": agency_a.slug})
        not in response.content.decode()
    )


def test_profile_update_saves_and_is_audited(client, member_a, agency_a):
    client.force_login(member_a)
    url = reverse("agencies:update_profile", kwargs={"slug": agency_a.slug})
    response = client.post(
        url,
        {
            "name": agency_a.name,
            "city": "Alphaville",
            "population_served": "41000",
            "community_languages": ["so", "es"],
        },
    )
    assert response.status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.city == "Alphaville"
    assert agency_a.population_served == 41000
    # Kept in the list's canonical order, most-spoken languages first.
    assert agency_a.community_languages == ["es", "so"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, agency=agency_a)
    assert event.actor == member_a
    assert event.changes["city"] == ["", "Alphaville"]
    assert event.changes["population_served"] == [None, 41000]


def test_profile_update_rejects_bad_input_and_keeps_the_stored_profile(
    client, member_a, agency_a
):
    client.force_login(member_a)
    url = reverse("agencies:update_profile", kwargs={"slug": agency_a.slug})
    response = client.post(
        url, {"name": "", "latitude": "95", "population_served": "-3"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "latitude", "population_served"} <= set(errors)
    agency_a.refresh_from_db()
    assert agency_a.name == "Alphaville Police Department (fictional)"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_profile_errors_are_in_the_users_language(client, member_a, agency_a):
    client.force_login(member_a)
    url = "/es" + reverse("agencies:update_profile", kwargs={"slug": agency_a.slug})
    response = client.post(url, {"name": "", "latitude": "10"})
    body = response.content.decode()
    assert "Este campo es obligatorio." in body
    assert "Indique tanto la latitud como la longitud" in body


def test_add_member_creates_the_account_and_sends_an_invitation(
    client, admin_a, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(admin_a)
    # The invitation is queued in the outbox and sent once the request's work commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agencies:add_member", kwargs={"slug": agency_a.slug}),
            {
                "email": "New.Liaison@A.example",
                "full_name": "Nia Liaison",
                "role": "liaison",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.liaison@a.example")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, agency=agency_a).role == AgencyRole.LIAISON
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.liaison@a.example"]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        action="create", agency=agency_a, object_type="agencies.membership"
    ).exists()


def test_add_member_refuses_an_existing_member(client, admin_a, member_a, agency_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("agencies:add_member", kwargs={"slug": agency_a.slug}),
        {"email": member_a.email, "role": "viewer"},
    )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert Membership.objects.get(user=member_a).role == AgencyRole.STAFF


def test_change_role(client, admin_a, member_a, agency_a):
    client.force_login(admin_a)
    membership = Membership.objects.get(user=member_a)
    client.post(
        reverse(
            "agencies:change_member_role",
            kwargs={"slug": agency_a.slug, "member": membership.uuid},
        ),
        {"role": "viewer"},
    )
    membership.refresh_from_db()
    assert membership.role == AgencyRole.VIEWER
    event = AuditEvent.objects.get(action="role_change", object_id=str(membership.pk))
    assert event.changes == {"role": ["staff", "viewer"]}


def test_the_last_admin_cannot_be_demoted_or_removed(client, admin_a, agency_a):
    client.force_login(admin_a)
    mine = Membership.objects.get(user=admin_a)
    kwargs = {"slug": agency_a.slug, "member": mine.uuid}
    client.post(
        reverse("agencies:change_member_role", kwargs=kwargs), {"role": "staff"}
    )
    response = client.post(
        reverse("agencies:remove_member", kwargs=kwargs), follow=True
    )
    assert "at least one admin" in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == AgencyRole.ADMIN


def test_remove_member(client, admin_a, member_a, agency_a):
    client.force_login(admin_a)
    membership = Membership.objects.get(user=member_a)
    client.post(
        reverse(
            "agencies:remove_member",
            kwargs={"slug": agency_a.slug, "member": membership.uuid},
        )
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="delete", agency=agency_a).exists()


def test_audit_log_shows_only_this_agencys_events(
    client, admin_a, member_b, agency_a, agency_b
):
    client.force_login(member_b)
    client.post(
        reverse("agencies:update_profile", kwargs={"slug": agency_b.slug}),
        {"name": agency_b.name, "city": "Betatown secret city"},
    )
    client.force_login(admin_a)
    client.post(
        reverse("agencies:update_profile", kwargs={"slug": agency_a.slug}),
        {"name": agency_a.name, "city": "Alphaville"},
    )
    body = client.get(
        reverse("agencies:audit_log", kwargs={"slug": agency_a.slug})
    ).content.decode()
    assert "Alphaville" in body
    assert "Betatown secret city" not in body


def test_my_agencies_lists_only_my_memberships(client, member_a, agency_a, agency_b):
    from puente.agencies.tests.factories import AgencyFactory, MembershipFactory

    third = AgencyFactory(name="Third PD (fictional)")
    MembershipFactory(user=member_a, agency=third)
    client.force_login(member_a)
    body = client.get(reverse("agencies:my_agencies")).content.decode()
    assert agency_a.name in body and third.name in body
    assert agency_b.name not in body


def test_a_user_with_one_agency_lands_on_its_dashboard(client, member_a, agency_a):
    client.force_login(member_a)
    response = client.get(reverse("agencies:my_agencies"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug}
    )


def test_program_dashboard_for_its_evaluator(
    client, evaluator, program, agency_a, agency_b
):
    client.force_login(evaluator)
    response = client.get(
        reverse("agencies:program_dashboard", kwargs={"slug": program.slug})
    )
    assert response.status_code == 200
    assert list(response.context["agencies"]) == [agency_a]


@pytest.mark.parametrize("who", ["member_a", "member_b", "outsider"])
def test_program_dashboard_is_404_for_non_members(client, request, program, who):
    client.force_login(request.getfixturevalue(who))
    assert (
        client.get(
            reverse("agencies:program_dashboard", kwargs={"slug": program.slug})
        ).status_code
        == 404
    )


def test_program_dashboard_sends_anonymous_to_login(client, program):
    response = client.get(
        reverse("agencies:program_dashboard", kwargs={"slug": program.slug})
    )
    assert response["Location"].startswith(reverse("accounts:login"))


def test_program_dashboard_wrong_method(client, evaluator, program):
    client.force_login(evaluator)
    assert (
        client.post(
            reverse("agencies:program_dashboard", kwargs={"slug": program.slug})
        ).status_code
        == 405
    )


def test_directory_is_public_and_filters(client, agency_a, agency_b):
    Agency.objects.filter(pk=agency_b.pk).update(
        state="FL", agency_type=Agency.Type.SHERIFF
    )
    response = client.get(reverse("agencies:directory"), {"state": "FL"})
    assert list(response.context["page"].object_list) == [
        Agency.objects.get(pk=agency_b.pk)
    ]
    response = client.get(reverse("agencies:directory"), {"q": "alphaville"})
    assert [a.pk for a in response.context["page"].object_list] == [agency_a.pk]


def test_directory_ignores_an_unknown_filter_value(client, agency_a):
    response = client.get(reverse("agencies:directory"), {"agency_type": "spaceship"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_workspace_menu_marks_the_dashboard_only_on_the_dashboard(
    client, member_a, agency_a
):
    client.force_login(member_a)
    dashboard = reverse(
        "insights_workspace:agency_dashboard", kwargs={"slug": agency_a.slug}
    )
    link = f'<a href="{dashboard}" aria-current="page">'
    assert link in client.get(dashboard).content.decode()
    outreach = client.get(reverse("outreach:dashboard", kwargs={"slug": agency_a.slug}))
    assert link not in outreach.content.decode()

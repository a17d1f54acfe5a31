import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from puente.accounts.models import User
from puente.agencies.models import Agency, Membership, ProgramMembership
from puente.assessments.models import AgencyScore, Response
from puente.audit.models import AuditEvent
from puente.operations.demo import DATA_DIR, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo as `load-demo` leaves an empty database, loaded once for the tests that
    only read it (a load takes about as long as a hundred other tests). It is loaded in
    a transaction that is rolled back after the module, so nothing leaks; each test
    runs in a savepoint inside it, as pytest-django's tests do. Passwords are hashed
    with the tests' fast hasher (conftest's _fast_passwords), which is all the tests
    accept."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        with transaction.atomic():
            call_command("load-demo", stdout=StringIO())
            yield
            transaction.set_rollback(True)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Agency,
            User,
            Membership,
            ProgramMembership,
            AuditEvent,
            Response,
            AgencyScore,
        )
    }


def _snapshot():
    return list(
        Agency.objects.order_by("pk").values_list("pk", "name", "slug", "updated_at")
    )


def test_load_demo_builds_the_demo_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("load-demo", stdout=out)
    assert "admin@riverbend.example" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    # 19,166 FBI agencies, two fictional demo agencies with accounts, and 320
    # fictional agencies placed in real towns for the assessment campaigns.
    assert Agency.objects.count() == 19_166 + 2 + 320
    assert Agency.objects.filter(is_fictional=True).count() == 322
    counts, snapshot = _counts(), _snapshot()

    out = StringIO()
    call_command("load-demo", stdout=out)
    assert "already up to date" in out.getvalue()
    assert _counts() == counts
    assert _snapshot() == snapshot

    # What `make demo` runs: the same inputs today, so nothing is loaded again, and
    # the accounts are listed as a load lists them.
    skipped = StringIO()
    call_command("load-demo", "--if-changed", stdout=skipped)
    assert "already loaded from the same inputs today" in skipped.getvalue()
    listed = out.getvalue().partition("Demo accounts")[2]
    assert listed and skipped.getvalue().partition("Demo accounts")[2] == listed
    assert _snapshot() == snapshot


def test_the_epic_agencies_carry_only_their_cited_facts(demo_loaded):
    with open(DATA_DIR / "epic_profiled_agencies.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert Agency.objects.filter(epic_profiled=True).count() == 10
    for row in rows:
        agency = Agency.objects.get(ori=row["ori9"])
        assert agency.epic_profiled and not agency.is_fictional
        assert agency.population_served == int(row["ucr_population"])
        assert agency.sworn_staff == int(row["officers_total"])
        assert agency.civilian_staff == int(row["civilians_total"])
        assert agency.facts_year == int(row["ucr_year"])
        assert "Vera Institute" in agency.source
        # Nothing invented: no languages, members or programs for a real agency.
        assert agency.community_languages == []
        assert not agency.memberships.exists()
        assert not agency.programs.exists()
        assert not agency.assessment_responses.exists()
        assert not agency.campaign_entries.exists()


def test_demo_activity_belongs_only_to_fictional_agencies(demo_loaded):
    from puente.outreach.models import CommunityContact

    assert CommunityContact.objects.count() > 300
    assert not CommunityContact.objects.filter(agency__is_fictional=False).exists()
    answered = Agency.objects.filter(assessment_responses__isnull=False).distinct()
    assert answered.count() > 250
    assert not answered.filter(is_fictional=False).exists()
    assert all(
        "fictional" in name.lower() for name in answered.values_list("name", flat=True)
    )
    agencies_with_members = Agency.objects.filter(memberships__isnull=False).distinct()
    assert agencies_with_members.count() == 2
    for agency in agencies_with_members:
        assert agency.is_fictional
        assert "fictional" in agency.name.lower()


def test_every_role_has_a_demo_account_that_can_sign_in(demo_loaded, client):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"admin", "staff", "liaison", "analyst", "viewer"}
    assert ProgramMembership.objects.filter(
        user__email="evaluator@program.example", role="evaluator"
    ).exists()
    for email in [
        "admin@riverbend.example",
        "viewer@riverbend.example",
        "evaluator@program.example",
    ]:
        assert client.login(username=email, password=DEMO_PASSWORD), email

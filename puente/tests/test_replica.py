"""The read replica: national figures, reports and exports read from it; writes and
everything else use the primary."""

import pytest
from django.conf import settings as django_settings
from django.db import connections

from puente.assessments.models import Campaign
from puente.lib.replica import ReplicaRouter, replica_reads

pytestmark = pytest.mark.django_db(
    databases=["default", "replica"]
    if "replica" in django_settings.DATABASES
    else ["default"]
)


@pytest.fixture
def replica(settings):
    if "replica" not in connections.settings:
        pytest.skip(
            "DATABASE_REPLICA_URL is not set (scripts/test.sh sets it on PostgreSQL)"
        )
    yield connections["replica"]
    # Both aliases name one test database: an open replica connection would keep it
    # from being dropped at the end of the run.
    connections["replica"].close()


def test_without_a_replica_everything_uses_the_primary(settings):
    databases = {k: v for k, v in settings.DATABASES.items() if k != "replica"}
    settings.DATABASES = databases
    with replica_reads() as alias:
        assert alias == "default"
        assert Campaign.objects.all().db == "default"


def test_reads_in_a_reporting_block_go_to_the_replica_and_writes_never(settings):
    settings.DATABASES = {
        **settings.DATABASES,
        "replica": settings.DATABASES["default"],
    }
    router = ReplicaRouter()
    assert Campaign.objects.all().db == "default"
    with replica_reads():
        assert Campaign.objects.all().db == "replica"
        assert router.db_for_write(Campaign) == "default"
    assert Campaign.objects.all().db == "default"
    assert not router.allow_migrate("replica", "assessments")


def test_a_published_report_page_queries_the_replica(replica, client, settings):
    from django.test.utils import CaptureQueriesContext

    from puente.insights.views import reads_from_replica

    @reads_from_replica
    def view():
        return list(Campaign.objects.all())

    with CaptureQueriesContext(replica) as on_replica:
        view()
    assert any("assessments_campaign" in q["sql"] for q in on_replica)

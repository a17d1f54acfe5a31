import pytest
from django.core.exceptions import ValidationError

from puente.agencies import selectors, services
from puente.agencies.models import WorkforceLanguage
from puente.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_replace_and_read_by_language(agency_a, admin_a):
    services.workforce_languages_replace(
        actor=admin_a,
        agency=agency_a,
        rows=[
            {"language": "es", "level": "basic", "staff": 20},
            {"language": "es", "level": "fluent", "staff": 9, "sworn": 7},
            {"language": "es", "level": "certified", "staff": 2},
            {"language": "vi", "level": "conversational", "staff": 1},
        ],
    )
    table = selectors.workforce_by_language(agency=agency_a)
    assert list(table) == ["es", "vi"]
    assert table["es"] == {"able": 11, "basic": 20, "fluent": 9, "certified": 2}
    assert AuditEvent.objects.filter(agency_id=agency_a.pk).exists()


@pytest.mark.parametrize(
    "row",
    [
        {"language": "xx-nonsense", "level": "basic", "staff": 1},
        {"language": "es", "level": "native", "staff": 1},
        {"language": "es", "level": "basic", "staff": -1},
        {"language": "es", "level": "basic", "staff": 2, "sworn": 3},
    ],
)
def test_a_bad_row_changes_nothing(agency_a, admin_a, row):
    services.workforce_languages_replace(
        actor=admin_a,
        agency=agency_a,
        rows=[{"language": "es", "level": "fluent", "staff": 4}],
    )
    with pytest.raises(ValidationError) as exc:
        services.workforce_languages_replace(
            actor=admin_a,
            agency=agency_a,
            rows=[{"language": "ko", "level": "fluent", "staff": 1}, row],
        )
    assert "Row 2" in str(exc.value)
    assert list(
        WorkforceLanguage.objects.filter(agency=agency_a).values_list(
            "language", "staff"
        )
    ) == [("es", 4)]

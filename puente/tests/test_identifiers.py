"""Numbers that are names (ids, years, versions, codes) are never grouped like counts.

With USE_THOUSAND_SEPARATOR a year printed as a number comes out "2,025" in English,
"2.025" in Spanish and "2 025" in French, and an id in a form's value "19,396" no
longer matches anything. This test signs in as each kind of demo user, walks every
page it can reach in English and Spanish (and the public portal also in French) and
fails on any such number, naming the page."""

import re

import pytest
from django.test import Client

from puente.assessments.services import national_instrument_load
from puente.operations.demo import DEMO_PASSWORD, demo_load
from puente.principles.services import principles_sync
from puente.tests.crawl import crawl

pytestmark = pytest.mark.django_db

SEP = "[,.\u00a0\u202f ]"
# A year from 1990 to 2039 with a group separator in it, standing alone.
YEAR = re.compile(
    rf"(?<![\d.,\u00a0\u202f])(?:1{SEP}99\d|2{SEP}0[0-3]\d)(?![\d]|[.,]\d)"
)
# Any attribute value that is a grouped number: ids in form values, anchors, labels.
ATTRIBUTE = re.compile(rf'\s(?:value|id|for|name|data-[\w-]+)="[^"]*\d{SEP}\d{{3}}\b')
USERS = [
    None,
    "admin@riverbend.example",
    "viewer@riverbend.example",
    "evaluator@program.example",
]
STAFF_SEEDS = [
    "/",
    "/workspace/",
    "/workspace/riverbend-pd-fictional/",
    "/programs/demo-national-program-fictional/",
    "/insights/",
    "/library/",
    "/agencies/",
    "/principles/",
]


def _offences(body: str) -> list[str]:
    found = [m.group(0) for m in YEAR.finditer(body)]
    found += [m.group(0).strip() for m in ATTRIBUTE.finditer(body)]
    return found


def _fetch(client: Client):
    def fetch(url: str) -> tuple[int, str, str]:
        response = client.get(url, follow=True)
        content_type = response.get("Content-Type", "")
        if not any(t in content_type for t in ("html", "csv", "calendar", "json")):
            return response.status_code, content_type, ""
        body = b"".join(response) if response.streaming else response.content
        return response.status_code, content_type, body.decode("utf-8", "replace")

    return fetch


@pytest.fixture
def demo(db):
    principles_sync()
    national_instrument_load()
    demo_load()


def test_no_page_groups_an_identifier_in_english_spanish_or_french(demo):
    from puente.agencies.models import Agency, Program

    program = Program.objects.get(is_fictional=True)
    seeds = [
        s.replace("demo-national-program-fictional", program.slug) for s in STAFF_SEEDS
    ]
    portal = [
        f"/{lang}/agencies/{slug}/"
        for slug in Agency.objects.filter(is_fictional=True).values_list(
            "slug", flat=True
        )
        for lang in ("en", "es", "fr")
    ]
    problems: dict[str, list[str]] = {}
    visited = 0
    for email in USERS:
        client = Client()
        if email:
            assert client.login(email=email, password=DEMO_PASSWORD)
        for prefix in ("", "/es"):
            pages = crawl(
                _fetch(client),
                [prefix + s for s in seeds] + portal,
                limit=250,
            )
            visited += len(pages)
            for url, body in pages.items():
                if offences := _offences(body):
                    problems.setdefault(url, sorted(set(offences))[:5])
    assert visited > 300, "the crawl reached too few pages to mean anything"
    assert problems == {}


def test_the_check_recognises_a_grouped_year_and_id():
    # The detector itself: a grouped year or form value is caught, counts are not.
    assert _offences("Population 58,000 (2,025)") == ["2,025"]
    assert _offences("(2.025)") == ["2.025"]
    assert _offences("(2\u202f025)") == ["2\u202f025"]
    assert _offences('<input value="19,396">') == ['value="19,396']
    assert _offences("58,000 residents; 2025; 3.5; 12,345 contacts") == []

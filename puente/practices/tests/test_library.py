import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from puente.lib.uploads import UploadRejected
from puente.practices.models import Practice, PracticeVersion, SearchEntry, Status
from puente.practices.search import query_words
from puente.practices.services import document_upload, practice_save

pytestmark = pytest.mark.django_db


def committed():
    """Run what waits for the commit (the full-text indexing task) at the end of the
    block, as it runs once a request's transaction commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _practice(
    slug, en_title, es_title, *, status=Status.PUBLISHED, contributed_by=None, **data
):
    fields = {
        "category": "liaison_program",
        "principles": ["leverage-partnerships"],
        "suits_types": ["municipal"],
        "suits_sizes": ["small", "medium"],
    }
    fields.update(data)
    with committed():
        return practice_save(
            actor=None, slug=slug, status=status, contributed_by=contributed_by, data=fields,
            texts={
                "en": {"title": en_title, "summary": f"{en_title} summary.", "description": f"How {en_title.lower()} works with immigrant residents.", "outcomes": ""},
                "es": {"title": es_title, "summary": f"Resumen de {es_title.lower()}.", "description": f"Cómo funcionan los {es_title.lower()} con residentes inmigrantes.", "outcomes": ""},
            },
        )  # fmt: skip


@pytest.fixture
def library(db):
    return [
        _practice(
            "liaison", "Civilian community liaison", "Enlaces comunitarios civiles"
        ),
        _practice(
            "spanish",
            "Tactical Spanish training",
            "Capacitación en español táctico",
            category="officer_training",
            principles=["train"],
            suits_types=["municipal", "sheriff"],
        ),
        _practice(
            "task-force",
            "Human trafficking task force",
            "Grupo de trabajo contra la trata",
            category="partnership_task_force",
            principles=["focus-on-the-vulnerable"],
            suits_sizes=["large"],
        ),
    ]


def _titles(response):
    return [r.title for r in response.context["page"].results]


def test_search_finds_practices_in_english_with_stemming(client, library):
    response = client.get(reverse("practices:library"), {"q": "liaisons"})
    assert _titles(response) == ["Civilian community liaison"]
    assert "<mark>liaison</mark>" in response.content.decode().lower()


def test_search_stems_spanish(client, library):
    # "enlace" finds "Enlaces", "capacitaciones" finds "Capacitación".
    assert _titles(client.get(reverse("practices:library"), {"q": "enlace"})) == [
        "Enlaces comunitarios civiles"
    ]
    assert "Capacitación en español táctico" in _titles(
        client.get(reverse("practices:library"), {"q": "capacitaciones"})
    )


def test_filters(client, library):
    url = reverse("practices:library")
    assert set(_titles(client.get(url, {"principle": "train", "language": "en"}))) == {
        "Tactical Spanish training"
    }
    assert set(
        _titles(client.get(url, {"agency_type": "sheriff", "language": "en"}))
    ) == {"Tactical Spanish training"}
    assert set(_titles(client.get(url, {"size": "large", "language": "es"}))) == {
        "Grupo de trabajo contra la trata"
    }
    assert (
        _titles(client.get(url, {"q": "trafficking", "category": "liaison_program"}))
        == []
    )


def test_an_invalid_filter_keeps_the_search_text(client, library):
    url = reverse("practices:library")
    response = client.get(url, {"q": "liaisons", "principle": "no-such-principle"})
    assert response.status_code == 200
    assert _titles(response) == ["Civilian community liaison"]
    page = response.content.decode()
    assert 'value="liaisons"' in page
    assert response.context["form"].errors["principle"]


@pytest.mark.parametrize(
    "hostile",
    [
        '"unbalanced',
        "liaison AND OR NOT",
        "'; DROP TABLE practices_searchentry; --",
        "NEAR(liaison community)",
        "*",
        "x" * 5000,
        "col:liaison",
        "^liaison",
    ],
)
def test_hostile_queries_never_fail(client, library, hostile):
    response = client.get(reverse("practices:library"), {"q": hostile})
    assert response.status_code == 200
    assert SearchEntry.objects.count() == 6


def test_query_words_drop_operators():
    assert query_words('"liaison" AND (community)* -foo') == [
        "liaison",
        "AND",
        "community",
        "foo",
    ]
    assert len(query_words("word " * 100)) == 12


def test_drafts_are_visible_only_to_their_agency(
    client, library, member_a, member_b, agency_a
):
    _practice(
        "draft",
        "Newcomer welcome nights",
        "Noches de bienvenida",
        status=Status.DRAFT,
        contributed_by=agency_a,
    )
    url = reverse("practices:library")
    assert _titles(client.get(url, {"q": "newcomer"})) == []
    assert (
        client.get(reverse("practices:detail", kwargs={"slug": "draft"})).status_code
        == 404
    )
    client.force_login(member_b)
    assert _titles(client.get(url, {"q": "newcomer"})) == []
    assert (
        client.get(reverse("practices:detail", kwargs={"slug": "draft"})).status_code
        == 404
    )
    client.force_login(member_a)
    assert _titles(client.get(url, {"q": "newcomer"})) == ["Newcomer welcome nights"]
    assert (
        client.get(reverse("practices:detail", kwargs={"slug": "draft"})).status_code
        == 200
    )


def test_edits_keep_history_and_the_index_current(client, library):
    practice = Practice.objects.get(slug="liaison")
    with TestCase.captureOnCommitCallbacks() as queued:
        practice_save(
            actor=None, practice=practice, data={},
            texts={"en": {"title": "Community liaison officers", "summary": "New wording.", "description": "Outreach to businesses.", "outcomes": ""}},
        )  # fmt: skip
    # The new text is searchable once the indexing queued after commit has run.
    assert _titles(client.get(reverse("practices:library"), {"q": "businesses"})) == []
    for callback in queued:
        callback()
    practice.refresh_from_db()
    assert practice.version == 2
    old = PracticeVersion.objects.get(practice=practice, number=1)
    assert old.snapshot["texts"]["en"]["title"] == "Civilian community liaison"
    assert _titles(client.get(reverse("practices:library"), {"q": "businesses"})) == [
        "Community liaison officers"
    ]
    assert (
        _titles(
            client.get(
                reverse("practices:library"), {"q": "civilian", "language": "en"}
            )
        )
        == []
    )


def test_a_document_is_searched_by_its_text_and_downloaded_safely(client, library):
    html = b"<!DOCTYPE html><html><body><h1>Policy</h1><p>Officers offer free interpretation.</p><script>alert(1)</script></body></html>"
    with committed():
        document_upload(
            actor=None, data=html, filename="policy.html", title="Language access policy (example)", group="policy",
            language="en", practice=Practice.objects.get(slug="liaison"), status=Status.PUBLISHED, slug="policy",
        )  # fmt: skip
    response = client.get(reverse("practices:library"), {"q": "interpretation"})
    assert _titles(response) == ["Language access policy (example)"]
    assert "alert" not in response.content.decode()
    download = client.get(reverse("practices:document", kwargs={"slug": "policy"}))
    assert download["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_mislabelled_upload_is_refused_and_nothing_is_stored(library):
    with pytest.raises(UploadRejected):
        document_upload(
            actor=None, data=b"<html><body><p>x</p><p>y</p></body></html>", filename="fake.pdf", title="Fake",
            group="policy", language="en", slug="fake",
        )  # fmt: skip
    assert not SearchEntry.objects.filter(kind="document").exists()


def test_the_search_command_has_a_stable_shape(library):
    out = StringIO()
    call_command(
        "practices",
        "search",
        "task force",
        "--principle",
        "focus-on-the-vulnerable",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["total"] == 1
    (result,) = data["results"]
    assert set(result) >= {"kind", "id", "title", "snippet", "score"}
    assert result["kind"] == "practice" and result["score"] > 0
    out = StringIO()
    call_command("practices", "reindex", stdout=out)
    assert "Indexed 6 entries" in out.getvalue()
    out = StringIO()
    call_command("practices", "search", "grupo trata", "--language", "es", stdout=out)
    assert (
        json.loads(out.getvalue())["results"][0]["title"]
        == "Grupo de trabajo contra la trata"
    )


def test_the_reindex_command_indexes_what_no_worker_indexed(client, library):
    # A practice saved while its indexing task is lost (no worker ran it) is found
    # again once `puente practices reindex` has rebuilt the whole index.
    with TestCase.captureOnCommitCallbacks():
        practice_save(
            actor=None, slug="lost", status=Status.PUBLISHED,
            data={"category": "liaison_program", "principles": ["train"], "suits_types": ["municipal"], "suits_sizes": ["small"]},
            texts={"en": {"title": "Laundromat office hours", "summary": "Hours where people wash.", "description": "A liaison sits in the laundromat.", "outcomes": ""}},
        )  # fmt: skip
    url = reverse("practices:library")
    assert _titles(client.get(url, {"q": "laundromat"})) == []
    call_command("practices", "reindex", stdout=StringIO())
    assert _titles(client.get(url, {"q": "laundromat"})) == ["Laundromat office hours"]


def test_the_catalogue_csv_lists_published_practices_only(client, library, agency_a):
    import csv as csv_module

    _practice(
        "draft",
        "Unpublished idea",
        "Idea sin publicar",
        status=Status.DRAFT,
        contributed_by=agency_a,
    )
    response = client.get(reverse("practices:catalogue_csv"))
    rows = list(csv_module.DictReader(response.content.decode().splitlines()))
    assert len(rows) == 6  # three practices, two languages each
    assert "Unpublished idea" not in response.content.decode()
    assert {r["language"] for r in rows} == {"en", "es"}


def test_snippets_begin_at_a_word_and_mark_stemmed_matches():
    from puente.practices.search import snippet

    body = "Alpha " * 40 + "The liaisons met residents at the market. " + "Omega " * 40
    text = snippet(body, ["liaison"])
    assert text.startswith("…Alpha") or text.startswith("…The")
    assert "<mark>liaisons</mark>" in text
    assert snippet("<script>alert(1)</script> liaison", ["liaison"]).startswith(
        "&lt;script&gt;"
    )


def test_a_practice_as_a_one_page_pdf_handout(client, library):
    from io import BytesIO

    from pypdf import PdfReader

    response = client.get(reverse("practices:handout", kwargs={"slug": "liaison"}))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    assert "Civilian community liaison" in reader.pages[0].extract_text()
    spanish = client.get(
        "/es" + reverse("practices:handout", kwargs={"slug": "liaison"})
    )
    assert (
        "Enlaces comunitarios civiles"
        in PdfReader(BytesIO(spanish.content)).pages[0].extract_text()
    )


def test_a_draft_has_no_public_handout(client, library, agency_a):
    _practice(
        "draft",
        "Unpublished idea",
        "Idea sin publicar",
        status=Status.DRAFT,
        contributed_by=agency_a,
    )
    assert (
        client.get(reverse("practices:handout", kwargs={"slug": "draft"})).status_code
        == 404
    )


def test_an_episode_saved_in_the_admin_is_searchable(
    client, library, django_user_model
):
    admin = django_user_model.objects.create_superuser(
        email="root@puente.example", password="a long admin password"
    )
    client.force_login(admin)
    with committed():
        response = client.post(
            reverse("admin:practices_episode_add"),
            {
                "slug": "ep-1", "title": '{"en": "Night patrol stories (example)"}', "description": "{}",
                "guests": "Fictional guest", "language": "en", "status": "published",
                "transcript": "HOST: How do you reach shift workers? GUEST: Through the laundromats.",
            },
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    client.logout()
    results = (
        client.get(reverse("practices:library"), {"q": "laundromats"})
        .context["page"]
        .results
    )
    assert [r.title for r in results] == ["Night patrol stories (example)"]


def test_results_link_to_the_page_in_the_readers_language(client, library):
    """Found by reading /es/library/: every result linked to the English page."""
    spanish = client.get("/es/library/", {"q": "enlace"}).content.decode()
    assert 'href="/es/library/practices/liaison/"' in spanish
    english = client.get("/library/", {"q": "liaison"}).content.decode()
    assert 'href="/library/practices/liaison/"' in english
    # An entry indexed while Spanish was active still opens in English for English readers.
    SearchEntry.objects.update(url="/es/library/practices/liaison/")
    english = client.get("/library/", {"q": "liaison"}).content.decode()
    assert 'href="/library/practices/liaison/"' in english

"""Full-text search over the library: one interface, two engines.

PostgreSQL ranks with its own text search (`to_tsvector` with the English or Spanish
configuration, a GIN index); SQLite uses an FTS5 table over words stemmed here with
the Snowball stemmers. Both return the same `SearchResult`s, with snippets made here,
so a page or a test cannot tell the engines apart except by the order of ties.
"""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import get_language

from puente.practices.models import SearchEntry

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = {"en": "english", "es": "spanish"}
_PG_CONFIG = {"en": "english", "es": "spanish"}


@dataclass(frozen=True)
class SearchResult:
    kind: str
    id: int
    title: str
    snippet: str
    score: float
    url: str
    language: str


@dataclass
class SearchPage:
    results: list[SearchResult]
    total: int
    page: int
    pages: int


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_words(text: str) -> list[str]:
    """The words of a user's query: operators, quotes and punctuation are dropped."""
    return [
        w
        for w in _WORD.findall((text or "")[:MAX_QUERY_CHARS])
        if not w.isdigit() or len(w) > 1
    ][:MAX_QUERY_WORDS]


@functools.cache
def _stemmer(language: str):
    import snowballstemmer  # here: loading its 30 stemmers costs ~0.15 s at start

    return snowballstemmer.stemmer(_STEMMERS.get(language, "english"))


@functools.lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    # Real text repeats a small vocabulary, so caching makes indexing several times faster.
    return _stemmer(language).stemWord(_fold(word))


def _stemmed_text(text: str, language: str) -> str:
    return " ".join(_stem(w, language) for w in _WORD.findall(text))


def setup_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "CREATE TABLE IF NOT EXISTS practices_searchvector ("
            " entry_id bigint PRIMARY KEY REFERENCES practices_searchentry (id) ON DELETE CASCADE,"
            " document tsvector NOT NULL)",
            "CREATE INDEX IF NOT EXISTS practices_searchvector_gin ON practices_searchvector USING GIN (document)",
        ]
    if vendor == "sqlite":
        return [
            "CREATE VIRTUAL TABLE IF NOT EXISTS practices_search_fts USING fts5(title, body, tokenize='unicode61')"
        ]
    return []


def index(entry: SearchEntry) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            config = _PG_CONFIG.get(entry.language, "simple")
            cursor.execute(
                "INSERT INTO practices_searchvector (entry_id, document) VALUES (%s,"
                " setweight(to_tsvector(%s::regconfig, %s), 'A') || setweight(to_tsvector(%s::regconfig, %s), 'B'))"
                " ON CONFLICT (entry_id) DO UPDATE SET document = EXCLUDED.document",
                [entry.pk, config, entry.title, config, entry.body],
            )
        else:
            cursor.execute(
                "DELETE FROM practices_search_fts WHERE rowid = %s", [entry.pk]
            )
            cursor.execute(
                "INSERT INTO practices_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [
                    entry.pk,
                    _stemmed_text(entry.title, entry.language),
                    _stemmed_text(entry.body, entry.language),
                ],
            )


def unindex(entry_ids: list[int]) -> None:
    if not entry_ids or connection.vendor == "postgresql":
        return  # PostgreSQL's rows go with their entries (ON DELETE CASCADE).
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM practices_search_fts WHERE rowid = %s",
            [[pk] for pk in entry_ids],
        )


@transaction.atomic
def index_entries(entry_ids: list[int]) -> int:
    """Bring the full-text index of these search entries in line with their rows as they
    are now; ids whose entry is gone are skipped. Safe to run twice, in any order.
    Returns how many entries were indexed."""
    count = 0
    for entry in SearchEntry.objects.filter(pk__in=entry_ids).iterator(chunk_size=100):
        index(entry)
        count += 1
    return count


@transaction.atomic
def reindex() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM practices_searchvector"
            if connection.vendor == "postgresql"
            else "DELETE FROM practices_search_fts"
        )
    count = 0
    for entry in SearchEntry.objects.iterator(chunk_size=500):
        index(entry)
        count += 1
    return count


def _ranked(
    words: list[str], entries, limit: int, offset: int
) -> tuple[list[tuple[int, float]], int]:
    """(entry id, relevance) for one page of the entries containing every word, best
    first, and how many there are. Matching, filtering, ranking and paging happen in
    one query; the total comes with the page (`count(*) OVER ()`)."""
    subquery, sub_params = entries.values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        text = " ".join(words)
        params = [text, text, *sub_params]
        # The subquery is Django's own SQL for the filtered entries.
        # Ranks are computed once, into narrow rows, before the filters and the sort:
        # sorting wide rows that still carry their tsvectors spills to disk.
        sql = (
            "WITH m AS MATERIALIZED (SELECT v.entry_id AS id, ts_rank(v.document, query.q) AS score"  # noqa: S608
            " FROM practices_searchvector v,"
            " (SELECT plainto_tsquery('english', %s) || plainto_tsquery('spanish', %s) AS q) AS query"
            " WHERE v.document @@ query.q)"
            f" SELECT m.id, m.score, count(*) OVER () FROM m WHERE m.id IN ({subquery})"
            " ORDER BY m.score DESC, m.id LIMIT %s OFFSET %s"
        )
    else:
        # Each word may match in its English or Spanish form, as a prefix. The match is
        # materialized so that SQLite runs it once, not once per filtered entry.
        groups = []
        for word in words:
            stems = sorted({_stem(word, "en"), _stem(word, "es")})
            groups.append("(" + " OR ".join(f'"{s}"*' for s in stems if s) + ")")
        params = [" AND ".join(groups), *sub_params]
        sql = (
            "WITH m AS MATERIALIZED (SELECT rowid AS id, -bm25(practices_search_fts, 5.0, 1.0) AS score"  # noqa: S608
            " FROM practices_search_fts WHERE practices_search_fts MATCH %s)"
            f" SELECT m.id, m.score, count(*) OVER () FROM m WHERE m.id IN ({subquery})"
            " ORDER BY m.score DESC, m.id LIMIT %s OFFSET %s"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
        if rows or offset == 0:
            return [(row[0], float(row[1])) for row in rows], (
                rows[0][2] if rows else 0
            )
        # A page past the end: count without paging.
        cursor.execute(sql.replace("LIMIT %s OFFSET %s", "LIMIT 1"), params)
        first = cursor.fetchone()
        return [], first[2] if first else 0


def snippet(body: str, words: list[str], *, length: int = 220) -> str:
    """A passage of `body` around the first query word, HTML-escaped, words in <mark>."""
    stems = {_stem(w, lang) for w in words for lang in _STEMMERS}
    first = next(
        (
            m
            for m in _WORD.finditer(body)
            if any(_stem(m.group(), lang) in stems for lang in _STEMMERS)
        ),
        None,
    )
    start = max(0, first.start() - length // 3) if first else 0
    if start:
        # Begin at a word, not in the middle of one.
        space = body.find(" ", start, first.start())
        start = space + 1 if space != -1 else first.start()
    end = min(len(body), start + length)
    passage = body[start:end]
    marked, last = [], 0
    for match in _WORD.finditer(passage):
        if any(_stem(match.group(), lang) in stems for lang in _STEMMERS):
            marked.append(html.escape(passage[last : match.start()]))
            marked.append(f"<mark>{html.escape(match.group())}</mark>")
            last = match.end()
    marked.append(html.escape(passage[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    return prefix + "".join(marked).strip() + suffix


def _in_reader_language(path: str) -> str:
    """The stored address of an entry ("/library/practices/x/", or "/es/library/..." when
    it was indexed during a Spanish request) in the active language's form, so that a
    reader of /es/library/ stays in Spanish when they open a result."""
    codes = {code for code, _name in settings.LANGUAGES}
    head, _slash, rest = path.lstrip("/").partition("/")
    if head in codes:
        path = "/" + rest
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language in codes and language != settings.LANGUAGE_CODE:
        path = f"/{language}{path}"
    return path


def search(text: str, *, entries=None, page: int = 1, per_page: int = 20) -> SearchPage:
    """Search `entries` (a SearchEntry queryset already filtered for visibility and
    facets; all public entries by default)."""
    entries = (
        entries if entries is not None else SearchEntry.objects.filter(is_public=True)
    )
    words = query_words(text)
    page = max(1, page)
    fields = ("pk", "kind", "object_id", "title", "body", "url", "language")
    if words:
        ranked, total = _ranked(words, entries, per_page, (page - 1) * per_page)
        scores = dict(ranked)
        by_pk = {
            r["pk"]: r
            for r in SearchEntry.objects.filter(pk__in=scores).values(*fields)
        }
        rows = [by_pk[pk] for pk, _score in ranked if pk in by_pk]
    else:
        scores = {}
        total = entries.count()
        rows = list(
            entries.order_by("title", "pk").values(*fields)[
                (page - 1) * per_page : page * per_page
            ]
        )
    pages = max(1, -(-total // per_page))
    results = [
        SearchResult(
            kind=r["kind"],
            id=r["object_id"],
            title=r["title"],
            snippet=snippet(r["body"], words)
            if words
            else html.escape(r["body"][:220]) + ("…" if len(r["body"]) > 220 else ""),
            score=round(scores.get(r["pk"], 0.0), 4),
            url=_in_reader_language(r["url"]),
            language=r["language"],
        )  # fmt: skip
        for r in rows
    ]
    return SearchPage(results, total, min(page, pages), pages)

"""Walk the site as a user would, following the links of every page it reaches.

Shared by the identifier test (Django test client) and the 360 px test (Chromium):
both need "every page", and both must agree on what that is."""

import re
from collections import Counter
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

LINK = re.compile(r'href="(/[^"#]*)')
# Pages that change state on GET do not exist; these are skipped because they end
# the session, belong to Django's admin, or are files rather than pages.
SKIP = re.compile(
    r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:accounts/logout|admin/|static/|media/|api/)"
    r"|\.(?:pdf|xlsx|zip|png|svg|ico|js|css)$|/(?:export|download)\b|format=(?:pdf|xlsx)"
)
TEXT_FILES = re.compile(r"\.(?:csv|ics|json)(?:\?|$)")
PER_PATH = 2  # query-string variants of one path worth visiting (filters, pages)


def crawl(
    fetch: Callable[[str], tuple[int, str, str]],
    seeds: Iterable[str],
    *,
    limit: int = 400,
    text_files: bool = True,
) -> dict[str, str]:
    """{url: body} of every page reached from `seeds` by following same-site links,
    breadth first, at most `limit` pages. `fetch(url)` returns (status, content type,
    body); pages that are not 200 are not followed. `text_files=False` leaves out CSV,
    iCalendar and JSON downloads (a browser would save them, not show them)."""
    queue = list(seeds)
    seen: set[str] = set()
    variants: Counter[str] = Counter()
    pages: dict[str, str] = {}
    while queue and len(pages) < limit:
        url = queue.pop(0).replace("&amp;", "&")
        path = urlsplit(url).path
        if (
            url in seen
            or SKIP.search(url)
            or (not text_files and TEXT_FILES.search(url))
        ):
            continue
        seen.add(url)
        if url != path:
            variants[path] += 1
            if variants[path] > PER_PATH:
                continue
        status, content_type, body = fetch(url)
        if status != 200:
            continue
        pages[url] = body
        if "html" in content_type:
            queue.extend(LINK.findall(body))
    return pages

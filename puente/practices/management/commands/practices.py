import json

from django.core.management.base import BaseCommand

from puente.practices import search
from puente.practices.models import SearchEntry


class Command(BaseCommand):
    help = (
        "The practice library. `practices search QUERY` searches published practices, "
        "documents and transcripts (JSON); `practices reindex` rebuilds the full-text index."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        find = sub.add_parser("search", help="Search the published library.")
        find.add_argument("query")
        find.add_argument("--principle")
        find.add_argument("--language")
        find.add_argument("--format", choices=["json"], default="json")
        find.add_argument("--limit", type=int, default=20)
        sub.add_parser("reindex", help="Rebuild the full-text index.")
        sub.add_parser(
            "seed",
            help="Load the seed library (cited practices, example documents and episodes).",
        )

    def handle(self, *args, action: str, **options):
        if action == "seed":
            from puente.practices.seed import library_seed

            self.stdout.write(f"Seed library: {library_seed()} items added.")
            return
        if action == "reindex":
            self.stdout.write(f"Indexed {search.reindex()} entries.")
            return
        entries = SearchEntry.objects.filter(is_public=True)
        if options["principle"]:
            entries = entries.filter(principles__contains=f" {options['principle']} ")
        if options["language"]:
            entries = entries.filter(language=options["language"])
        page = search.search(
            options["query"],
            entries=entries,
            per_page=max(1, min(options["limit"], 100)),
        )
        results = [
            {
                "kind": r.kind,
                "id": r.id,
                "title": r.title,
                "snippet": r.snippet,
                "score": r.score,
                "url": r.url,
                "language": r.language,
            }
            for r in page.results
        ]
        self.stdout.write(
            json.dumps(
                {"total": page.total, "results": results}, ensure_ascii=False, indent=2
            )
        )

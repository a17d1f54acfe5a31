"""Library search with 10,000 practices and documents, on whatever DATABASE_URL names.
Prints indexing throughput and p95 latency of one-word, three-word and filtered queries."""

import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from puente.practices import search  # noqa: E402
from puente.practices.models import SearchEntry  # noqa: E402

ENTRIES = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
WORDS = {
    "en": ("liaison community officer training outreach language trust victim partner forum translation "
           "policy curriculum advisory board immigrant resident report crime witness safety festival radio "
           "newspaper faith business school program quarterly contact interpreter task force trafficking").split(),
    "es": ("enlace comunidad agente capacitación acercamiento idioma confianza víctima aliado foro traducción "
           "política currículo consejo asesor inmigrante residente denuncia delito testigo seguridad festival "
           "radio periódico fe negocio escuela programa trimestral contacto intérprete trata").split(),
}  # fmt: skip
PRINCIPLES = ["root-causes", "maximize-resources", "leverage-partnerships", "focus-on-the-vulnerable",
              "broad-outreach", "train", "monitor", "sustain"]  # fmt: skip


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(3)
    start = time.perf_counter()
    with transaction.atomic():
        for n in range(ENTRIES):
            language = "es" if n % 3 == 0 else "en"
            words = WORDS[language]
            entry = SearchEntry.objects.create(
                kind="practice" if n % 2 else "document", object_id=n, language=language,
                title=" ".join(rng.choices(words, k=5)).capitalize(),
                body=" ".join(rng.choices(words, k=rng.randint(80, 400))),
                url=f"/library/x/{n}/", is_public=True,
                principles=f" {' '.join(rng.sample(PRINCIPLES, 2))} ",
                category=rng.choice(["liaison_program", "officer_training", "outreach_media"]),
                suits_types=" municipal sheriff ", suits_sizes=" small medium ",
            )  # fmt: skip
            search.index(entry)
    indexing = time.perf_counter() - start
    queries = {
        "one word": ("liaison", {}),
        "three words": ("community trust forum", {}),
        "filtered": ("training", {"principles__contains": " train ", "language": "en"}),
    }
    results = []
    for label, (text, filters) in queries.items():
        times = []
        for _ in range(60):
            entries = SearchEntry.objects.filter(is_public=True, **filters)
            began = time.perf_counter()
            page = search.search(text, entries=entries)
            times.append(time.perf_counter() - began)
        results.append(f"{label} p95 {p95(times):5.1f} ms ({page.total} hits)")
    print(
        f"{connection.vendor:<11} search {ENTRIES:,} entries: indexed {ENTRIES / indexing:,.0f}/s; "
        + "; ".join(results)
    )


if __name__ == "__main__":
    main()

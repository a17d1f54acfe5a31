"""Loading the seed library (data/seed_library.json): real practices with their
citations, and example documents and episodes marked as examples."""

import json
from pathlib import Path

from django.db import transaction

from puente.practices.models import Document, Episode, Practice, Status
from puente.practices.services import document_upload, episode_index, practice_save

SEED = Path(__file__).resolve().parent / "data" / "seed_library.json"


@transaction.atomic
def library_seed(path: Path = SEED) -> int:
    """Load what is missing; returns the number of rows created (0 on a second run)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    created = 0
    practices = {p.slug: p for p in Practice.objects.all()}
    for item in data["practices"]:
        if item["slug"] in practices:
            continue
        fields = {k: item.get(k) for k in (
            "category", "principles", "hours_per_week", "suits_types", "suits_sizes", "languages",
            "source", "source_url", "is_example", "starter_kit",
        )}  # fmt: skip
        fields["cost_band"] = item.get("cost_band") or ""
        practices[item["slug"]] = practice_save(
            actor=None,
            data=fields,
            texts=item["text"],
            slug=item["slug"],
            status=Status.PUBLISHED,
        )
        created += 1
    documents = {d.slug: d for d in Document.objects.all()}
    for item in sorted(
        data.get("documents", []), key=lambda d: d.get("translation_of") is not None
    ):
        if item["slug"] in documents:
            continue
        documents[item["slug"]] = document_upload(
            actor=None, data=item["html"].encode("utf-8"), filename=item["filename"], title=item["title"],
            group=item["group"], language=item["language"], practice=practices.get(item.get("practice")),
            description=item.get("description", ""), status=Status.PUBLISHED, slug=item["slug"],
            is_example=item.get("is_example", False), translation_of=documents.get(item.get("translation_of")),
        )  # fmt: skip
        created += 1
    for item in data.get("episodes", []):
        if Episode.objects.filter(slug=item["slug"]).exists():
            continue
        episode = Episode.objects.create(
            slug=item["slug"], practice=practices.get(item.get("practice")), title=item["title"],
            description=item.get("description", {}), guests=item.get("guests", ""),
            duration_seconds=item.get("duration_seconds"), audio_url=item.get("audio_url", ""),
            language=item["language"], transcript=item.get("transcript", ""),
            is_example=item.get("is_example", False), status=Status.PUBLISHED,
        )  # fmt: skip
        episode_index(episode)
        created += 1
    return created

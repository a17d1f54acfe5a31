"""Tasks of the practice library: thin, with ids, safe to run twice."""

from celery import shared_task


@shared_task(name="puente.practices.tasks.search_index")
def search_index(entry_ids: list[int]) -> int:
    """Index these search entries' text as their rows now stand (after a practice,
    document or episode was saved); returns how many were indexed."""
    from puente.practices import search

    return search.index_entries(entry_ids)

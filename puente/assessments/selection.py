"""Proposing a shortlist that keeps a mix of agency types, sizes and regions
(plain data, no database)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    id: int
    score: float
    agency_type: str
    size_band: str | None
    region: str | None


def propose_shortlist(candidates: list[Candidate], size: int) -> list[int]:
    """The `size` best-scoring candidates, except that the best of each agency type,
    size band and region among the candidates gets a place first, so that a
    shortlist is never all large municipal departments of one region.
    Ties are broken by id, so the proposal is reproducible."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.id))
    chosen: list[Candidate] = []
    for attribute in ("agency_type", "region", "size_band"):
        for candidate in ranked:
            if len(chosen) >= size:
                break
            value = getattr(candidate, attribute)
            if value is None or any(getattr(c, attribute) == value for c in chosen):
                continue
            chosen.append(candidate)
    for candidate in ranked:
        if len(chosen) >= size:
            break
        if candidate not in chosen:
            chosen.append(candidate)
    return [c.id for c in sorted(chosen, key=lambda c: (-c.score, c.id))]

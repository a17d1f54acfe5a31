"""Which practices to suggest to an agency, from its weakest principles and its
profile. Plain data in, plain data out: the practices app never imports assessments."""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PracticeFacts:
    id: int
    principles: tuple[str, ...]
    suits_types: tuple[str, ...]
    suits_sizes: tuple[str, ...]
    languages: tuple[str, ...]
    run_by_size: str | None = None
    starter_kit: bool = False
    # The largest lower bound, in points, of a 95% interval from the evidence across
    # agencies (practices.evidence.evidence_strength); 0 when none leaves out zero.
    evidence: float = 0.0


@dataclass(frozen=True)
class AgencyFacts:
    agency_type: str
    size_band: str | None
    languages: tuple[str, ...] = ()


@dataclass
class Suggestion:
    practice_id: int
    relevance: float
    # (reason key, values) pairs, worded by the page in the reader's language.
    reasons: list[tuple[str, dict]] = field(default_factory=list)


def recommend(
    practices: list[PracticeFacts],
    principle_scores: Mapping[str, float | None],
    agency: AgencyFacts,
    *,
    limit: int = 5,
) -> list[Suggestion]:
    """Practices ranked by how much they serve the agency's weakest principles
    (a principle at 20 weighs more than one at 80), then by fit with its type,
    size and languages; among those, evidence that the practice works counts most.
    Principles scoring 80 or more do not drive suggestions."""
    weakness = {
        k: (100 - v) / 100
        for k, v in principle_scores.items()
        if v is not None and v < 80
    }
    suggestions = []
    for practice in practices:
        served = sorted(
            (p for p in practice.principles if p in weakness),
            key=lambda p: -weakness[p],
        )
        if not served:
            continue
        relevance = weakness[served[0]] + 0.25 * sum(weakness[p] for p in served[1:])
        reasons: list[tuple[str, dict]] = [
            ("principle", {"principle": p, "score": round(principle_scores[p])})
            for p in served[:2]
        ]
        if agency.agency_type in practice.suits_types:
            relevance += 0.15
            reasons.append(("type", {}))
        if agency.size_band and agency.size_band in practice.suits_sizes:
            relevance += 0.15
            reasons.append(("size", {}))
        if practice.run_by_size and practice.run_by_size == agency.size_band:
            relevance += 0.1
            reasons.append(("run_by_size", {}))
        shared = [code for code in practice.languages if code in agency.languages]
        if shared:
            relevance += 0.1
            reasons.append(("languages", {"languages": shared}))
        if practice.starter_kit:
            relevance += 0.05
            reasons.append(("starter", {}))
        if practice.evidence > 0:
            relevance += 0.3 + min(practice.evidence, 10) / 50
            reasons.insert(0, ("evidence", {"low": practice.evidence}))
        suggestions.append(Suggestion(practice.id, round(relevance, 3), reasons))
    suggestions.sort(key=lambda s: (-s.relevance, s.practice_id))
    return suggestions[:limit]

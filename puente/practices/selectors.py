from django.utils.formats import number_format
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.lib.languages import language_name
from puente.lib.sizes import size_band
from puente.practices.evidence import evidence_strength
from puente.practices.models import Practice, Status
from puente.practices.recommendations import AgencyFacts, PracticeFacts, recommend
from puente.principles.models import Principle


def practice_recommendations(
    *, agency: Agency, principle_scores: dict, limit: int = 5
) -> list[dict]:
    """Published practices suggested for `agency` given its scores, each with its
    practice and the reasons in the active language."""
    practices = {
        p.pk: p
        for p in Practice.objects.filter(status=Status.PUBLISHED)
        .select_related("agency")
        .prefetch_related("texts")
    }
    strength = evidence_strength(list(practices))
    facts = [
        PracticeFacts(
            id=p.pk,
            principles=tuple(p.principles),
            suits_types=tuple(p.suits_types),
            suits_sizes=tuple(p.suits_sizes),
            languages=tuple(p.languages),
            run_by_size=size_band(p.agency.population_served) if p.agency else None,
            starter_kit=p.starter_kit,
            evidence=strength.get(p.pk, 0.0),
        )  # fmt: skip
        for p in practices.values()
    ]
    profile = AgencyFacts(
        agency.agency_type,
        size_band(agency.population_served),
        tuple(agency.community_languages),
    )
    names = {p.key: p.name for p in Principle.objects.with_texts()}
    result = []
    for suggestion in recommend(facts, principle_scores, profile, limit=limit):
        reasons = []
        for key, values in suggestion.reasons:
            if key == "principle":
                reasons.append(
                    _("serves %(principle)s, where you scored %(score)d")
                    % {
                        "principle": names.get(
                            values["principle"], values["principle"]
                        ),
                        "score": values["score"],
                    }
                )
            elif key == "evidence":
                reasons.append(
                    _(
                        "evidence across agencies: its 95%% interval starts %(low)s points above no change"
                    )
                    % {"low": number_format(round(values["low"], 1), decimal_pos=1)}
                )
            elif key == "type":
                reasons.append(_("suits agencies of your type"))
            elif key == "size":
                reasons.append(_("suits agencies of your size"))
            elif key == "run_by_size":
                reasons.append(_("run by an agency of your size"))
            elif key == "languages":
                reasons.append(
                    _("serves %(languages)s, spoken in your community")
                    % {
                        "languages": ", ".join(
                            language_name(c) for c in values["languages"]
                        )
                    }
                )
            elif key == "starter":
                reasons.append(
                    _("part of the starter kit: it can begin with two hours a week")
                )
        result.append(
            {
                "practice": practices[suggestion.practice_id],
                "reasons": reasons,
                "relevance": suggestion.relevance,
            }
        )
    return result

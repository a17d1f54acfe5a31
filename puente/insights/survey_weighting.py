"""The trust survey weighted to the community: each quarter's answers raked to the
language-spoken-at-home margins of the agency's loaded ACS tables (C16001/B16001) and,
when loaded, to its adults by age band (B01001).

Figures are shown only for quarters with at least the small-cell threshold of real
respondents: weighting changes the shares, never the count that decides suppression.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from puente.agencies.models import Agency
from puente.insights.weighting import rake, weighted_share
from puente.language_access.selectors import jurisdictions_for_agency
from puente.lib.quarters import Quarter
from puente.lib.suppression import is_publishable
from puente.portal.models import SurveyResponse
from puente.portal.survey import AGE_BANDS, AGREE, HOME_LANGUAGES, QUESTION_KEYS

# ACS C16001/B16001 label words -> the survey's home-language key. Groups that match
# none (other Indo-European, Slavic, other Asian, other and unspecified) are "other".
_LABEL_KEYS = [
    ("spanish", "es"), ("french", "fr"), ("haitian", "fr"), ("cajun", "fr"),
    ("german", "de"), ("korean", "ko"), ("chinese", "zh"), ("mandarin", "zh"),
    ("cantonese", "zh"), ("vietnamese", "vi"), ("tagalog", "tl"), ("filipino", "tl"),
    ("arabic", "ar"),
]  # fmt: skip


def home_language_margins(*, agency: Agency) -> dict[str, float]:
    """Residents 5 and over by the survey's home-language groups, summed over the
    agency's jurisdictions; English only is the population less every other group.
    Empty when no ACS table is loaded."""
    margins: dict[str, float] = defaultdict(float)
    for jurisdiction in jurisdictions_for_agency(agency=agency):
        others = 0
        for figure in jurisdiction.figures.all():
            if not figure.speakers:
                continue
            label = figure.label.lower()
            if "only english" in label or label.startswith("english"):
                continue
            key = next((k for word, k in _LABEL_KEYS if word in label), "other")
            margins[key] += figure.speakers
            others += figure.speakers
        margins["en"] += max(jurisdiction.population_5_plus - others, 0)
    return {k: v for k, v in margins.items() if k in HOME_LANGUAGES and v > 0}


def age_margins(*, agency: Agency) -> dict[str, float]:
    """Adults by the survey's age bands (ACS B01001), summed over the agency's
    jurisdictions. A geography with a suppressed band is left out whole (its other
    bands alone would tilt the shares); empty when no B01001 is loaded for them."""
    from puente.language_access.models import AgeFigure

    geoids = {j.geoid for j in jurisdictions_for_agency(agency=agency)}
    by_geoid: dict[str, dict[str, int | None]] = defaultdict(dict)
    for geoid, band, people in AgeFigure.objects.filter(
        agency=agency, geoid__in=geoids
    ).values_list("geoid", "band", "people"):
        by_geoid[geoid][band] = people
    margins: dict[str, float] = defaultdict(float)
    for bands in by_geoid.values():
        if any(bands.get(band) is None for band in AGE_BANDS):
            continue
        for band in AGE_BANDS:
            margins[band] += bands[band]
    return {k: v for k, v in margins.items() if v > 0}


@dataclass
class WeightedQuarter:
    quarter: str
    respondents: int
    suppressed: bool
    told_language: int = 0
    told_age: int = 0
    design_effect: float | None = None
    effective_n: float | None = None
    # question -> (unweighted %, weighted %)
    shares: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)

    @property
    def cells(self) -> list[tuple[float | None, float | None]]:
        """The shares in the order of the survey's questions."""
        return [self.shares.get(key, (None, None)) for key in QUESTION_KEYS]


def weighted_survey(*, agency: Agency, quarters: int = 8) -> tuple[dict, list]:
    """({"language": margins, "age": margins} as far as loaded, one WeightedQuarter per
    recent quarter, oldest first)."""
    margins = {
        dimension: found
        for dimension, found in (
            ("language", home_language_margins(agency=agency)),
            ("age", age_margins(agency=agency)),
        )
        if found
    }
    rows = defaultdict(list)
    for row in SurveyResponse.objects.filter(agency=agency).values(
        "quarter", "home_language", "age_band", *QUESTION_KEYS
    ):
        rows[row["quarter"]].append(row)
    recent = sorted(rows, key=Quarter.parse)[-quarters:]
    result = []
    for quarter in recent:
        people = rows[quarter]
        item = WeightedQuarter(quarter, len(people), not is_publishable(len(people)))
        result.append(item)
        if item.suppressed:
            continue
        item.told_language = sum(1 for p in people if p["home_language"])
        item.told_age = sum(1 for p in people if p["age_band"])
        weights = rake(
            [
                {"language": p["home_language"] or None, "age": p["age_band"] or None}
                for p in people
            ],
            margins,
        )
        item.design_effect = weights.design_effect
        item.effective_n = weights.effective_n
        for key in QUESTION_KEYS:
            answers = [None if p[key] is None else p[key] in AGREE for p in people]
            plain = weighted_share(answers, [1.0] * len(people))
            weighted = weighted_share(answers, weights.weights)
            item.shares[key] = (
                None if plain is None else 100 * plain,
                None if weighted is None else 100 * weighted,
            )
    return margins, result

"""The US DOJ safe harbor for written translation (67 FR 41455, 2002), as plain Python.

Per language group: LEP persons are those 5 and over who speak English less than "very well".
Vital documents are translated for each group that is 5% or 1,000 persons, whichever is less,
of the population eligible to be served (the population 5 and over). A group that meets the 5%
trigger with fewer than 50 persons gets a written notice, in its language, of the right to free
oral interpretation instead. Every other group gets oral interpretation on request.

The figures are settings (see `SafeHarbor.from_settings`). Several geographies are summed, with
margins of error combined as the square root of the sum of squares (the Census Bureau's
approximation). No database.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import StrEnum

from puente.language_access.census import Estimate, Geography, LanguageGroup

LESS_THAN_VERY_WELL = "less-than-very-well"
ALL_SPEAKERS = "all-speakers"
LEP_DEFINITIONS = (LESS_THAN_VERY_WELL, ALL_SPEAKERS)


class Outcome(StrEnum):
    TRANSLATE = "translate"
    NOTICE = "notice"
    ORAL = "oral"


_RANK = {Outcome.ORAL: 0, Outcome.NOTICE: 1, Outcome.TRANSLATE: 2}


@dataclass(frozen=True)
class SafeHarbor:
    share: Decimal = Decimal("0.05")
    persons: int = 1000
    notice_min: int = 50
    lep_definition: str = LESS_THAN_VERY_WELL

    @classmethod
    def from_settings(cls) -> "SafeHarbor":
        from django.conf import settings

        return cls(
            share=Decimal(str(settings.PUENTE_SAFE_HARBOR_SHARE)),
            persons=settings.PUENTE_SAFE_HARBOR_PERSONS,
            notice_min=settings.PUENTE_SAFE_HARBOR_NOTICE_MIN,
            lep_definition=settings.PUENTE_LEP_DEFINITION,
        )

    def threshold(self, population: int) -> Decimal:
        """The LEP count at which written translation starts: min(share × population, persons)."""
        return min(self.share * population, Decimal(self.persons))

    def outcome(self, lep: float, population: int) -> Outcome:
        if Decimal(str(lep)) < self.threshold(population):
            return Outcome.ORAL
        if lep < self.notice_min:
            return Outcome.NOTICE
        return Outcome.TRANSLATE

    def is_near_threshold(self, lep: int, moe: int, population: int) -> bool:
        """Whether a threshold lies within lep ± moe, i.e. the outcome at the low end of the
        interval differs from the outcome at the high end."""
        low = self.outcome(max(lep - moe, 0), population)
        high = self.outcome(lep + moe, population)
        return low != high


# --- Language groups ------------------------------------------------------------------

# Census group labels that are one language, and its ISO 639 code. Labels of every release
# since 2009 (B16001 before and after 2016, C16001), compared without case or punctuation.
_SINGLE_LANGUAGES = {
    "spanish": "es",
    "spanish or spanish creole": "es",
    "french": "fr",
    "french incl cajun": "fr",
    "french incl patois cajun": "fr",
    "haitian": "ht",
    "french creole": "ht",
    "italian": "it",
    "portuguese": "pt",
    "portuguese or portuguese creole": "pt",
    "german": "de",
    "yiddish": "yi",
    "greek": "el",
    "russian": "ru",
    "polish": "pl",
    "armenian": "hy",
    "persian": "fa",
    "persian incl farsi dari": "fa",
    "gujarati": "gu",
    "hindi": "hi",
    "urdu": "ur",
    "punjabi": "pa",
    "bengali": "bn",
    "telugu": "te",
    "tamil": "ta",
    "chinese": "zh",
    "chinese incl mandarin cantonese": "zh",
    "japanese": "ja",
    "korean": "ko",
    "hmong": "hmn",
    "miao hmong": "hmn",
    "vietnamese": "vi",
    "khmer": "km",
    "mon khmer cambodian": "km",
    "laotian": "lo",
    "thai": "th",
    "tagalog": "tl",
    "tagalog incl filipino": "tl",
    "arabic": "ar",
    "hebrew": "he",
    "hungarian": "hu",
    "navajo": "nv",
}
# Labels that look like one language but are not for a translator: Serbo-Croatian needs a
# choice between Bosnian, Croatian and Serbian that only local knowledge can make.
_KNOWN_AGGREGATES = {"serbo croatian"}
_GROUP_WORDS = re.compile(r"\bother\b|\bunspecified\b|\bor\b|\blanguages\b|,")


def _key(label: str) -> str:
    return " ".join(re.sub(r"[^a-z ]+", " ", label.casefold()).split())


def is_aggregate_group(label: str) -> bool:
    """True for groups that are not one language ("Other Asian and Pacific Island languages")."""
    key = _key(label)
    if key in _SINGLE_LANGUAGES:
        return False
    return key in _KNOWN_AGGREGATES or bool(_GROUP_WORDS.search(label.casefold()))


def language_code(label: str) -> str | None:
    """The ISO 639 code of a group that is one language, else None."""
    return _SINGLE_LANGUAGES.get(_key(label))


# --- Analysis -------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupResult:
    label: str
    speakers: int | None
    lep: int | None
    lep_moe: int | None
    share_of_population: float | None
    outcome: str | None
    is_aggregate_group: bool
    near_threshold: bool | None
    language: str | None

    @property
    def is_gap(self) -> bool:
        return self.lep is None

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["language"]
        return data


@dataclass(frozen=True)
class Analysis:
    geoids: list[str]
    name: str
    table: str
    vintage: int | None
    population_5_plus: int | None
    lep_total: int | None
    groups: list[GroupResult]
    threshold: Decimal | None

    def as_dict(self) -> dict:
        """Exactly the report's keys, in the report's order."""
        return {
            "geoids": self.geoids,
            "name": self.name,
            "table": self.table,
            "vintage": self.vintage,
            "population_5_plus": self.population_5_plus,
            "lep_total": self.lep_total,
            "groups": [group.as_dict() for group in self.groups],
        }


def combine(estimates: Sequence[Estimate]) -> Estimate:
    """The sum of several estimates, MOE = sqrt(sum of squared MOEs); a gap if any is a gap."""
    if not estimates or any(e.value is None for e in estimates):
        return Estimate()
    value = sum(e.value for e in estimates)
    if any(e.moe is None for e in estimates):
        return Estimate(value=value)
    moe = math.sqrt(sum(e.moe**2 for e in estimates))
    return Estimate(
        value=value, moe=int(Decimal(moe).quantize(Decimal(1), "ROUND_HALF_UP"))
    )


def combine_geographies(geographies: Sequence[Geography]) -> Geography:
    """One geography whose figures are the sums of these (same table and vintage)."""
    first = geographies[0]
    labels = list(dict.fromkeys(g.label for geo in geographies for g in geo.groups))
    groups = []
    for label in labels:
        parts = [
            next(
                (g for g in geo.groups if g.label == label), LanguageGroup(label=label)
            )
            for geo in geographies
        ]
        groups.append(
            LanguageGroup(
                label=label,
                speakers=combine([p.speakers for p in parts]),
                very_well=combine([p.very_well for p in parts]),
                lep=combine([p.lep for p in parts]),
            )
        )
    return Geography(
        geoid="+".join(g.geoid for g in geographies),
        name=" + ".join(g.name for g in geographies)
        if len(geographies) > 1
        else first.name,
        population_5_plus=combine([g.population_5_plus for g in geographies]),
        english_only=combine([g.english_only for g in geographies]),
        groups=groups,
    )


def analyse(
    geographies: Sequence[Geography],
    *,
    table: str,
    vintage: int | None,
    rule: SafeHarbor | None = None,
) -> Analysis:
    """The safe-harbor outcome of every language group of these geographies, summed.

    A group with a suppressed cell is kept with None figures and no outcome: a gap, never 0.
    Groups are sorted by LEP persons, largest first, gaps last.
    """
    rule = rule or SafeHarbor()
    combined = combine_geographies(geographies)
    population = combined.population_5_plus.value
    results = []
    for group in combined.groups:
        counted = group.speakers if rule.lep_definition == ALL_SPEAKERS else group.lep
        lep, moe = counted.value, counted.moe
        outcome = near = share = None
        if lep is not None and population:
            outcome = rule.outcome(lep, population).value
            share = round(lep / population, 6)
            near = (
                rule.is_near_threshold(lep, moe, population)
                if moe is not None
                else None
            )
        results.append(
            GroupResult(
                label=group.label,
                speakers=group.speakers.value,
                lep=lep,
                lep_moe=moe,
                share_of_population=share,
                outcome=outcome,
                is_aggregate_group=is_aggregate_group(group.label),
                near_threshold=near,
                language=language_code(group.label),
            )
        )
    results.sort(key=lambda r: (r.lep is None, -(r.lep or 0), r.label))
    leps = [r.lep for r in results]
    return Analysis(
        geoids=[g.geoid for g in geographies],
        name=combined.name,
        table=table,
        vintage=vintage,
        population_5_plus=population,
        lep_total=None if None in leps or not leps else sum(leps),
        groups=results,
        threshold=rule.threshold(population) if population else None,
    )


def outcome_rank(outcome: str | None) -> int:
    return _RANK.get(Outcome(outcome), -1) if outcome else -1

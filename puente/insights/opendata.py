"""The campaign's aggregate tables as open data: the same figures, merged and suppressed
the same way, as the pages show. Column names are stable identifiers; their meaning, in
the reader's language, is in the data dictionary."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from puente.insights.selectors import MapData, Trends

TABLES = ("principles", "key_answers", "perception_gap", "response_rates")


def _cells(cells) -> Iterator:
    for cell in cells:
        if cell.merged_into:
            continue
        yield cell


def table_rows(
    name: str, trends: Trends, map_data: MapData
) -> tuple[list[str], list[list[Any]]]:
    """(columns, rows) of one table."""
    slug = trends.campaign.slug
    if name == "principles":
        columns = [
            "campaign",
            "principle",
            "n",
            "suppressed",
            "mean",
            "median",
            "q1",
            "q3",
        ]
        rows = [
            [slug, p.key, s.n, s.suppressed, s.mean, s.median, s.q1, s.q3]
            for p in trends.principles
            for s in [p.summary]
        ]
        s = trends.composite
        rows.append(
            [slug, "composite", s.n, s.suppressed, s.mean, s.median, s.q1, s.q3]
        )
        return columns, rows
    if name == "key_answers":
        columns = [
            "campaign",
            "key_answer",
            "item",
            "dimension",
            "cell",
            "merged_cells",
            "n",
            "yes",
            "share",
            "suppressed",
        ]
        rows = []
        for answer in trends.key_answers:
            if not answer.asked:
                continue
            overall = answer.overall
            rows.append(
                [
                    slug,
                    answer.key,
                    answer.item,
                    "all",
                    "all",
                    "",
                    overall.n,
                    overall.yes,
                    overall.share,
                    overall.suppressed,
                ]
            )
            for dimension, breakdown in answer.breakdowns.items():
                for cell in _cells(breakdown.cells):
                    rows.append([
                        slug, answer.key, answer.item, dimension, cell.key, " ".join(cell.members),
                        cell.n, cell.yes, cell.share, cell.suppressed,
                    ])  # fmt: skip
        return columns, rows
    if name == "perception_gap":
        columns = [
            "campaign",
            "principle",
            "n",
            "suppressed",
            "police_mean",
            "partner_mean",
            "gap",
            "p_value",
        ]
        rows = [
            [
                slug,
                g.principle,
                g.n,
                g.suppressed,
                g.police,
                g.partner,
                g.gap,
                g.p_value,
            ]
            for _name, g in trends.gap
        ]
        return columns, rows
    if name == "response_rates":
        columns = [
            "campaign",
            "state",
            "merged_states",
            "invited",
            "responded",
            "rate",
            "suppressed",
        ]
        rows = [
            [
                slug,
                cell.key,
                " ".join(cell.members),
                cell.n,
                cell.yes,
                cell.share,
                cell.suppressed,
            ]
            for cell in _cells(map_data.states)
        ]
        return columns, rows
    raise KeyError(name)


def dictionary() -> list[tuple[str, str, str]]:
    """(table, column, meaning) for every column of every table."""
    merged = _(
        "Empty when the figure is suppressed: the group has fewer agencies than the small-cell threshold."
    )
    return [
        ("*", "campaign", _("The campaign's short name.")),
        ("*", "suppressed", _("true when the figures of this row are not shown because they cover too few agencies.")),
        ("principles", "principle", _("The principle's key, or \"composite\" for the mean of all principles.")),
        ("principles", "n", _("Agencies with a score for the principle (from their police respondents).")),
        ("principles", "mean", _("Mean score, 0 to 100.")),
        ("principles", "median", _("Median score, 0 to 100.")),
        ("principles", "q1", _("First quartile of the scores (inclusive method, as QUARTILE.INC).")),
        ("principles", "q3", _("Third quartile of the scores (inclusive method, as QUARTILE.INC).")),
        ("key_answers", "key_answer", _("Which key answer: written_policy, separation_policy, liaison, translated_materials, language_training, advisory_board.")),
        ("key_answers", "item", _("The questionnaire item it is read from (asked of command staff).")),
        ("key_answers", "dimension", _("The breakdown: all, type, size, region or state.")),
        ("key_answers", "cell", _("The group within the breakdown; \"merged\" (or \"merged:REGION\" for states) for small groups put together.")),
        ("key_answers", "merged_cells", _("For a merged row, the groups it holds, separated by spaces.")),
        ("key_answers", "n", _("Agencies in the group that answered the item (\"don't know\" left out). ") + merged),
        ("key_answers", "yes", _("Of them, agencies with the practice. ") + merged),
        ("key_answers", "share", _("yes divided by n, 0 to 1.")),
        ("perception_gap", "n", _("Agencies scored by both their police and their community partners.")),
        ("perception_gap", "p_value", _("Wilcoxon signed-rank test that police and partners score the principle alike, over the agencies' paired scores (empty when every difference is zero or the row is suppressed).")),
        ("perception_gap", "police_mean", _("Mean police score of those agencies, 0 to 100.")),
        ("perception_gap", "partner_mean", _("Mean community-partner score of the same agencies, 0 to 100.")),
        ("perception_gap", "gap", _("police_mean minus partner_mean.")),
        ("response_rates", "state", _("The state's postal abbreviation, or \"merged\" for states with few invited agencies put together.")),
        ("response_rates", "merged_states", _("For the merged row, the states it holds.")),
        ("response_rates", "invited", _("Agencies invited to the campaign. ") + merged),
        ("response_rates", "responded", _("Of them, agencies with at least one submitted police response. ") + merged),
        ("response_rates", "rate", _("responded divided by invited, 0 to 1.")),
    ]  # fmt: skip

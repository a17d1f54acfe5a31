"""How a questionnaire is split into pages for one respondent (plain data)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from puente.assessments.scoring import Scorer
from puente.lib.languages import localized


@dataclass
class Page:
    section_id: str
    title: str
    items: list[dict] = field(default_factory=list)
    # item id -> (label of the item it depends on, labels of the answers that show it)
    conditions: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


def response_pages(
    spec: Mapping[str, Any],
    respondent_type: str,
    answers: Mapping[str, Any],
    language: str,
) -> list[Page]:
    """The pages the respondent sees, in order. An item that depends on an answer on
    an earlier page appears only when that answer shows it; one that depends on an
    answer on the same page is shown with its condition, since the page cannot change
    without JavaScript."""
    scorer = Scorer(spec)
    items = {item["id"]: item for item in spec["items"]}
    titles = {s["id"]: localized(s["title"], language) for s in spec["sections"]}
    pages: dict[str, Page] = {}
    for item in spec["items"]:
        if respondent_type not in item["respondent_types"]:
            continue
        section = item["section"]
        relevant = item.get("relevant")
        page = pages.get(section) or Page(section, titles.get(section, section))
        if relevant:
            target = items[relevant["item"]]
            same_page = target["section"] == section and any(
                i["id"] == target["id"] for i in page.items
            )
            if same_page:
                labels = {
                    o["value"]: localized(o["label"], language)
                    for o in target.get("options", [])
                }
                page.conditions[item["id"]] = (
                    localized(target["label"], language),
                    [labels.get(v, v) for v in relevant["in"]],
                )
            elif not scorer.is_asked(item["id"], answers, respondent_type):
                continue
        page.items.append(item)
        pages[section] = page
    return [pages[s["id"]] for s in spec["sections"] if s["id"] in pages]

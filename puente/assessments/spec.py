"""The instrument specification: a plain-data description of a questionnaire.

It is the format of `puente assessment instrument --format json`, of the files in
`data/`, and what the XLSForm converter reads and writes. `validate(spec)`
returns every problem found; an empty list means the spec can be loaded.

    {
      "slug": "puente-national", "version": 1,
      "title": {"en": "...", "es": "..."},
      "principles": ["root-causes", ...],            # the keys scored
      "weights": {"root-causes": 1.0, ...},          # for the composite
      "respondent_types": ["command", "line", "civilian", "partner"],
      "sections": [{"id": "encounters", "title": {"en": ..., "es": ...}}],
      "items": [{
        "id": "enc_frequency", "section": "encounters",
        "type": "single" | "multiple" | "yesno" | "number" | "text",
        "label": {"en": ..., "es": ...}, "hint": {...} (optional),
        "rationale": {"en": ..., "es": ...},
        "respondent_types": ["command", "line"],
        "required": true,
        "relevant": {"item": "other_id", "in": ["yes"]}  or null,
        "compares_with": "police_item_id" or null,    # partner items only
        "options": [{"value": "weekly", "label": {...},
                     "points": {"broad-outreach": 2}}],  # choice items
        "min": 0, "max": 100000                          # number items
      }]
    }

A yes/no item has exactly the options "yes" and "no". Points are whole or
decimal numbers >= 0; an item's worst answer should carry 0 points so that
scores span 0 to 100.
"""

import re
from typing import Any

ITEM_TYPES = ("single", "multiple", "yesno", "number", "text")
CHOICE_TYPES = ("single", "multiple", "yesno")
RESPONDENT_TYPES = ("command", "line", "civilian", "partner")
REQUIRED_LANGUAGES = ("en", "es")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")


def _labels(
    problems: list[str], where: str, labels: Any, *, required: bool = True
) -> None:
    if labels is None and not required:
        return
    if not isinstance(labels, dict):
        problems.append(f"{where}: must be a map from language code to text")
        return
    for language in REQUIRED_LANGUAGES:
        if not str(labels.get(language, "")).strip():
            problems.append(f"{where}: no {language} text")


def validate(
    spec: dict[str, Any], *, principle_keys: set[str] | None = None
) -> list[str]:
    problems: list[str] = []
    if not isinstance(spec.get("slug"), str) or not _VALUE.match(spec.get("slug", "")):
        problems.append("slug: lower-case letters, digits, '-' or '_'")
    if not isinstance(spec.get("version"), int) or spec["version"] < 1:
        problems.append("version: a whole number from 1")
    _labels(problems, "title", spec.get("title"))
    principles = spec.get("principles") or []
    if principle_keys is not None:
        unknown = set(principles) - principle_keys
        if unknown:
            problems.append(f"principles: unknown keys {sorted(unknown)}")
    weights = spec.get("weights") or {}
    for key, weight in weights.items():
        if key not in principles:
            problems.append(f"weights: {key} is not one of the instrument's principles")
        elif not isinstance(weight, int | float) or weight < 0:
            problems.append(f"weights: {key} must be a number >= 0")
    respondent_types = spec.get("respondent_types") or []
    for kind in respondent_types:
        if kind not in RESPONDENT_TYPES:
            problems.append(f"respondent_types: unknown type {kind!r}")
    sections = {s.get("id") for s in spec.get("sections") or []}
    for section in spec.get("sections") or []:
        if not _ID.match(str(section.get("id", ""))):
            problems.append(f"section {section.get('id')!r}: bad id")
        _labels(problems, f"section {section.get('id')}: title", section.get("title"))

    seen: dict[str, dict] = {}
    max_points = dict.fromkeys(principles, 0.0)
    for position, item in enumerate(spec.get("items") or [], start=1):
        item_id = str(item.get("id", ""))
        where = f"item {item_id or position}"
        if not _ID.match(item_id):
            problems.append(f"{where}: id must be snake_case, starting with a letter")
        if item_id in seen:
            problems.append(f"{where}: the id is used twice")
        kind = item.get("type")
        if kind not in ITEM_TYPES:
            problems.append(f"{where}: type must be one of {', '.join(ITEM_TYPES)}")
        if item.get("section") not in sections:
            problems.append(f"{where}: section {item.get('section')!r} is not defined")
        _labels(problems, f"{where}: label", item.get("label"))
        _labels(problems, f"{where}: hint", item.get("hint"), required=False)
        _labels(problems, f"{where}: rationale", item.get("rationale"))
        kinds = item.get("respondent_types") or []
        if not kinds or any(k not in respondent_types for k in kinds):
            problems.append(
                f"{where}: respondent_types must name the instrument's types"
            )
        relevant = item.get("relevant")
        if relevant:
            target = seen.get(relevant.get("item"))
            if target is None:
                problems.append(
                    f"{where}: relevant refers to {relevant.get('item')!r}, which is not an earlier item"
                )
            elif target.get("type") not in CHOICE_TYPES:
                problems.append(f"{where}: relevant must refer to a choice item")
            else:
                values = {o["value"] for o in target.get("options", [])}
                if not relevant.get("in") or not set(relevant["in"]) <= values:
                    problems.append(
                        f"{where}: relevant values must be options of {target['id']}"
                    )
        compares = item.get("compares_with")
        if compares and compares not in seen:
            problems.append(
                f"{where}: compares_with refers to {compares!r}, which is not an earlier item"
            )
        if kind in CHOICE_TYPES:
            options = item.get("options") or []
            values = [str(o.get("value", "")) for o in options]
            if kind == "yesno" and sorted(values) != ["no", "yes"]:
                problems.append(f"{where}: a yes/no item has the options yes and no")
            if len(options) < 2:
                problems.append(f"{where}: a choice item needs at least two options")
            if len(set(values)) != len(values):
                problems.append(f"{where}: option values repeat")
            per_principle: dict[str, list[float]] = {}
            for option in options:
                if not _VALUE.match(str(option.get("value", ""))):
                    problems.append(
                        f"{where}: option value {option.get('value')!r} is not a simple code"
                    )
                _labels(
                    problems,
                    f"{where}: option {option.get('value')}",
                    option.get("label"),
                )
                for key, points in (option.get("points") or {}).items():
                    if key not in principles:
                        problems.append(
                            f"{where}: points for unknown principle {key!r}"
                        )
                    elif not isinstance(points, int | float) or points < 0:
                        problems.append(f"{where}: points must be numbers >= 0")
                    else:
                        per_principle.setdefault(key, []).append(points)
            for key, values_ in per_principle.items():
                best = sum(values_) if kind == "multiple" else max(values_)
                max_points[key] = max_points.get(key, 0) + best
        elif kind == "number":
            low, high = item.get("min"), item.get("max")
            if not isinstance(low, int) or not isinstance(high, int) or low > high:
                problems.append(f"{where}: a number item needs whole-number min <= max")
        if item.get("options") and kind not in CHOICE_TYPES:
            problems.append(f"{where}: only choice items have options")
        seen[item_id] = item
    for key in principles:
        if not max_points.get(key):
            problems.append(f"principle {key}: no item gives it any points")
    return problems

"""Checking answers against an instrument's items (plain data, no database)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from puente.assessments.scoring import Scorer
from puente.lib.languages import localized


class AnswerError(ValueError):
    pass


def clean_answer(item: Mapping[str, Any], raw: Any) -> Any:
    """The stored form of `raw` for `item`, or AnswerError. Empty means unanswered (None)."""
    kind = item["type"]
    if raw is None or raw == "" or raw == []:
        return None
    if kind in ("single", "yesno"):
        values = {str(o["value"]) for o in item["options"]}
        if isinstance(raw, list | tuple):
            raise AnswerError(_("Choose only one answer."))
        if str(raw) not in values:
            raise AnswerError(
                _("%(answer)r is not one of the choices (%(choices)s).")
                % {"answer": raw, "choices": ", ".join(sorted(values))}
            )
        return str(raw)
    if kind == "multiple":
        chosen = raw.split() if isinstance(raw, str) else [str(v) for v in raw]
        values = [str(o["value"]) for o in item["options"]]
        unknown = [c for c in chosen if c not in values]
        if unknown:
            raise AnswerError(
                _("%(answer)s is not one of the choices (%(choices)s).")
                % {"answer": ", ".join(unknown), "choices": ", ".join(values)}
            )
        return [v for v in values if v in set(chosen)]
    if kind == "number":
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise AnswerError(_("Enter a whole number.")) from None
        if not item["min"] <= number <= item["max"]:
            raise AnswerError(
                _("Enter a number from %(min)s to %(max)s.")
                % {"min": item["min"], "max": item["max"]}
            )
        return number
    text = str(raw).strip()
    if len(text) > 5000:
        raise AnswerError(_("Keep the answer under 5,000 characters."))
    return text or None


def clean_answers(
    spec: Mapping[str, Any], raw: Mapping[str, Any], respondent_type: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """(cleaned answers, errors by item id) for the items in `raw`."""
    items = {item["id"]: item for item in spec["items"]}
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for item_id, value in raw.items():
        item = items.get(item_id)
        if item is None:
            errors[item_id] = _(
                "There is no question %(item)s in this questionnaire."
            ) % {"item": item_id}
            continue
        if respondent_type not in item["respondent_types"]:
            errors[item_id] = _("This question is not asked of this respondent.")
            continue
        try:
            cleaned[item_id] = clean_answer(item, value)
        except AnswerError as exc:
            errors[item_id] = str(exc)
    return cleaned, errors


def missing_required(
    spec: Mapping[str, Any], answers: Mapping[str, Any], respondent_type: str
) -> list[str]:
    """Required items the respondent is asked (after skip logic) and has not answered."""
    scorer = Scorer(spec)
    return [
        item["id"]
        for item in spec["items"]
        if item.get("required")
        and scorer.is_asked(item["id"], answers, respondent_type)
        and answers.get(item["id"]) in (None, "", [])
    ]


def answer_text(item: dict, value: Any, language: str) -> str:
    """An answer as words: the chosen options' labels in `language`, else the value."""
    if value in (None, "", []):
        return ""
    labels = {
        o["value"]: localized(o["label"], language) for o in item.get("options") or []
    }
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(value, str(value))

"""A NumPy reference of the campaign scoring rubric: the yardstick for `campaign_score`.

Written apart from `puente.assessments.scoring` on purpose (it shares no code with it), from
the rubric as the instrument spec and `docs` state it:

- an item counts for a respondent when the item is asked of their respondent type and, if it
  has skip logic, the item it depends on counts too and one of the listed options was chosen;
- per principle, an item can earn at most its best answer's points (single and yes/no: the
  best option; multiple: the sum of the options); what the chosen options give is capped at that;
- a response's principle score is 100 x earned / possible over the items that count, rounded
  to one decimal (None when nothing possible); an agency's group score is the mean of its
  responses' scores (those that have one), rounded to one decimal; the composite is the
  weighted mean of the group's principle scores (zero-weight principles left out).

Police respondent types count in the police group and in their own type's group; the others
(partners) in the partner group.
"""

import json
import math

POLICE = ("command", "line", "civilian")


def fetch_rows(connection, campaign_id: int) -> list[tuple[int, str, dict]]:
    """(agency id, respondent type, answers) of the campaign's submitted responses, read
    with one plain SQL query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT agency_id, respondent_type, answers FROM assessments_response "
            "WHERE campaign_id = %s AND status = 'submitted'",
            [campaign_id],
        )
        return [
            (a, t, json.loads(x) if isinstance(x, str | bytes) else x)
            for a, t, x in cursor.fetchall()
        ]


def _py_round(np, values):
    # Python's round() to one decimal (the correctly rounded decimal), applied to each
    # distinct value: NumPy's round multiplies by ten first and differs on halves like 0.35.
    flat = values.ravel()
    uniq, inverse = np.unique(flat, return_inverse=True)
    rounded = np.array([round(v, 1) for v in uniq.tolist()], dtype=float)
    return rounded[inverse].reshape(values.shape)


def reference_scores(spec: dict, rows: list[tuple[int, str, dict]]) -> dict:
    """{(agency_id, group): (principle_scores, composite, responses)} for `rows`."""
    import numpy as np

    principles = list(spec["principles"])
    k = len(principles)
    where = {p: j for j, p in enumerate(principles)}
    weight_of = spec.get("weights") or {}
    weights = np.array([float(weight_of.get(p, 1)) for p in principles])
    n = len(rows)
    kinds = np.array([t for _a, t, _x in rows], dtype=object)
    items = spec["items"]
    position = {item["id"]: i for i, item in enumerate(items)}

    chosen = []  # per item: (n, options) bool, the options each response chose
    for item in items:
        values = [str(o["value"]) for o in item.get("options") or []]
        column = {v: c for c, v in enumerate(values)}
        picked = np.zeros((n, len(values)), dtype=bool)
        key = item["id"]
        for r, (_a, _t, answers) in enumerate(rows):
            answer = answers.get(key)
            if answer is None or answer == "":
                continue
            for v in answer if isinstance(answer, list) else (answer,):
                c = column.get(str(v))
                if c is not None:
                    picked[r, c] = True
        chosen.append(picked)

    counts = np.zeros((n, len(items)), dtype=bool)
    earned = np.zeros((n, k))
    possible = np.zeros((n, k))
    for i, item in enumerate(items):
        asked = np.isin(kinds, item.get("respondent_types") or [])
        rule = item.get("relevant")
        if rule:
            d = position[rule["item"]]
            dep_values = [str(o["value"]) for o in items[d].get("options") or []]
            wanted = [c for c, v in enumerate(dep_values) if v in set(rule["in"])]
            asked &= counts[:, d] & chosen[d][:, wanted].any(axis=1)
        counts[:, i] = asked
        points = np.zeros((len(item.get("options") or []), k))
        for c, option in enumerate(item.get("options") or []):
            for p, v in (option.get("points") or {}).items():
                points[c, where[p]] = float(v)
        if not len(points):
            continue
        best = points.sum(axis=0) if item["type"] == "multiple" else points.max(axis=0)
        best = np.maximum(best, 0.0)
        scored = best > 0
        if not scored.any():
            continue
        got = chosen[i].astype(float) @ points
        capped = np.where(scored, np.minimum(got, best), 0.0)
        # Added item by item, in the spec's order, as the rubric reads.
        earned += np.where(asked[:, None], capped, 0.0)
        possible += np.where(asked[:, None], np.where(scored, best, 0.0), 0.0)

    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(possible > 0, 100 * earned / possible, np.nan)
    per_response = _py_round(np, ratio)

    members: dict[tuple[int, str], list[int]] = {}
    for r, (agency, kind, _x) in enumerate(rows):
        groups = ("police", kind) if kind in POLICE else ("partner",)
        for g in groups:
            members.setdefault((agency, g), []).append(r)
    keys = list(members)
    means = np.full((len(keys), k), np.nan)
    for g, key in enumerate(keys):
        block = per_response[members[key]]
        for j in range(k):
            column = block[:, j]
            present = column[~np.isnan(column)]
            if len(present):
                means[g, j] = math.fsum(present.tolist()) / len(present)
    means = _py_round(np, means)
    usable = ~np.isnan(means) & (weights != 0)
    numerator = np.zeros(len(keys))
    denominator = np.zeros(len(keys))
    for j in range(k):
        numerator += np.where(usable[:, j], weights[j] * np.nan_to_num(means[:, j]), 0)
        denominator += np.where(usable[:, j], weights[j], 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        composite = _py_round(
            np, np.where(denominator != 0, numerator / denominator, np.nan)
        )
    result = {}
    for g, key in enumerate(keys):
        scores = {
            p: (None if math.isnan(means[g, j]) else float(means[g, j]))
            for j, p in enumerate(principles)
        }
        c = composite[g]
        result[key] = (
            scores,
            None if math.isnan(c) else float(c),
            len(members[key]),
        )
    return result

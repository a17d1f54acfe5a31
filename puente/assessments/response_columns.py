"""The columns of a response file, mapped to the questions of an instrument.

Files come from Puente's own template (one column per item id), from KoboToolbox and from ODK
Central. Kobo writes group paths in its headers (`agency/agy_lep_share`), ODK Central joins
them with a dash (`agency-agy_lep_share`); a multiple-choice question comes as one column of
space-separated values, as one-hot columns (`agency/agy_community_languages/spanish` holding
1 or 0), or both; and both tools add metadata columns (`start`, `_uuid`, `meta-instanceID`,
`KEY`, ...) that are no answers. Sources: KoboToolbox's "Exporting data" help ("XML values
and headers", "Include groups in headers", "Store date and number responses as...") and ODK
Central's "Submission CSV export" documentation.

Pure code: no database, no Django models.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

FIXED = ("agency", "respondent_type")
# Metadata written by KoboToolbox and ODK Central, compared case-insensitively. Any column
# under a `meta`, `formhub` or `__system` group is metadata too.
METADATA = frozenset(
    name.casefold()
    for name in (
        # XLSForm metadata questions
        "start", "end", "today", "deviceid", "username", "simserial", "subscriberid",
        "phonenumber", "audit", "instanceID", "instanceName",
        # KoboToolbox
        "_id", "_uuid", "_submission_time", "_index", "_parent_index",
        "_parent_table_name", "_validation_status", "_notes", "_status",
        "_submitted_by", "_tags", "__version__", "_version_", "_xform_id_string",
        "_attachments", "_geolocation", "_duplicates",
        # ODK Central
        "SubmissionDate", "KEY", "PARENT_KEY", "SubmitterID", "SubmitterName",
        "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
        "DeviceID", "Edits", "FormVersion",
    )
)  # fmt: skip
_METADATA_GROUPS = ("meta", "formhub", "__system")
_CHOSEN = {"1", "true", "yes", "x", "1.0"}
_NOT_CHOSEN = {"0", "false", "no", "", "0.0"}


@dataclass
class ResponseColumns:
    """Where each answer is: `direct[column] = item id` (or agency / respondent_type),
    `one_hot[column] = (item id, option value)`, the metadata columns `ignored`, and
    `unknown` columns that are none of these."""

    direct: dict[str, str] = field(default_factory=dict)
    one_hot: dict[str, tuple[str, str]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    duplicated: list[tuple[str, str]] = field(default_factory=list)

    def answers(
        self, row: Mapping[str, str], items: Mapping[str, Any]
    ) -> tuple[dict[str, str], list[tuple[str, str]]]:
        """The row's raw answers by item id (a multiple choice as space-separated values)
        and problems as (column, message)."""
        raw: dict[str, str] = {}
        problems: list[tuple[str, str]] = []
        for column, item_id in self.direct.items():
            value = str(row.get(column, "") or "").strip()
            if value:
                raw[item_id] = value
        chosen: dict[str, list[str]] = {}
        for column, (item_id, option) in self.one_hot.items():
            value = str(row.get(column, "") or "").strip().casefold()
            if value in _CHOSEN or value == option.casefold():
                chosen.setdefault(item_id, []).append(option)
            elif value not in _NOT_CHOSEN:
                problems.append(
                    (column, _("write 1 if the option was chosen, 0 if not"))
                )
        for item_id, options in chosen.items():
            order = [str(o["value"]) for o in items[item_id].get("options", [])]
            together = " ".join(o for o in order if o in options)
            if item_id in raw and set(raw[item_id].split()) != set(options):
                problems.append(
                    (
                        item_id,
                        _(
                            "the one-hot columns (%(one_hot)s) disagree with the column "
                            "of answers (%(answers)s)"
                        )
                        % {"one_hot": together, "answers": raw[item_id]},
                    )
                )
            raw.setdefault(item_id, together)
        return raw, problems


def is_metadata(column: str) -> bool:
    name = column.strip()
    first = re.split(r"[/-]", name, maxsplit=1)[0].casefold()
    return name.casefold() in METADATA or (
        first in _METADATA_GROUPS and name.casefold() != first
    )


def _known_name(segment: str, names: Iterable[str]) -> str | None:
    """`segment` itself, or the part after a group prefix joined by "-" (ODK Central)."""
    names = set(names)
    if segment in names:
        return segment
    for at in (m.start() for m in re.finditer("-", segment)):
        if segment[at + 1 :] in names:
            return segment[at + 1 :]
    return None


def response_columns(
    columns: Iterable[str], items: Mapping[str, Any]
) -> ResponseColumns:
    """Map a file's header to the instrument's items (`items` by id, as in the spec)."""
    result = ResponseColumns()
    names = set(items) | set(FIXED)
    seen: dict[str, str] = {}
    for column in columns:
        if column in names:
            target: tuple[str, str | None] | None = (column, None)
        elif is_metadata(column):
            result.ignored.append(column)
            continue
        else:
            target = _from_path(column, items, names)
        if target is None:
            result.unknown.append(column)
            continue
        item_id, option = target
        if option is None:
            if item_id in seen:
                result.duplicated.append((seen[item_id], column))
                continue
            seen[item_id] = column
            result.direct[column] = item_id
        else:
            result.one_hot[column] = (item_id, option)
    return result


def _from_path(
    column: str, items: Mapping[str, Any], names: set[str]
) -> tuple[str, str | None] | None:
    segments = column.strip().split("/")
    for at in range(len(segments) - 1, -1, -1):
        name = _known_name(segments[at], names)
        if name is None:
            continue
        rest = segments[at + 1 :]
        if not rest:
            return name, None
        item = items.get(name)
        values = {str(o["value"]) for o in (item or {}).get("options", [])}
        if (
            len(rest) == 1
            and item is not None
            and item["type"] == "multiple"
            and rest[0] in values
        ):
            return name, rest[0]
        return None
    return None

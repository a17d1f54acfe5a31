"""Loading the FBI Crime Data Explorer agency list into the registry.

The whole file is read and checked before anything is written; one bad row
stops the import with every problem listed by line, and nothing is stored.
"""

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.audit.models import AuditEvent
from puente.audit.services import record
from puente.lib import versioned_cache
from puente.lib.spreadsheets import SpreadsheetError, TextFormat, decode_csv

FBI_SOURCE = (
    "FBI Crime Data Explorer agency list (via R4DS TidyTuesday, 2025-02-18); "
    "US government data, public domain."
)
REQUIRED_COLUMNS = ["ori", "agency_name", "state_abbr", "agency_type"]
OPTIONAL_COLUMNS = ["county", "latitude", "longitude"]
# The FBI's types mapped to the EPIC categories; anything else is "other".
FBI_TYPES = {
    "City": Agency.Type.MUNICIPAL,
    "County": Agency.Type.SHERIFF,
    "State Police": Agency.Type.STATE,
}
_ORI = re.compile(r"^[A-Z]{2}[A-Z0-9]{7}$")
_MISSING = {"", "NA", "N/A", "NULL"}
_BATCH = 2000


class RegistryImportError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    sha256: str = ""
    problems: list[str] = field(default_factory=list)
    format: TextFormat | None = None


@dataclass
class _Row:
    line: int
    ori: str
    name: str
    state: str
    county: str
    source_type: str
    agency_type: str
    latitude: Decimal | None
    longitude: Decimal | None


def _value(raw: dict[str, str], column: str) -> str:
    value = (raw.get(column) or "").strip()
    return "" if value.upper() in _MISSING else value


def _coordinate(text: str, limit: int) -> Decimal | None:
    if not text:
        return None
    number = Decimal(text)
    if not number.is_finite() or abs(number) > limit:
        raise InvalidOperation
    return number.quantize(Decimal("0.000001"))


def _county(text: str) -> str:
    if text.upper() == "NOT SPECIFIED":
        return ""
    return ", ".join(part.strip().title() for part in text.split(","))


def parse_rows(
    lines: Iterable[str], *, delimiter: str = ","
) -> tuple[list[_Row], list[str]]:
    """The file's rows and the problems found in it, each naming its line."""
    reader = csv.DictReader(lines, delimiter=delimiter)
    columns = reader.fieldnames or []
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        return [], [
            _(
                "The file lacks the column(s) %(columns)s. Expected a header with %(expected)s."
            )
            % {"columns": ", ".join(missing), "expected": ", ".join(REQUIRED_COLUMNS)}
        ]
    rows: list[_Row] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        if None in raw:
            problems.append(
                _("Line %(line)d: more fields than the header names.") % {"line": line}
            )
            continue
        ori = _value(raw, "ori").upper()
        name = _value(raw, "agency_name")
        state = _value(raw, "state_abbr").upper()
        if not _ORI.match(ori):
            problems.append(
                _("Line %(line)d: %(ori)r is not a nine-character ORI.")
                % {"line": line, "ori": ori}
            )
            continue
        if ori in seen:
            problems.append(
                _("Line %(line)d: ORI %(ori)s already appears on line %(first)d.")
                % {"line": line, "ori": ori, "first": seen[ori]}
            )
            continue
        seen[ori] = line
        if not name:
            problems.append(
                _("Line %(line)d: the agency has no name.") % {"line": line}
            )
            continue
        # Not checked against the ORI's prefix: Nebraska's ORIs begin with NB.
        if not re.fullmatch(r"[A-Z]{2}", state):
            problems.append(
                _("Line %(line)d: %(state)r is not a two-letter state abbreviation.")
                % {"line": line, "state": state}
            )
            continue
        try:
            latitude = _coordinate(_value(raw, "latitude"), 90)
            longitude = _coordinate(_value(raw, "longitude"), 180)
        except (InvalidOperation, ValueError):
            problems.append(
                _("Line %(line)d: latitude and longitude must be numbers in range.")
                % {"line": line}
            )
            continue
        source_type = _value(raw, "agency_type")
        rows.append(
            _Row(
                line=line,
                ori=ori,
                name=name[:200],
                state=state,
                county=_county(_value(raw, "county"))[:200],
                source_type=source_type[:40],
                agency_type=FBI_TYPES.get(source_type, Agency.Type.OTHER),
                latitude=latitude,
                longitude=longitude,
            )
        )
    if not rows and not problems:
        problems.append(_("The file has a header but no agencies."))
    return rows, problems


_UPDATED_FIELDS = [
    "name",
    "state",
    "county",
    "source_type",
    "agency_type",
    "latitude",
    "longitude",
]


def _unique_slug(row: _Row, taken: set[str]) -> str:
    base = slugify(f"{row.name} {row.state}")[:80] or row.ori.lower()
    slug = base if base not in taken else f"{base}-{row.ori.lower()}"[:100]
    taken.add(slug)
    return slug


def agencies_import_fbi(
    *,
    path: Path,
    actor=None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create or update (by ORI) every agency in an FBI CDE agency CSV.

    All-or-nothing: raises RegistryImportError listing every bad line, and
    writes nothing, when any row is wrong.
    """
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise RegistryImportError(
            [
                _("Cannot read %(path)s: %(error)s")
                % {"path": path, "error": exc.strerror}
            ]
        ) from None
    try:
        text, found = decode_csv(content)
    except SpreadsheetError as exc:
        raise RegistryImportError([str(exc)]) from None
    rows, problems = parse_rows(
        io.StringIO(text, newline=""), delimiter=found.delimiter
    )
    if problems:
        raise RegistryImportError(problems)

    result = ImportResult(
        rows=len(rows), sha256=hashlib.sha256(content).hexdigest(), format=found
    )
    now = timezone.now()
    with transaction.atomic():
        existing = {
            a.ori: a
            for a in Agency.objects.exclude(ori="").only(
                "id", "ori", "slug", *_UPDATED_FIELDS
            )
        }
        taken = set(Agency.objects.values_list("slug", flat=True))
        to_create: list[Agency] = []
        to_update: list[Agency] = []
        for row in rows:
            agency = existing.get(row.ori)
            values = {
                "name": row.name, "state": row.state, "county": row.county,
                "source_type": row.source_type, "agency_type": row.agency_type,
                "latitude": row.latitude, "longitude": row.longitude,
            }  # fmt: skip
            if agency is None:
                to_create.append(
                    Agency(
                        ori=row.ori,
                        slug=_unique_slug(row, taken),
                        source=FBI_SOURCE,
                        **values,
                    )
                )
            elif any(getattr(agency, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(agency, key, value)
                agency.updated_at = now
                to_update.append(agency)
            else:
                result.unchanged += 1
        advance = progress or (lambda n: None)
        advance(result.unchanged)
        for start in range(0, len(to_create), _BATCH):
            batch = to_create[start : start + _BATCH]
            Agency.objects.bulk_create(batch)
            advance(len(batch))
        for start in range(0, len(to_update), _BATCH):
            batch = to_update[start : start + _BATCH]
            Agency.objects.bulk_update(batch, [*_UPDATED_FIELDS, "updated_at"])
            advance(len(batch))
        result.created, result.updated = len(to_create), len(to_update)
        if not (result.created or result.updated):
            return result
        if to_update:
            # bulk_update sends no signal: the cached memberships carry their agency.
            versioned_cache.bump("agencies")
        record(
            action=AuditEvent.Action.IMPORT,
            actor=actor,
            actor_label="" if actor else "command line",
            changes={
                "file": Path(path).name,
                "sha256": result.sha256,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
            },  # fmt: skip
        )
    return result

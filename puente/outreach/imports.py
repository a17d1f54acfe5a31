"""Bulk import of community contacts and events from CSV or XLSX.

All or nothing: every row is checked, every problem is reported by line and column, and
nothing is stored unless the whole file is clean. Contacts stream through the file once,
straight into PostgreSQL's COPY (or batched inserts on SQLite) inside one transaction that
is rolled back at the first problem, so a million-row file needs neither a second pass nor
the whole file in memory.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from babel import Locale
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from puente.agencies.models import Agency
from puente.audit.models import AuditEvent
from puente.audit.services import record
from puente.lib.figures_cache import figures_changed
from puente.lib.languages import is_known_language
from puente.lib.spreadsheets import SpreadsheetError, TextFormat, open_rows
from puente.outreach.models import (
    EARLIEST,
    CommunityContact,
    Event,
    Liaison,
    PartnerOrganization,
    Setting,
    Topic,
)

MAX_REPORTED = 200
TRUE = {"yes", "y", "true", "1", "x", "sí", "si", "oui"}
FALSE = {"no", "n", "false", "0", ""}

CONTACT_COLUMNS = {
    "date": True, "liaison": True, "setting": True, "topics": True, "language": True,
    "interpreter_used": False, "partner": False, "follow_up_needed": False,
}  # fmt: skip
EVENT_COLUMNS = {
    "date": True, "kind": True, "title": True, "place": True, "languages": True,
    "interpretation_provided": False, "partners": False, "attendance": False, "follow_ups": False,
}  # fmt: skip


@dataclass
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Line %(line)d, column %(column)s: %(message)s") % {
                "line": self.line, "column": self.column, "message": self.message,
            }  # fmt: skip
        return _("Line %(line)d: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    format: TextFormat | None = None

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def summary(self) -> str:
        """What was imported and how the file was read, for the user."""
        done = ngettext(
            "Imported %(count)d row.", "Imported %(count)d rows.", self.rows
        ) % {"count": self.rows}
        return f"{done} {self.format.describe()}" if self.format else done

    def add(self, line: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(Problem(line, column, message))


class ImportRejected(Exception):
    def __init__(self, result: ImportResult):
        super().__init__(f"{result.problem_count} problems")
        self.result = result


# Reading


def _open(path) -> tuple[list[str], object, TextFormat]:
    """The lower-cased header, the rows and how the file was read (lib.spreadsheets)."""
    opened = open_rows(Path(path))
    return [h.strip().lower() for h in opened.header], opened.lines, opened.format


def _check_header(header: list[str], columns: dict[str, bool]) -> None:
    unknown = [h for h in header if h and h not in columns]
    missing = [c for c, required in columns.items() if required and c not in header]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(
                _("unknown columns: %(names)s") % {"names": ", ".join(unknown)}
            )
        if missing:
            parts.append(
                _("missing columns: %(names)s") % {"names": ", ".join(missing)}
            )
        raise SpreadsheetError(
            _("The header does not match (%(details)s). The columns are: %(columns)s.")
            % {"details": "; ".join(parts), "columns": ", ".join(columns)}
        )


# Values


class _Values:
    """Turns the text of one row into values, adding a problem for each bad cell."""

    def __init__(self, agency: Agency, result: ImportResult):
        self.today = timezone.localdate()
        self.result = result
        english = Locale("en").languages
        self.language_names = {name.casefold(): code for code, name in english.items()}
        self.known_languages: dict[str, str | None] = {}
        self.liaisons = {}
        for liaison in Liaison.objects.filter(agency=agency).select_related("user"):
            self.liaisons[liaison.name.casefold()] = liaison.pk
            if liaison.user_id:
                self.liaisons[liaison.user.email.casefold()] = liaison.pk
        self.partners = {
            p.name.casefold(): p.pk
            for p in PartnerOrganization.objects.filter(agency=agency)
        }
        self.settings = {c.casefold(): c for c in Setting.values} | {
            str(label).casefold(): c for c, label in Setting.choices
        }
        self.topics = {c.casefold(): c for c in Topic.values} | {
            str(label).casefold(): c for c, label in Topic.choices
        }
        self.event_kinds = {c.casefold(): c for c in Event.Kind.values}

    def date(self, line, column, value, *, future_allowed=False):
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            try:
                value = date.fromisoformat(str(value).strip())
            except ValueError:
                return self.result.add(line, column, _("Give the date as YYYY-MM-DD."))
        if value < EARLIEST:
            return self.result.add(line, column, _("The date is before 2000."))
        if value > self.today and not future_allowed:
            return self.result.add(line, column, _("The date is in the future."))
        return value

    def choice(self, line, column, value, table, *, required=True):
        text = str(value).strip().casefold()
        if not text and not required:
            return None
        found = table.get(text)
        if found is None:
            self.result.add(line, column, self._unknown(value, table))
        return found

    def _unknown(self, value, table) -> str:
        """Says what the cell should hold: a name recorded here, or one of the codes
        (the import page does not list them, so the problem must)."""
        if table is self.liaisons:
            return _("“%(value)s” is not the name of a liaison recorded here.") % {
                "value": value
            }
        if table is self.partners:
            return _(
                "“%(value)s” is not the name of a partner organization recorded here."
            ) % {"value": value}
        return _("“%(value)s” is not one of the known codes: %(codes)s.") % {
            "value": value,
            "codes": ", ".join(sorted(set(table.values()))),
        }

    def choices(self, line, column, value, table):
        items = [v for v in str(value).replace(",", ";").split(";") if v.strip()]
        if not items:
            self.result.add(line, column, _("Give at least one value."))
            return None
        found = [self.choice(line, column, v, table) for v in items]
        return None if None in found else sorted(set(found))

    def language_code(self, text: str) -> str | None:
        key = str(text).strip().casefold()
        if key not in self.known_languages:
            self.known_languages[key] = (
                key if is_known_language(key) else self.language_names.get(key)
            )
        return self.known_languages[key]

    def language(self, line, column, value):
        code = self.language_code(value)
        if not code:
            self.result.add(
                line,
                column,
                _("“%(value)s” is not a language code such as es or so.")
                % {"value": value},
            )
        return code

    def boolean(self, line, column, value):
        text = str(value).strip().casefold()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        self.result.add(line, column, _("Write yes or no."))
        return None

    def count(self, line, column, value):
        text = str(value).strip()
        if text == "":
            return None
        try:
            number = int(float(text)) if isinstance(value, float) else int(text)
        except ValueError:
            number = -1
        if number < 0:
            self.result.add(line, column, _("Give a whole number, 0 or more."))
            return None
        return number


# Contacts


CONTACT_COPY = (
    "COPY outreach_communitycontact (uuid, agency_id, date, liaison_id, setting, partner_id, "
    "language, interpreter_used, topics, follow_up_needed, created_by_id, created_at) FROM STDIN"
)


def contacts_import(*, actor, agency: Agency, path: Path) -> ImportResult:
    """Import community contacts; raises ImportRejected (nothing stored) on any problem."""
    header, lines, found = _open(path)
    _check_header(header, CONTACT_COLUMNS)
    result = ImportResult(kind="contacts", format=found)
    parse = _ContactParser(_Values(agency, result), header)
    width = len(header)
    with transaction.atomic():
        with contact_sink(agency=agency.pk, actor=actor.pk if actor else None) as sink:
            for line, row in lines:
                if len(row) != width:
                    if len(row) > width and any(str(v).strip() for v in row[width:]):
                        result.add(
                            line, "", _("more values than the header has columns.")
                        )
                        continue
                    row = [*row[:width], *[""] * (width - len(row))]
                if not any(row):
                    continue
                result.rows += 1
                contact = parse(line, row)
                if contact is not None and result.ok:
                    sink.write(contact)
        if not result.ok:
            # Leaving the block with the exception rolls back whatever was written.
            raise ImportRejected(result)
        if result.rows == 0:
            raise ImportRejected(_empty(result))
        figures_changed(agency_id=agency.pk)  # COPY and bulk inserts send no signal
        record(
            action=AuditEvent.Action.IMPORT, actor=actor, agency=agency,
            changes={"contacts": [None, result.rows], "file": [None, Path(path).name]},
            actor_label="" if actor else "command line",
        )  # fmt: skip
    return result


class _ContactParser:
    """One row of text into (date, liaison, setting, partner, language, interpreter,
    topics JSON, follow-up), or None with the row's problems added to the result.

    Files repeat the same few liaisons, settings and topics on every row, so a row's
    values other than the date are parsed once per distinct combination and remembered;
    a combination with a problem is never remembered, so every bad row is reported."""

    def __init__(self, values: _Values, header: list[str]):
        self.values = values
        self.at = {
            name: header.index(name) for name in CONTACT_COLUMNS if name in header
        }
        self.rest = [i for name, i in self.at.items() if name != "date"]
        self.dates: dict[object, date] = {}
        self.combinations: dict[tuple, tuple] = {}

    def __call__(self, line: int, row: list):
        values, at = self.values, self.at
        day = (
            self.dates.get(row[at["date"]])
            if isinstance(row[at["date"]], str)
            else None
        )
        if day is None:
            day = values.date(line, "date", row[at["date"]])
            if day is not None and isinstance(row[at["date"]], str):
                self.dates[row[at["date"]]] = day
        key = tuple(row[i] for i in self.rest)
        rest = self.combinations.get(key)
        if rest is None:
            before = values.result.problem_count
            rest = self._parse_rest(line, row)
            if values.result.problem_count != before:
                return None
            self.combinations[key] = rest
        return None if day is None else (day, *rest)

    def _parse_rest(self, line, row):
        values, at = self.values, self.at
        liaison = values.choice(line, "liaison", row[at["liaison"]], values.liaisons)
        setting = values.choice(line, "setting", row[at["setting"]], values.settings)
        topics = values.choices(line, "topics", row[at["topics"]], values.topics)
        language = values.language(line, "language", row[at["language"]])
        interpreter = follow_up = False
        partner = None
        if "interpreter_used" in at:
            interpreter = values.boolean(
                line, "interpreter_used", row[at["interpreter_used"]]
            )
        if "follow_up_needed" in at:
            follow_up = values.boolean(
                line, "follow_up_needed", row[at["follow_up_needed"]]
            )
        if "partner" in at:
            partner = values.choice(
                line, "partner", row[at["partner"]], values.partners, required=False
            )
        return (
            liaison,
            setting,
            partner,
            language,
            interpreter,
            json.dumps(topics),
            follow_up,
        )


def _empty(result: ImportResult) -> ImportResult:
    result.add(1, "", _("The file has no rows to import."))
    return result


NULL = "\\N"  # COPY's text format for a missing value


def contact_sink(*, agency: int, actor: int | None, keep_ids: bool = False):
    """Where checked contacts are written, fastest first: PostgreSQL's COPY, else
    batched `bulk_create`. A context manager to use inside a transaction; its
    `write(contact)` takes one tuple (date, liaison id, setting code, partner id or
    None, language code, interpreter used, topics as a JSON list, follow-up needed),
    every value already checked (codes from fixed lists, ids of the agency's records).
    With `keep_ids`, `ids()` after the block gives the new rows' ids in writing order.
    Used by the CSV import and the bulk API (issue 16)."""
    if connection.vendor == "postgresql":
        return _CopySink(agency=agency, actor=actor)
    return _BatchSink(agency=agency, actor=actor, keep_ids=keep_ids)


class _CopySink:
    """Rows into PostgreSQL through COPY in its text format, written in blocks. Every value
    is a date, a number, a boolean or a code checked against a fixed list, so none needs
    escaping."""

    BLOCK = 20_000

    def __init__(self, *, agency: int, actor: int | None):
        self.fixed = f"{agency}\t"
        self.tail = f"\t{actor or NULL}\t{timezone.now().isoformat()}\n"
        self.lines: list[str] = []
        self.new_id = _TimeOrderedIds()

    def __enter__(self):
        self.cursor = connection.cursor()
        self.context = self.cursor.cursor.copy(CONTACT_COPY)
        self.copy = self.context.__enter__()
        return self

    def write(self, contact):
        day, liaison, setting, partner, language, interpreter, topics, follow_up = (
            contact
        )
        self.lines.append(
            f"{self.new_id()}\t{self.fixed}{day.isoformat()}\t{liaison}\t{setting}\t"
            f"{partner or NULL}\t{language}\t{'t' if interpreter else 'f'}\t"
            f"{topics}\t{'t' if follow_up else 'f'}{self.tail}"
        )
        if len(self.lines) >= self.BLOCK:
            self.copy.write("".join(self.lines))
            self.lines = []

    def __exit__(self, exc_type, *exc):
        try:
            if exc_type is None and self.lines:
                self.copy.write("".join(self.lines))
            self.context.__exit__(exc_type, *exc)
        finally:
            self.cursor.close()

    def ids(self) -> list[int]:
        """The ids of the rows written, in writing order: their uuids are one unbroken
        run of the time-ordered series (`_TimeOrderedIds`), so one range scan of the
        uuid index finds them."""
        if not self.new_id.counter:
            return []
        return list(
            CommunityContact.objects.filter(
                uuid__gte=self.new_id.first, uuid__lte=self.new_id.last
            )
            .order_by("uuid")
            .values_list("id", flat=True)
        )


class _TimeOrderedIds:
    """UUIDs in the version 7 layout: the import's start time in milliseconds, then a random
    number for the import and a counter. An import's ids sort together and in order, so a
    million new rows extend one corner of the unique index instead of touching pages all over
    a large one."""

    def __init__(self):
        import secrets
        import time

        self.prefix = f"{int(time.time() * 1000) & (2**48 - 1):012x}7000"
        self.base = (0b10 << 62) | (secrets.randbits(30) << 32)
        self.counter = 0

    def __call__(self) -> str:
        self.counter += 1
        return f"{self.prefix}{self.base | self.counter:016x}"

    @property
    def first(self) -> str:
        return f"{self.prefix}{self.base | 1:016x}"

    @property
    def last(self) -> str:
        return f"{self.prefix}{self.base | self.counter:016x}"


class _BatchSink:
    BATCH = 2000

    def __init__(self, *, agency: int, actor: int | None, keep_ids: bool = False):
        self.agency, self.actor = agency, actor
        self.keep_ids = keep_ids
        self.written: list[int] = []

    def __enter__(self):
        self.batch = []
        return self

    def write(self, contact):
        day, liaison, setting, partner, language, interpreter, topics, follow_up = (
            contact
        )
        self.batch.append(
            CommunityContact(
                agency_id=self.agency, date=day, liaison_id=liaison, setting=setting,
                partner_id=partner, language=language, interpreter_used=interpreter,
                topics=json.loads(topics), follow_up_needed=follow_up, created_by_id=self.actor,
            )
        )  # fmt: skip
        if len(self.batch) >= self.BATCH:
            self.flush()

    def flush(self):
        created = CommunityContact.objects.bulk_create(self.batch)
        if self.keep_ids:
            self.written.extend(contact.pk for contact in created)
        self.batch = []

    def ids(self) -> list[int]:
        return self.written

    def __exit__(self, exc_type, *exc):
        if exc_type is None and self.batch:
            self.flush()


# Events


def events_import(*, actor, agency: Agency, path: Path) -> ImportResult:
    header, lines, found = _open(path)
    _check_header(header, EVENT_COLUMNS)
    result = ImportResult(kind="events", format=found)
    values = _Values(agency, result)
    planned = []
    for line, row in lines:
        cells = dict(
            zip(header, [*row, *[""] * (len(header) - len(row))], strict=False)
        )
        if not any(str(v).strip() for v in cells.values()):
            continue
        result.rows += 1
        before = result.problem_count
        day = values.date(line, "date", cells["date"], future_allowed=True)
        kind = values.choice(line, "kind", cells["kind"], values.event_kinds)
        languages = values.choices(
            line, "languages", cells["languages"], _LanguageTable(values, line)
        )
        title, place = str(cells["title"]).strip(), str(cells["place"]).strip()
        if not title:
            result.add(line, "title", _("Give a title."))
        if not place:
            result.add(line, "place", _("Give the place."))
        partners = []
        if str(cells.get("partners", "")).strip():
            partners = (
                values.choices(line, "partners", cells["partners"], values.partners)
                or []
            )
        attendance = values.count(line, "attendance", cells.get("attendance", ""))
        follow_ups = values.count(line, "follow_ups", cells.get("follow_ups", "")) or 0
        interpretation = values.boolean(
            line, "interpretation_provided", cells.get("interpretation_provided", "")
        )
        if day and day > values.today and (attendance is not None or follow_ups):
            result.add(
                line,
                "attendance",
                _("Attendance and follow-ups are recorded after the event."),
            )
        if result.problem_count == before:
            planned.append((Event(agency=agency, date=day, kind=kind, title=title[:200], place=place[:200],
                                  languages=languages, interpretation_provided=bool(interpretation),
                                  attendance=attendance, follow_ups=follow_ups), partners))  # fmt: skip
    if not result.ok:
        raise ImportRejected(result)
    if result.rows == 0:
        raise ImportRejected(_empty(result))
    with transaction.atomic():
        for event, partners in planned:
            event.save()
            event.partners.set(partners)
        record(
            action=AuditEvent.Action.IMPORT, actor=actor, agency=agency,
            changes={"events": [None, result.rows]}, actor_label="" if actor else "command line",
        )  # fmt: skip
    return result


class _LanguageTable:
    """Lets `choices` read a list of languages by code or English name."""

    def __init__(self, values: _Values, line: int):
        self.values, self.line = values, line

    def get(self, text):
        return self.values.language_code(text)


def read_upload(upload) -> Path:
    """Save an uploaded file to a temporary path for the importer."""
    import tempfile

    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    handle = tempfile.NamedTemporaryFile(delete=False, suffix=suffix)  # noqa: SIM115
    with handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return Path(handle.name)

"""Reading the spreadsheets people export: CSV in any encoding and delimiter, and XLSX.

One reader for every import. A CSV file's encoding is found from its byte-order mark, else
UTF-8 if it decodes as such, else Windows-1252 when it reads as well as charset-normalizer's
guess, else that guess (Excel on Windows writes Windows-1252 in Western locales, and "Unicode
text" as UTF-16 with tabs). Its delimiter is
found by `csv.Sniffer` among comma, semicolon, tab and vertical bar (Excel in Spanish,
French or German locales writes semicolons). What was found is reported in `TextFormat`,
which imports state in their summary.

Every reader is bounded: an XLSX is refused before parsing when it would unpack to more than
`MAX_XLSX_UNPACKED_BYTES` or a part is compressed more than `MAX_XLSX_RATIO` to 1, and is then
read in openpyxl's read-only (streaming) mode; rows beyond `MAX_XLSX_ROWS` (XLSX) or
`MAX_CSV_ROWS` (CSV) are refused with a message saying so.
"""

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_CSV_ROWS = 1_000_000
MAX_XLSX_ROWS = 100_000
MAX_XLSX_UNPACKED_BYTES = 64 * MB
MAX_XLSX_RATIO = 100
# Tiny parts (styles, an empty sheet) compress far better than 100:1 and are harmless.
XLSX_RATIO_MIN_BYTES = 1 * MB
MAX_XLSX_MEMBERS = 1_000
# How much of a CSV file is looked at to find its encoding and delimiter.
SAMPLE_BYTES = 1 * MB
DELIMITERS = ",;\t|"


class SpreadsheetError(ValueError):
    pass


@dataclass(frozen=True)
class TextFormat:
    """How a file was read: `kind` is "csv" or "xlsx"; encoding and delimiter for CSV."""

    kind: str
    encoding: str = ""
    delimiter: str = ""

    def describe(self) -> str:
        """A translated sentence for an import summary, e.g. "CSV, Windows-1252, semicolons"."""
        if self.kind == "xlsx":
            return _("Read as an Excel workbook (.xlsx), first sheet.")
        return _(
            "Read as CSV text in %(encoding)s, with %(delimiter)s between columns."
        ) % {
            "encoding": encoding_name(self.encoding),
            "delimiter": delimiter_name(self.delimiter),
        }


def encoding_name(encoding: str) -> str:
    names = {
        "utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16",
        "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE", "cp1252": "Windows-1252",
    }  # fmt: skip
    key = codecs.lookup(encoding).name if encoding else ""
    return names.get(encoding) or names.get(key) or key.upper()


def delimiter_name(delimiter: str) -> str:
    names = {
        ",": _("commas"), ";": _("semicolons"), "\t": _("tabs"), "|": _("vertical bars"),
    }  # fmt: skip
    return names.get(delimiter, repr(delimiter))


@dataclass
class Rows:
    """An open file: its header as written, its rows as (line, values), and its format.
    `lines` is a generator that may raise SpreadsheetError part-way (a row cap, a formula,
    a change of encoding), so an import reading it must be all or nothing."""

    header: list[str]
    lines: Iterator[tuple[int, list]]
    format: TextFormat


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, {column: text})
    format: TextFormat | None = None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path, *, max_rows: int | None = None) -> Table:
    """The whole first sheet of an .xlsx file or a CSV file (any encoding and delimiter,
    see the module docstring), the first row naming the columns. Blank rows are skipped;
    at most `max_rows` (default `MAX_XLSX_ROWS`) rows. Raises SpreadsheetError."""
    limit = max_rows or MAX_XLSX_ROWS
    opened = open_rows(Path(path), max_rows=limit)
    header = [h.strip() for h in opened.header]
    rows = []
    for line, values in opened.lines:
        if not any(_text(v) for v in values):
            continue
        extra = values[len(header) :]
        if any(_text(v) for v in extra):
            raise SpreadsheetError(
                _("Line %(line)d: more values than the header has columns.")
                % {"line": line}
            )
        cells = {h: _text(v) for h, v in zip(header, values, strict=False) if h}
        rows.append((line, cells))
    return Table([h for h in header if h], rows, opened.format)


def stream_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """The lower-cased header and an iterator of (line, values), for files too large to
    hold as a Table. See `open_rows` for the format and the bounds."""
    opened = open_rows(Path(path))
    return [h.strip().lower() for h in opened.header], opened.lines


def open_rows(path: Path, *, max_rows: int | None = None) -> Rows:
    """Open a CSV or XLSX file for streaming. XLSX: the first sheet, refused when it has
    formulas or merged cells, which make a sheet's values unreliable. Raises
    SpreadsheetError for an empty, unreadable, unsafe or unsupported file."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES + 1)
    except OSError as exc:
        raise SpreadsheetError(
            _("Cannot read %(path)s: %(error)s")
            % {"path": path.name, "error": exc.strerror}
        ) from None
    if not sample.strip():
        raise SpreadsheetError(_("The file is empty."))
    if sample.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, max_rows or MAX_XLSX_ROWS)
    _refuse_other_formats(sample)
    complete = len(sample) <= SAMPLE_BYTES
    return _open_csv(path, sample[:SAMPLE_BYTES], complete, max_rows or MAX_CSV_ROWS)


def _refuse_other_formats(sample: bytes) -> None:
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _(
                "This is an old Excel workbook (.xls). Save it as an Excel workbook "
                "(.xlsx) or as CSV and import that."
            )
        )
    if sample.lstrip()[:5] == b"%PDF-":
        raise SpreadsheetError(
            _("This is a PDF document, not a spreadsheet. Import a CSV or .xlsx file.")
        )


# CSV

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(sample: bytes, *, complete: bool = True) -> str:
    """The codec of a text file from its first bytes: the byte-order mark, else UTF-8 when
    the bytes decode as UTF-8, else Windows-1252 when it reads no worse than
    charset-normalizer's best guess (by its mess ratio), else that guess. `complete` says
    the sample is the whole file, so a character cut at its end is an error. Raises
    SpreadsheetError when it is not text."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        if b"\x00" not in sample:
            return "utf-8"
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(sample).best()
    try:
        western = sample.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    # On a short sample several code pages read equally well (charset-normalizer may
    # name Baltic cp775 or even Big5 for "Lía"); Windows-1252, what Excel writes in
    # Western locales, wins a tie. A Cyrillic or Asian file reads as gibberish in it and
    # keeps charset-normalizer's answer.
    if (
        western is not None
        and "\x00" not in western
        and mess_ratio(western[:65536], 1.0) <= (best.chaos if best else 1.0) + 0.01
    ):
        return "cp1252"
    if best is None:
        raise SpreadsheetError(_not_text())
    return best.encoding


def _not_text(*, workbook: bool = True) -> str:
    if not workbook:
        return _(
            "The file is not CSV text in an encoding we can recognise. Save it as "
            "CSV UTF-8."
        )
    return _(
        "The file is neither an Excel workbook (.xlsx) nor CSV text in an encoding "
        "we can recognise. Save it as CSV UTF-8 or as .xlsx."
    )


def detect_delimiter(text: str) -> str:
    """The column separator of CSV text: `csv.Sniffer` among comma, semicolon, tab and
    vertical bar, checked against the header line; a comma when there is one column."""
    lines = text.splitlines()[:50]
    if not lines:
        return ","
    header = lines[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found not in counts or (counts[found] == 0 and any(counts.values())):
        found = max(DELIMITERS, key=lambda d: counts[d])
    return found if counts[found] else ","


def decode_csv(content: bytes) -> tuple[str, TextFormat]:
    """A whole CSV file as text and the format it was found in (small files held whole)."""
    _refuse_other_formats(content[:8])
    try:
        encoding = detect_encoding(content, complete=True)
        text = content.decode(encoding)
    except (SpreadsheetError, UnicodeDecodeError, LookupError):
        raise SpreadsheetError(_not_text(workbook=False)) from None
    text = text.lstrip("\ufeff")
    if "\x00" in text or not text.strip():
        raise SpreadsheetError(_not_text(workbook=False))
    return text, TextFormat("csv", encoding, detect_delimiter(text))


def _open_csv(path: Path, sample: bytes, complete: bool, max_rows: int) -> Rows:
    encoding = detect_encoding(sample, complete=complete)
    try:
        head = codecs.getincrementaldecoder(encoding)(errors="replace").decode(
            sample, final=complete
        )
    except LookupError:
        raise SpreadsheetError(_not_text()) from None
    if "\x00" in head:
        raise SpreadsheetError(_not_text())
    if not complete:
        head = head[: head.rfind("\n") + 1] or head
    delimiter = detect_delimiter(head.lstrip("\ufeff"))
    form = TextFormat("csv", encoding, delimiter)
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the generator
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise SpreadsheetError(_("The file is empty.")) from None
    except (UnicodeDecodeError, csv.Error):
        handle.close()
        raise SpreadsheetError(_not_text()) from None
    if header:
        header[0] = header[0].lstrip("\ufeff")

    def lines():
        count = 0
        with handle:
            try:
                for values in reader:
                    count += 1
                    if count > max_rows:
                        raise SpreadsheetError(_too_many_rows(max_rows, "csv"))
                    yield reader.line_num, values
            except UnicodeDecodeError:
                raise SpreadsheetError(
                    _(
                        "After line %(line)d the file is no longer %(encoding)s text. "
                        "Save it again as CSV UTF-8."
                    )
                    % {"line": reader.line_num, "encoding": encoding_name(encoding)}
                ) from None
            except csv.Error:
                raise SpreadsheetError(
                    _(
                        "Line %(line)d cannot be read as CSV: a quoted value is not "
                        "closed, or a value is too long."
                    )
                    % {"line": reader.line_num + 1}
                ) from None

    return Rows(header, lines(), form)


def _too_many_rows(limit: int, kind: str) -> str:
    if kind == "xlsx":
        return _(
            "The sheet has more than %(limit)s rows, the most an Excel workbook may "
            "have here. Split it into smaller files, or save it as CSV, which may have "
            "up to %(csv_limit)s rows."
        ) % {"limit": f"{limit:,}", "csv_limit": f"{MAX_CSV_ROWS:,}"}
    return _(
        "The file has more than %(limit)s rows. Split it into files of at most "
        "%(limit)s rows."
    ) % {"limit": f"{limit:,}"}


# XLSX


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def check_xlsx_archive(path: Path) -> None:
    """Refuse a workbook that would unpack to more than MAX_XLSX_UNPACKED_BYTES, has a part
    compressed more than MAX_XLSX_RATIO to 1, or is not an Excel workbook at all (an
    OpenDocument spreadsheet, a Word document, a plain ZIP). Reads only the ZIP directory."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            mimetype = (
                archive.read("mimetype")[:80]
                if "mimetype" in names and archive.getinfo("mimetype").file_size < 200
                else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        raise SpreadsheetError(
            _("The workbook cannot be opened; is it a valid .xlsx file?")
        ) from None
    if b"opendocument.spreadsheet" in mimetype:
        raise SpreadsheetError(
            _(
                "This is an OpenDocument spreadsheet (.ods). Save it as an Excel "
                "workbook (.xlsx) or as CSV and import that."
            )
        )
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(
            _(
                "This ZIP file is not an Excel workbook (.xlsx). Import a CSV or .xlsx file."
            )
        )
    if len(members) > MAX_XLSX_MEMBERS:
        raise SpreadsheetError(_("The workbook contains too many internal parts."))
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size >= XLSX_RATIO_MIN_BYTES and (
            member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
        ):
            raise SpreadsheetError(
                _(
                    "The workbook is compressed more than %(ratio)s to 1, so it was "
                    "refused as a possible zip bomb."
                )
                % {"ratio": MAX_XLSX_RATIO}
            )
    if total > MAX_XLSX_UNPACKED_BYTES:
        raise SpreadsheetError(
            _(
                "The workbook would unpack to %(size)s MB, more than the %(limit)s MB "
                "allowed. Split it into smaller files, or save it as CSV."
            )
            % {"size": total // MB, "limit": MAX_XLSX_UNPACKED_BYTES // MB}
        )


def _merged_cells(workbook, sheet) -> list[str]:
    """Up to five merged ranges of a read-only sheet, found by scanning its XML (openpyxl's
    read-only mode does not read them)."""
    found: list[str] = []
    tail = b""
    with workbook._archive.open(sheet._worksheet_path) as source:
        while chunk := source.read(MB):
            block = tail + chunk
            found += [
                m.decode() for m in _MERGE.findall(block) if m.decode() not in found
            ]
            if len(found) >= 5:
                break
            tail = block[-200:]
    return found[:5]


def _open_xlsx(path: Path, max_rows: int) -> Rows:
    from openpyxl import load_workbook

    check_xlsx_archive(path)
    # Given a path, openpyxl refuses any name not ending in .xlsx; a workbook saved or
    # renamed as .csv was recognised by its content above, so hand it the open file.
    source = path.open("rb")

    def close() -> None:
        workbook.close()
        source.close()

    try:
        workbook = load_workbook(source, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        merged = _merged_cells(workbook, sheet)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        source.close()
        raise SpreadsheetError(
            _("The workbook cannot be opened; is it a valid .xlsx file?")
        ) from None
    if merged:
        close()
        raise SpreadsheetError(
            _(
                "The sheet has merged cells (%(cells)s). Unmerge them so that every row has its own values."
            )
            % {"cells": ", ".join(merged)}
        )
    declared = sheet.max_row
    if declared and declared - 1 > max_rows:
        close()
        raise SpreadsheetError(_too_many_rows(max_rows, "xlsx"))
    # A wrong <dimension> would cut the sheet short; read every row there is.
    sheet.reset_dimensions()
    rows = sheet.iter_rows()
    try:
        header = [_text(c.value) for c in next(rows)]
    except StopIteration:
        close()
        raise SpreadsheetError(_("The file is empty.")) from None

    def lines():
        try:
            for number, cells in enumerate(rows, start=2):
                if number - 1 > max_rows:
                    raise SpreadsheetError(_too_many_rows(max_rows, "xlsx"))
                values = []
                for cell in cells:
                    if cell.data_type == "f":
                        raise SpreadsheetError(
                            _(
                                "The sheet has formulas (%(cells)s). Paste the values instead, so that what is imported is what you see."
                            )
                            % {"cells": cell.coordinate}
                        )
                    values.append("" if cell.value is None else cell.value)
                yield number, values
        finally:
            close()

    return Rows(header, lines(), TextFormat("xlsx"))


# Exports


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _inert(value):
    """A text cell that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_response(
    filename: str, columns: list[str], rows, *, file_format: str = "csv"
):
    """An attachment with one header row and the rows, as CSV (UTF-8 with a BOM, which
    Excel needs to read accents) or XLSX. Text that looks like a formula stays text."""
    from django.http import HttpResponse

    response = HttpResponse(content_type=EXPORT_FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    if file_format == "csv":
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_inert(v) for v in row])
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(filename[:31])
    sheet.append([str(c) for c in columns])
    for row in rows:
        sheet.append(
            [
                _inert(v if isinstance(v, int | float) or v is None else str(v))
                for v in row
            ]
        )
    workbook.save(response)
    return response

"""Reading CSV and XLSX files as rows of text, each with its line number."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _


class SpreadsheetError(ValueError):
    pass


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, {column: text})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path) -> Table:
    """The first sheet of an .xlsx file, or a UTF-8 .csv file; the first row names the columns."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise SpreadsheetError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
        ) from None
    if content[:2] == b"PK":
        return _read_xlsx(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The file is neither an .xlsx workbook nor UTF-8 CSV text.")
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [c.strip() for c in next(reader)]
    except StopIteration:
        raise SpreadsheetError(_("The file is empty.")) from None
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise SpreadsheetError(
                _("Line %(line)d: more values than the header has columns.")
                % {"line": reader.line_num}
            )
        rows.append(
            (
                reader.line_num,
                {h: _text(v) for h, v in zip(header, values, strict=False)},
            )
        )
    return Table(header, rows)


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(
            _("The workbook cannot be opened; is it a valid .xlsx file?")
        ) from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [_text(c) for c in next(iterator)]
    except StopIteration:
        raise SpreadsheetError(_("The file is empty.")) from None
    rows = []
    for number, values in enumerate(iterator, start=2):
        cells = {h: _text(v) for h, v in zip(header, values, strict=False) if h}
        if any(cells.values()):
            rows.append((number, cells))
    workbook.close()
    return Table([h for h in header if h], rows)


# Streaming, for large imports


def stream_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """The lower-cased header and an iterator of (line, values), for files too large to
    hold as a Table. CSV streams; XLSX is checked whole first and refused when it has
    formulas or merged cells, which make a sheet's values unreliable."""
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic[:2] == b"PK":
        return _stream_xlsx(path)
    handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the generator
    try:
        reader = csv.reader(handle)
        header = next(reader)
    except UnicodeDecodeError:
        handle.close()
        raise SpreadsheetError(
            _("The file is neither an .xlsx workbook nor UTF-8 CSV text.")
        ) from None
    except StopIteration:
        handle.close()
        raise SpreadsheetError(_("The file is empty.")) from None

    def lines():
        with handle:
            for values in reader:
                yield reader.line_num, values

    return [h.strip().lower() for h in header], lines()


def _stream_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(
            _("The workbook cannot be opened; is it a valid .xlsx file?")
        ) from None
    sheet = workbook.worksheets[0]
    if sheet.merged_cells.ranges:
        cells = ", ".join(str(r) for r in list(sheet.merged_cells.ranges)[:5])
        raise SpreadsheetError(
            _(
                "The sheet has merged cells (%(cells)s). Unmerge them so that every row has its own values."
            )
            % {"cells": cells}
        )
    formulas = [
        c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"
    ]
    if formulas:
        raise SpreadsheetError(
            _(
                "The sheet has formulas (%(cells)s). Paste the values instead, so that what is imported is what you see."
            )
            % {"cells": ", ".join(formulas[:5])}
        )
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [str(h or "").strip().lower() for h in next(rows)]
    except StopIteration:
        raise SpreadsheetError(_("The file is empty.")) from None

    def lines():
        for number, values in enumerate(rows, start=2):
            yield number, ["" if v is None else v for v in values]

    return header, lines()


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

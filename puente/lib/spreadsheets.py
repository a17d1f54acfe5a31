"""Reading CSV and XLSX files as rows of text, each with its line number."""

import csv
import io
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

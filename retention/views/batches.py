"""Disposition batches in the browser: list, detail, approval, destruction authority, sign-off, rejection,
certificate and record list (3xx.7; Government Code §34090)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people.views import conflict
from socialgov import outbox
from socialgov.cells import CsvWriter, Echo
from socialgov.errors import InvalidTransition

from .. import disposition, lawful, permissions, records
from ..choices import BatchStatus, RecordType
from ..forms import (
    AuthorityForm,
    NoteForm,
    ReasonForm,
)
from ..models import (
    Certificate,
    DestructionAuthority,
    DispositionBatch,
    DispositionBatchSeries,
    Tombstone,
)
from .common import _act, _visible

# Records of each series a batch page lists; the CSV has them all.
BATCH_PAGE_ROWS = 100


# What the outbox holds for this app (socialgov.outbox; issue 19.1), and what a page says while it waits there.
EXECUTE_TASK = "retention.tasks.execute_batch_task"


QUEUED_NOTE = "Execution queued; it starts as soon as the job runner is back."


@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request):
    user = request.user
    permissions.require(user, "view_batches")
    if request.method == "POST":
        permissions.require(user, "propose_batch")
        try:
            batch = disposition.propose(department=user.department, by=user)
        except InvalidTransition as error:
            return conflict(request, error, reverse("retention-batches"))
        if batch is None:
            messages.info(request, "Nothing is past retention that no legal hold covers: no batch proposed.")
            return redirect("retention-batches")
        messages.success(request, f"{batch} proposed: {batch.record_count} records await the records custodian.")
        return redirect("retention-batch", pk=batch.pk)
    batches = permissions.visible(
        user, DispositionBatch.objects.select_related("decided_by", "proposed_by").order_by("-proposed_at", "-id")
    )
    context = {"batches": batches, "may_propose": permissions.can(user, "propose_batch")}
    return render(request, "retention/batch_list.html", context)


def batch_parts(batch: DispositionBatch, limit: int):
    parts = list(
        DispositionBatchSeries.objects.filter(batch=batch)
        .select_related("series", "batch__department")
        .order_by("series_id", "record_type")
    )
    for part in parts:
        kind = records.kind_of(part)
        if batch.status in (BatchStatus.PROPOSED, BatchStatus.APPROVED):
            part.listed = list(
                disposition.batch_records(part, kind).order_by("pk").values_list("pk", kind.trigger_field)[:limit]
            )
        else:
            part.listed = list(
                Tombstone.objects.filter(batch=batch, series=part.series, record_type=part.record_type)
                .order_by("object_id")
                .values_list("object_id", "trigger_at")[:limit]
            )
        part.record_label = RecordType(part.record_type).label
    return parts


@login_required
def batch_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view_batches")
    batch = _visible(request, DispositionBatch, pk, select=["decided_by", "proposed_by", "department"])
    proposed = batch.status == BatchStatus.PROPOSED
    authority = DestructionAuthority.objects.filter(batch=batch).select_related("signed_off_by").first()
    context = {
        "authority": authority,
        "authority_required": lawful.required(batch.department),
        "missing": [lawful.LABELS[key] for key in lawful.missing(batch)] if proposed else [],
        "authority_citation": lawful.citation(batch.department),
        "may_record_authority": proposed
        and not (authority and authority.signed_off)
        and permissions.can(user, "record_authority", batch),
        "may_sign_off": proposed
        and authority is not None
        and not authority.signed_off
        and permissions.can(user, "sign_off_batch", batch),
        "authority_form": AuthorityForm(),
        "signoff_form": NoteForm(),
        "batch": batch,
        "parts": batch_parts(batch, BATCH_PAGE_ROWS),
        "page_rows": BATCH_PAGE_ROWS,
        "may_decide": batch.status == BatchStatus.PROPOSED and permissions.can(user, "approve_batch", batch),
        "custodian_only": batch.status == BatchStatus.PROPOSED and not permissions.can(user, "approve_batch", batch),
        "approve_form": NoteForm(),
        "reject_form": ReasonForm(),
        "certificate": getattr(batch, "certificate", None) if batch.status == BatchStatus.COMPLETED else None,
        "held": batch.exclusions.count(),
        # Approved while the broker was down: the task waits in the outbox (issue 19.1).
        "queued": batch.status == BatchStatus.APPROVED and outbox.waiting(EXECUTE_TASK, batch.pk) is not None,
    }
    return render(request, "retention/batch_detail.html", context)


@login_required
@require_POST
def batch_approve(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    batch = _visible(request, DispositionBatch, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    return _act(
        request,
        reverse("retention-batch", args=[batch.pk]),
        lambda: disposition.approve(by=user, batch=batch, note=form.cleaned_data.get("note", "")),
        lambda batch: (
            f"{batch} approved. "
            + (
                QUEUED_NOTE
                if outbox.waiting(EXECUTE_TASK, batch.pk)
                else "A worker is disposing of its records; "
                "the certificate of destruction will be issued when it is done."
            )
        ),
    )


@login_required
@require_POST
def batch_authority(request, pk: int):
    """The custodian or the chief attaches the resolution and the city attorney's consent (issue 16.4)."""
    user = request.user
    permissions.require(user, "view_batches")
    batch = _visible(request, DispositionBatch, pk)
    permissions.require(user, "record_authority", batch)
    form = AuthorityForm(request.POST, request.FILES)
    back = reverse("retention-batch", args=[batch.pk])
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
        return redirect(back)
    return _act(
        request,
        back,
        lambda: lawful.record_authority(by=user, batch=batch, **form.cleaned_data),
        lambda authority: (
            f"Resolution {authority.resolution_number} and the city attorney's consent attached to {batch}."
        ),
    )


@login_required
@require_POST
def batch_signoff(request, pk: int):
    """The retention commander signs off the batch (3xx.7; issue 16.4)."""
    user = request.user
    permissions.require(user, "view_batches")
    batch = _visible(request, DispositionBatch, pk)
    permissions.require(user, "sign_off_batch", batch)
    form = NoteForm(request.POST)
    form.is_valid()
    return _act(
        request,
        reverse("retention-batch", args=[batch.pk]),
        lambda: lawful.sign_off(by=user, batch=batch, note=form.cleaned_data.get("note", "")),
        lambda authority: f"{batch} signed off by the {batch.department.retention_commander_title}.",
    )


@login_required
@require_POST
def batch_reject(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    batch = _visible(request, DispositionBatch, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        reverse("retention-batch", args=[batch.pk]),
        lambda: disposition.reject(by=user, batch=batch, reason=reason),
        lambda batch: f"{batch} rejected; its records stay.",
    )


@login_required
@require_GET
def batch_certificate(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    batch = _visible(request, DispositionBatch, pk)
    certificate = get_object_or_404(Certificate, batch=batch)
    pdf = request.GET.get("as") == "pdf"
    name = certificate.pdf_file.name if pdf else certificate.json_file.name
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"certificate-of-destruction-batch-{batch.pk}.{'pdf' if pdf else 'json'}",
        content_type="application/pdf" if pdf else "application/json",
    )


@login_required
@require_GET
def batch_records_csv(request, pk: int):
    """Every record of the batch, for the custodian's review: proposed ones, or the tombstones once executed."""
    user = request.user
    permissions.require(user, "view")
    batch = _visible(request, DispositionBatch, pk)

    def lines():
        writer = CsvWriter(Echo())
        yield writer.writerow(["series", "record_type", "record_id", "trigger_at", "sha256"])
        for part in DispositionBatchSeries.objects.filter(batch=batch).select_related("series", "batch__department"):
            kind = records.kind_of(part)
            if batch.status in (BatchStatus.PROPOSED, BatchStatus.APPROVED):
                rows = (
                    disposition.batch_records(part, kind)
                    .order_by("pk")
                    .values_list("pk", kind.trigger_field)
                    .iterator(chunk_size=2000)
                )
                rows = ((pk, at, "") for pk, at in rows)
            else:
                rows = (
                    Tombstone.objects.filter(batch=batch, series=part.series, record_type=part.record_type)
                    .order_by("object_id")
                    .values_list("object_id", "trigger_at", "sha256")
                    .iterator(chunk_size=2000)
                )
            for record_id, trigger_at, sha in rows:
                yield writer.writerow(
                    [
                        part.series.key,
                        RecordType(part.record_type).slug,
                        record_id,
                        trigger_at.isoformat() if trigger_at else "",
                        sha,
                    ]
                )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="disposition-batch-{batch.pk}.csv"'
    return response

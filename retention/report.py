"""The retention report (3xx.7): every record with its series, trigger date, eligible date, hold status
and disposition, filterable by series, account, date range and status; as CSV, XLSX or PDF.

Rows are produced a page at a time (keyset pages of a few thousand, with the accounts of each
page's posts and the holds covering each row computed in the page's query), so the CSV streams in
constant memory however many records the department has.
"""

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_date

from posts.models import Post
from posts.permissions import hidden_accounts
from socialgov.cells import CsvWriter, Echo, xlsx_row
from socialgov.query import MAX_ID, WHOLE_NUMBER

from .choices import Disposition, RecordStatus, RecordType
from .models import DispositionBatch, DispositionExclusion, LegalHold, RecordSeries, Tombstone, date_window
from .records import kinds_for

PAGE = 2000
COLUMNS = [
    "series",
    "series_name",
    "record_type",
    "record_id",
    "post",
    "accounts",
    "trigger",
    "trigger_date",
    "eligible_on",
    "disposition",
    "status",
    "holds",
    "batch",
    "sha256",
]
HEADINGS = [
    "Series",
    "Series name",
    "Record type",
    "Record id",
    "Post",
    "Accounts",
    "Trigger",
    "Trigger date",
    "Eligible on",
    "Disposition",
    "Status",
    "Legal holds",
    "Batch",
    "Content SHA-256",
]


@dataclass
class ReportFilters:
    series: list[str] = field(default_factory=list)
    account: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None

    @classmethod
    def parse(cls, params) -> "ReportFilters":
        """From query parameters (series may repeat); a ValidationError names each bad one."""
        errors: dict[str, list[str]] = {}
        if hasattr(params, "getlist"):
            values = params.getlist("series")
        else:
            values = params.get("series") or []
            values = [values] if isinstance(values, str) else values
        series = [key for value in values for key in str(value).split(",") if key]
        account = params.get("account") or None
        if account is not None:
            if WHOLE_NUMBER.fullmatch(str(account)) and 1 <= int(account) <= MAX_ID:
                account = int(account)
            else:
                errors["account"] = ["Give an account id."]
                account = None
        dates = {}
        for name in ("date_from", "date_to"):
            value = params.get(name) or None
            parsed = None
            if value:
                try:
                    parsed = parse_date(str(value))
                except ValueError:
                    parsed = None
                if parsed is None:
                    errors[name] = ["Give a date as YYYY-MM-DD."]
            dates[name] = parsed
        status = params.get("status") or None
        if status is not None and status not in RecordStatus.values:
            errors["status"] = [f"Choose one of: {', '.join(RecordStatus.values)}."]
        if errors:
            raise ValidationError(errors)
        return cls(series=series, account=account, status=status, **dates)

    def as_dict(self) -> dict:
        data = asdict(self)
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in data.items()
            if value not in (None, [], "")
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ReportFilters":
        return cls(
            series=data.get("series", []),
            account=data.get("account"),
            date_from=parse_date(data["date_from"]) if data.get("date_from") else None,
            date_to=parse_date(data["date_to"]) if data.get("date_to") else None,
            status=data.get("status"),
        )


class Report:
    """The report of one member's department, as that member may see it (posts to covert accounts they
    are not assigned to are left out, general policy IV.E)."""

    def __init__(self, member, filters: ReportFilters, on: date | None = None, skip=()):
        """`skip`: record types left out (the browser page shows records without audit events unless asked,
        issue 14.6; the exports have every type)."""
        self.member = member
        self.skip = set(skip)
        self.department = member.department
        self.filters = filters
        self.on = on or timezone.localdate()
        self.series = list(RecordSeries.objects.filter(department=self.department).with_schedule())
        if filters.series:
            self.series = [s for s in self.series if s.key in filters.series or str(s.pk) in filters.series]
        self.holds = list(LegalHold.objects.active().filter(department=self.department).with_scope())
        self.open_batch = DispositionBatch.objects.in_department(self.department).open().first()
        self.parts = {}
        if self.open_batch:
            for part in self.open_batch.parts.all():
                excluded = set(
                    DispositionExclusion.objects.filter(
                        batch=self.open_batch, record_type=part.record_type
                    ).values_list("object_id", flat=True)
                )
                self.parts[(part.series_id, part.record_type)] = (part, excluded)
        self.hidden_accounts = hidden_accounts(member).values("pk")
        self.hidden_posts = Post.objects.filter(department=self.department, accounts__in=self.hidden_accounts).values(
            "pk"
        )

    def _live(self, series: RecordSeries, kind):
        queryset = kind.records(self.department)
        if kind.is_post:
            queryset = queryset.exclude(pk__in=self.hidden_posts)
        elif kind.post_path:
            queryset = queryset.exclude(**{f"{kind.post_path}__in": self.hidden_posts})
        if kind.record_type == RecordType.COMMENT:  # a comment on a covert page has no post to hide it by
            queryset = queryset.exclude(account__in=self.hidden_accounts)
        if self.filters.account:
            queryset = queryset.filter(kind.account_q([self.filters.account]))
        if self.filters.date_from or self.filters.date_to:
            queryset = queryset.filter(date_window(kind.trigger_field, self.filters.date_from, self.filters.date_to))
        schedule = series.schedule
        status = self.filters.status
        disposing = schedule.disposition != Disposition.KEEP
        boundary = schedule.boundary(self.on)
        if status in (RecordStatus.DESTROYED, RecordStatus.TRANSFERRED):
            return queryset.none()
        if status == RecordStatus.RETAINED and disposing:
            queryset = queryset.filter(**{f"{kind.trigger_field}__gte": boundary})
        elif status in (RecordStatus.ELIGIBLE, RecordStatus.PROPOSED):
            queryset = queryset.filter(**{f"{kind.trigger_field}__lt": boundary}) if disposing else queryset.none()
        elif status == RecordStatus.HELD:
            queryset = queryset.filter(kind.held_q(self.holds)) if self.holds else queryset.none()
        return queryset

    def _tombstones(self):
        if self.filters.status not in (None, RecordStatus.DESTROYED, RecordStatus.TRANSFERRED):
            return Tombstone.objects.none()
        queryset = Tombstone.objects.filter(series__in=[s.pk for s in self.series]).exclude(record_type__in=self.skip)
        if self.filters.status:
            queryset = queryset.filter(
                disposition=Disposition.DESTROY
                if self.filters.status == RecordStatus.DESTROYED
                else Disposition.TRANSFER
            )
        if self.filters.account:
            queryset = queryset.filter(
                Exists(
                    Post.accounts.through.objects.filter(
                        post_id=OuterRef("post_id"), socialaccount_id=self.filters.account
                    )
                )
            )
        if self.filters.date_from or self.filters.date_to:
            queryset = queryset.filter(date_window("trigger_at", self.filters.date_from, self.filters.date_to))
        return queryset

    def _kinds(self, series):
        return [kind for kind in kinds_for(series) if kind.record_type not in self.skip]

    def count(self) -> int:
        """Rows, near enough for a progress bar (hold and batch status are settled row by row)."""
        return (
            sum(self._live(series, kind).count() for series in self.series for kind in self._kinds(series))
            + self._tombstones().count()
        )

    def _accounts(self, post_ids: set[int]) -> dict[int, list[str]]:
        accounts: dict[int, list[str]] = {}
        through = Post.accounts.through.objects.filter(post_id__in=post_ids).select_related("socialaccount")
        for link in through.order_by("socialaccount__platform", "socialaccount__handle"):
            accounts.setdefault(link.post_id, []).append(str(link.socialaccount))
        return accounts

    def rows(self) -> Iterator[dict]:
        for series in self.series:
            for kind in self._kinds(series):
                yield from self._series_rows(series, kind)
        yield from self._tombstone_rows()

    def _series_rows(self, series: RecordSeries, kind) -> Iterator[dict]:
        queryset = self._live(series, kind)
        schedule = series.schedule
        holds = self.holds if (kind.is_post or kind.post_path) else []
        hold_names = {f"h{hold.pk}": hold.matter for hold in holds}
        annotations = {
            f"h{hold.pk}": Case(
                When(kind.scope_q(hold), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
            for hold in holds
        }
        post_field = "pk" if kind.is_post else kind.post_path
        fields = ["pk", kind.trigger_field, *([post_field] if post_field and post_field != "pk" else []), *annotations]
        queryset = queryset.annotate(**annotations).order_by("pk")
        part, excluded = self.parts.get((series.pk, kind.record_type), (None, set()))
        last = 0
        while True:
            page = list(queryset.filter(pk__gt=last).values(*fields)[:PAGE])
            if not page:
                return
            last = page[-1]["pk"]
            post_of = {row["pk"]: (row["pk"] if kind.is_post else row.get(post_field)) for row in page}
            accounts = self._accounts({p for p in post_of.values() if p}) if post_field else {}
            for row in page:
                trigger_at = row[kind.trigger_field]
                holds = [name for key, name in hold_names.items() if row[key]]
                eligible_on = schedule.eligible_on(trigger_at)
                if holds:
                    status = RecordStatus.HELD
                elif part is not None and trigger_at < part.boundary and row["pk"] not in excluded:
                    status = RecordStatus.PROPOSED
                elif eligible_on is not None and eligible_on <= self.on:
                    status = RecordStatus.ELIGIBLE
                else:
                    status = RecordStatus.RETAINED
                if self.filters.status and status != self.filters.status:
                    continue
                post = post_of[row["pk"]]
                yield {
                    "series": series.key,
                    "series_name": series.name,
                    "record_type": kind.record_type.slug,
                    "record_id": row["pk"],
                    "post": post,
                    "accounts": "; ".join(accounts.get(post, [])),
                    "trigger": schedule.trigger,
                    "trigger_date": timezone.localdate(trigger_at),
                    "eligible_on": eligible_on,
                    "disposition": schedule.disposition,
                    "status": status.value,
                    "holds": "; ".join(holds),
                    "batch": self.open_batch.pk if status == RecordStatus.PROPOSED else None,
                    "sha256": "",
                }

    def _tombstone_rows(self) -> Iterator[dict]:
        series = {s.pk: s for s in self.series}
        queryset = self._tombstones().order_by("pk")
        last = 0
        while True:
            page = list(
                queryset.filter(pk__gt=last).values(
                    "pk",
                    "series_id",
                    "record_type",
                    "object_id",
                    "post_id",
                    "trigger_at",
                    "disposition",
                    "batch_id",
                    "sha256",
                )[:PAGE]
            )
            if not page:
                return
            last = page[-1]["pk"]
            accounts = self._accounts({row["post_id"] for row in page if row["post_id"]})
            for row in page:
                s = series[row["series_id"]]
                trigger_at = row["trigger_at"]
                yield {
                    "series": s.key,
                    "series_name": s.name,
                    "record_type": RecordType(row["record_type"]).slug,
                    "record_id": row["object_id"],
                    "post": row["post_id"],
                    "accounts": "; ".join(accounts.get(row["post_id"], [])),
                    "trigger": s.schedule.trigger,
                    "trigger_date": timezone.localdate(trigger_at) if trigger_at else None,
                    "eligible_on": s.schedule.eligible_on(trigger_at) if trigger_at else None,
                    "disposition": row["disposition"],
                    "status": (
                        RecordStatus.DESTROYED
                        if row["disposition"] == Disposition.DESTROY
                        else RecordStatus.TRANSFERRED
                    ).value,
                    "holds": "",
                    "batch": row["batch_id"],
                    "sha256": row["sha256"],
                }


def cell(value):
    return "" if value is None else value.isoformat() if isinstance(value, date) else value


def csv_lines(rows) -> Iterator[str]:
    # socialgov.cells: the one writer for export cells; text that looks like a formula opens as text.
    writer = CsvWriter(Echo())
    yield writer.writerow(HEADINGS)
    for row in rows:
        yield writer.writerow([row[column] for column in COLUMNS])


def write_csv(rows, out, progress=None) -> int:
    n = 0
    for n, line in enumerate(csv_lines(rows)):
        out.write(line.encode())
        if progress and n and n % 1000 == 0:
            progress(n)
    return n


def write_xlsx(rows, path, progress=None) -> int:
    # openpyxl is loaded only by the export that writes XLSX.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Retention report")
    sheet.append(HEADINGS)
    n = 0
    for n, row in enumerate(rows, 1):
        sheet.append(xlsx_row(sheet, [row[column] for column in COLUMNS]))
        if progress and n % 1000 == 0:
            progress(n)
    workbook.save(path)
    return n


def write_pdf(report: Report, rows, path, progress=None) -> int:
    # reportlab is loaded only by the export that writes a PDF.
    from .pdf import PdfDocument

    department = report.department
    pdf = PdfDocument(
        path,
        title=f"Retention report: {department.name}",
        footer=f"Policy {department.policy_number} {department.cite('retention')}; "
        f"{timezone.localtime():%Y-%m-%d %H:%M}",
        size=6.5,
    )
    pdf.heading(f"Retention report: {department.name}")
    pdf.line(
        f"Every record with its series, trigger date, eligible date, hold status and disposition "
        f"({department.cite('retention')}), on {report.on:%Y-%m-%d}."
    )
    described = {key: value for key, value in report.filters.as_dict().items()}
    pdf.line("Filters: " + (", ".join(f"{key} {value}" for key, value in described.items()) or "none"))
    pdf.table(
        [
            ("Series", 2.2),
            ("Type", 1),
            ("Id", 0.7),
            ("Post", 0.7),
            ("Accounts", 2),
            ("Trigger", 1),
            ("Eligible", 1),
            ("Disposition", 1),
            ("Status", 1),
            ("Holds", 2),
            ("SHA-256", 2.5),
        ]
    )
    n = 0
    for n, row in enumerate(rows, 1):
        pdf.row(
            [
                row["series_name"],
                row["record_type"],
                row["record_id"],
                row["post"] or "",
                row["accounts"],
                cell(row["trigger_date"]),
                cell(row["eligible_on"]),
                row["disposition"],
                row["status"],
                row["holds"],
                row["sha256"],
            ]
        )
        if progress and n % 1000 == 0:
            progress(n)
    pdf.end_table()
    pdf.close()
    return n

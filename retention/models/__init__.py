"""Record series and their schedules, legal holds, disposition batches with their tombstones and
certificates, public-records requests and retention-report exports (3xx.7; general policy IV.A.7).

How a record knows its series and eligible date: nothing is copied into an index
table. A series names a kind of record and the event that starts its period
(retention.records.KINDS); its records are a query over the source table
(posts, approval decisions, investigations, content reports, audit events), and a
record's eligible date is the local date of its trigger plus the schedule's
days. A schedule change therefore applies at once to every record, no index can
drift from its source, and proposing or executing a disposition is a handful of
set-based statements per chunk rather than a write per record (the 1,000,000-record
benchmark in bench/retention_disposition.py). What a disposition leaves behind is
a Tombstone per record, the only per-record row this app writes.
"""

from .dispositions import (
    Certificate,
    DestructionAuthority,
    DispositionBatch,
    DispositionBatchSeries,
    DispositionExclusion,
    Tombstone,
    TransferArchive,
    authority_file_path,
    retention_file_path,
)
from .exports import ReportExport
from .holds import LegalHold
from .requests import CovertInclusion, RecordsRequest
from .schedules import RecordSeries, RetentionSchedule, months_to_days, start_of_day
from .scopes import Scope, date_window

__all__ = [
    "Certificate",
    "CovertInclusion",
    "DestructionAuthority",
    "DispositionBatch",
    "DispositionBatchSeries",
    "DispositionExclusion",
    "LegalHold",
    "RecordSeries",
    "RecordsRequest",
    "ReportExport",
    "RetentionSchedule",
    "Scope",
    "Tombstone",
    "TransferArchive",
    "authority_file_path",
    "date_window",
    "months_to_days",
    "retention_file_path",
    "start_of_day",
]

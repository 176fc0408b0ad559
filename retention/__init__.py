"""Records retention (3xx.7; general policy IV.A.7; DESIGN.md "Records").

- models.py      series and schedules, legal holds, disposition batches, tombstones, certificates,
                 records requests, report exports; why there is no per-record index table
- records.py     which source rows each series covers, and how a disposition removes them
- services.py    schedules (the legal minimum), holds, records requests
- disposition.py proposing, approving, rejecting and executing batches (idempotent, resumable)
- certificates.py, packages.py, report.py, exports.py, pdf.py   what the custodian hands over
- tasks.py       the daily proposal, resuming stalled batches, report exports (socialgov/celery.py)
- permissions.py the custodian and the chief; only the custodian changes schedules and decides batches
- api/, views.py, forms.py, urls.py, templatetags/retention_tags.py   the API and the browser pages
- management/commands/run_retention.py   the daily job from the shell
"""

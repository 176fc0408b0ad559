from django.urls import path

from .views import batches, holds, posts, reports, requests, schedules

urlpatterns = [
    path("retention/", schedules.home, name="retention-home"),
    path("retention/series/<int:pk>/edit/", schedules.edit_schedule, name="retention-schedule-edit"),
    path("retention/holds/", holds.hold_list, name="retention-holds"),
    path("retention/holds/new/", holds.hold_new, name="retention-hold-new"),
    path("retention/holds/<int:pk>/", holds.hold_detail, name="retention-hold"),
    path("retention/holds/<int:pk>/reconfirm/", holds.hold_reconfirm, name="retention-hold-reconfirm"),
    path("retention/batches/", batches.batch_list, name="retention-batches"),
    path("retention/batches/<int:pk>/", batches.batch_detail, name="retention-batch"),
    path("retention/batches/<int:pk>/approve/", batches.batch_approve, name="retention-batch-approve"),
    path("retention/batches/<int:pk>/reject/", batches.batch_reject, name="retention-batch-reject"),
    path("retention/batches/<int:pk>/authority/", batches.batch_authority, name="retention-batch-authority"),
    path("retention/batches/<int:pk>/signoff/", batches.batch_signoff, name="retention-batch-signoff"),
    path("retention/batches/<int:pk>/certificate/", batches.batch_certificate, name="retention-batch-certificate"),
    path("retention/batches/<int:pk>/records.csv", batches.batch_records_csv, name="retention-batch-records"),
    path("retention/report/", reports.report, name="retention-report"),
    path("retention/report/export/", reports.report_export, name="retention-report-export"),
    path("retention/exports/<int:pk>/", reports.export_detail, name="retention-export"),
    path("retention/exports/<int:pk>/status/", reports.export_status, name="retention-export-status"),
    path("retention/exports/<int:pk>/download/", reports.export_download, name="retention-export-download"),
    path("retention/requests/", requests.request_list, name="retention-requests"),
    path("retention/requests/new/", requests.request_new, name="retention-request-new"),
    path("retention/requests/<int:pk>/", requests.request_detail, name="retention-request"),
    path("retention/requests/<int:pk>/package/", requests.request_package, name="retention-request-package"),
    path("retention/posts/<int:pk>/", posts.post_detail, name="retention-post"),
]

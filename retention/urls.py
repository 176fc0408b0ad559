from django.urls import path

from . import views

urlpatterns = [
    path("retention/", views.home, name="retention-home"),
    path("retention/series/<int:pk>/edit/", views.edit_schedule, name="retention-schedule-edit"),
    path("retention/holds/", views.hold_list, name="retention-holds"),
    path("retention/holds/new/", views.hold_new, name="retention-hold-new"),
    path("retention/holds/<int:pk>/", views.hold_detail, name="retention-hold"),
    path("retention/holds/<int:pk>/reconfirm/", views.hold_reconfirm, name="retention-hold-reconfirm"),
    path("retention/batches/", views.batch_list, name="retention-batches"),
    path("retention/batches/<int:pk>/", views.batch_detail, name="retention-batch"),
    path("retention/batches/<int:pk>/approve/", views.batch_approve, name="retention-batch-approve"),
    path("retention/batches/<int:pk>/reject/", views.batch_reject, name="retention-batch-reject"),
    path("retention/batches/<int:pk>/authority/", views.batch_authority, name="retention-batch-authority"),
    path("retention/batches/<int:pk>/signoff/", views.batch_signoff, name="retention-batch-signoff"),
    path("retention/batches/<int:pk>/certificate/", views.batch_certificate, name="retention-batch-certificate"),
    path("retention/batches/<int:pk>/records.csv", views.batch_records_csv, name="retention-batch-records"),
    path("retention/report/", views.report, name="retention-report"),
    path("retention/report/export/", views.report_export, name="retention-report-export"),
    path("retention/exports/<int:pk>/", views.export_detail, name="retention-export"),
    path("retention/exports/<int:pk>/status/", views.export_status, name="retention-export-status"),
    path("retention/exports/<int:pk>/download/", views.export_download, name="retention-export-download"),
    path("retention/requests/", views.request_list, name="retention-requests"),
    path("retention/requests/new/", views.request_new, name="retention-request-new"),
    path("retention/requests/<int:pk>/", views.request_detail, name="retention-request"),
    path("retention/requests/<int:pk>/package/", views.request_package, name="retention-request-package"),
    path("retention/posts/<int:pk>/", views.post_detail, name="retention-post"),
]

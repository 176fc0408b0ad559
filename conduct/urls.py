from django.urls import path

from . import views

app_name = "conduct"

urlpatterns = [
    path("conduct/", views.home, name="home"),
    path("conduct/acknowledgment/", views.acknowledge, name="acknowledge"),
    path("conduct/acknowledgments/pending/", views.pending, name="pending"),
    path("conduct/members/<int:pk>/", views.member_record, name="member"),
    path("conduct/members/<int:pk>/export/", views.member_export, name="member-export"),
    path("conduct/permissions/new/", views.request_create, name="request-create"),
    path("conduct/permissions/<int:pk>/", views.request_detail, name="request"),
    path("conduct/permissions/<int:pk>/grant/", views.request_grant, name="request-grant"),
    path("conduct/permissions/<int:pk>/decline/", views.request_decline, name="request-decline"),
    path("conduct/permissions/<int:pk>/consent/", views.request_consent, name="request-consent"),
    path("conduct/permissions/<int:pk>/refuse/", views.request_refuse, name="request-refuse"),
    path("conduct/permissions/<int:pk>/revoke/", views.request_revoke, name="request-revoke"),
    path("conduct/reports/new/", views.report_create, name="report-create"),
    path("conduct/reports/<int:pk>/", views.report_detail, name="report"),
    path("conduct/reviews/", views.review_list, name="reviews"),
    path("conduct/reviews/new/", views.review_create, name="review-create"),
    path("conduct/reviews/<int:pk>/", views.review_detail, name="review"),
    path("conduct/reviews/<int:pk>/entries/", views.review_entry, name="review-entry"),
    path("conduct/reviews/<int:pk>/close/", views.review_close, name="review-close"),
    path("conduct/vetting/", views.vetting_list, name="vetting"),
    path("conduct/vetting/<int:pk>/", views.round_detail, name="round"),
    path("conduct/vetting/<int:pk>/checklist/", views.round_checklist, name="round-checklist"),
    path("conduct/vetting/<int:pk>/candidates/", views.round_candidate, name="round-candidate"),
    path("conduct/candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("conduct/candidates/<int:pk>/searches/", views.candidate_search, name="candidate-search"),
    path("conduct/candidates/<int:pk>/information/", views.candidate_information, name="candidate-information"),
]

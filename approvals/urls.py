from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    # A post's submission and the decisions on it (3xx.3): approvals owns them, at the post's address.
    path("posts/<int:pk>/submit/", views.post_submit, name="submit"),
    path("posts/<int:pk>/approve/", views.post_approve, name="approve"),
    path("posts/<int:pk>/request-changes/", views.post_request_changes, name="request-changes"),
    path("posts/<int:pk>/reject/", views.post_reject, name="reject"),
    # A supervisor's override of a screener's finding (3xx.5) is a decision: approvals'.
    path("flags/<int:pk>/override/", views.flag_override, name="flag-override"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/forward/", views.request_forward, name="request-forward"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request-decline"),
    path("requests/<int:pk>/draft/", views.request_draft, name="request-draft"),
]

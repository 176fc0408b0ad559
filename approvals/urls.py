from django.urls import path

from . import guideline_views, views

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
    # The chief's content guidelines (3xx.3; issue 16.3).
    path("guidelines/", guideline_views.guideline_list, name="guidelines"),
    path("guidelines/new/", guideline_views.guideline_create, name="guideline-create"),
    path("guidelines/applicable/", guideline_views.guideline_applicable, name="guideline-applicable"),
    path("guidelines/<int:pk>/", guideline_views.guideline_detail, name="guideline"),
    path("guidelines/<int:pk>/edit/", guideline_views.guideline_edit, name="guideline-edit"),
    path("guidelines/<int:pk>/templates/", guideline_views.template_add, name="template-add"),
    path("guidelines/templates/<int:pk>/retire/", guideline_views.template_retire, name="template-retire"),
    path("guidelines/templates/<int:pk>/write/", guideline_views.template_write, name="template-write"),
]

from django.urls import path

from . import views

app_name = "posts"

urlpatterns = [
    path("posts/", views.post_list, name="list"),
    path("posts/mine/", views.my_drafts, name="drafts"),
    path("posts/queue/", views.queue, name="queue"),
    path("posts/new/", views.post_create, name="create"),
    path("posts/<int:pk>/", views.post_detail, name="detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="edit"),
    path("posts/<int:pk>/diff/", views.post_diff, name="diff"),
    path("posts/<int:pk>/publish/", views.post_publish, name="publish"),
    path("posts/<int:pk>/remove/", views.post_remove, name="remove"),
    path("publications/<int:pk>/confirm-removal/", views.confirm_removal, name="confirm-removal"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/new/", views.account_create, name="account-create"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("accounts/<int:pk>/approve/", views.account_approve, name="account-approve"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/", views.incident_create, name="incident-create"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/close/", views.incident_close, name="incident-close"),
    path("investigations/", views.investigation_list, name="investigations"),
    path("investigations/<int:pk>/", views.investigation_detail, name="investigation"),
    path("comments/", views.comment_list, name="comments"),
    path("comments/import/", views.comment_import, name="comment-import"),
    path("comments/<int:pk>/", views.comment_detail, name="comment"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/removed/", views.report_removed, name="report-removed"),
]

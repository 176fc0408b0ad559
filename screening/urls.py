from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("screening/preview/", views.preview, name="preview"),
    path("screening/rules/", views.rule_list, name="rules"),
    path("screening/rules/<slug:code>/", views.rule_update, name="rule-update"),
    path("screening/false-positives/", views.false_positives, name="false-positives"),
    path("screening/holds/", views.holds, name="holds"),
    path("screening/holds/<int:pk>/release/", views.hold_release, name="hold-release"),
    path("flags/<int:pk>/report/", views.flag_report, name="flag-report"),
    path("screening/posts/<int:pk>/missed/", views.report_missed, name="report-missed"),
    path("screening/corpus/", views.corpus, name="corpus"),
    path("screening/corpus/<int:pk>/<slug:decision>/", views.labelled_draft_decide, name="labelled-draft-decide"),
]

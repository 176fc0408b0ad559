from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("hold-terms", views.CaseHoldViewSet, basename="api-hold-term")
router.register("flags", views.FlagViewSet, basename="api-flag")
router.register("false-positive-reports", views.FalsePositiveReportViewSet, basename="api-false-positive-report")
router.register("screening-rules", views.RuleViewSet, basename="api-screening-rule")
router.register("labelled-drafts", views.LabelledDraftViewSet, basename="api-labelled-draft")

urlpatterns = [
    path("screen/", views.ScreenView.as_view(), name="api-screen"),
    *router.urls,
]

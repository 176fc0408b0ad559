from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("retention/series", views.SeriesViewSet, basename="api-retention-series")
router.register("retention/holds", views.HoldViewSet, basename="api-retention-hold")
router.register("retention/batches", views.BatchViewSet, basename="api-retention-batch")
router.register("retention/requests", views.RequestViewSet, basename="api-retention-request")
router.register("retention/exports", views.ExportViewSet, basename="api-retention-export")

urlpatterns = [
    path("retention/report/", views.ReportView.as_view(), name="api-retention-report"),
    *router.urls,
]

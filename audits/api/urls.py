from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("audit-events", views.AuditEventViewSet, basename="api-audit-event")
router.register("reviews", views.ReviewViewSet, basename="api-review")

urlpatterns = router.urls

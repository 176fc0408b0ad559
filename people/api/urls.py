from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

# Route names carry "api-" so they never collide with the browser's "member-list" and the like.
router = SimpleRouter()
router.register("members", views.MemberViewSet, basename="api-member")
router.register("authorizations", views.AuthorizationViewSet, basename="api-authorization")
router.register("designees", views.DesignationViewSet, basename="api-designee")
router.register("training-records", views.TrainingRecordViewSet, basename="api-training-record")
# The audit trail, read through the people door ("read_audit": the chief and the custodian).
router.register("audit-events", views.AuditEventViewSet, basename="api-audit-event")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("department/", views.DepartmentView.as_view(), name="api-department"),
    *router.urls,
]

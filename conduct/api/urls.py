from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("policy-versions", views.PolicyVersionViewSet, basename="api-policy-version")
router.register("policy-acknowledgments", views.PolicyAcknowledgmentViewSet, basename="api-policy-acknowledgment")
router.register("permission-requests", views.PermissionRequestViewSet, basename="api-permission-request")
router.register("conduct-reviews", views.ConductReviewViewSet, basename="api-conduct-review")
router.register("member-reports", views.MemberReportViewSet, basename="api-member-report")
router.register("vetting-rounds", views.VettingRoundViewSet, basename="api-vetting-round")
router.register("vetting-candidates", views.CandidateViewSet, basename="api-vetting-candidate")

urlpatterns = router.urls

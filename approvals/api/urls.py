from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("post-requests", views.PostRequestViewSet, basename="api-post-request")

router.register("approval-rules", views.ApprovalRuleViewSet, basename="api-approval-rule")

urlpatterns = router.urls

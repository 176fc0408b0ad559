from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("post-requests", views.PostRequestViewSet, basename="api-post-request")

# The decisions on a post, at the post's address (URL names api-post-submit, api-post-approve, ...).
router.register("posts", views.PostDecisionViewSet, basename="api-post")
router.register("approval-rules", views.ApprovalRuleViewSet, basename="api-approval-rule")
router.register("guidelines", views.GuidelineViewSet, basename="api-guideline")
router.register("guideline-templates", views.PostTemplateViewSet, basename="api-guideline-template")

urlpatterns = router.urls

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("post-requests", views.PostRequestViewSet, basename="api-post-request")

# The decisions on a post, at the post's address (URL names api-post-submit, api-post-approve, ...).
router.register("posts", views.PostDecisionViewSet, basename="api-post")
router.register("approval-rules", views.ApprovalRuleViewSet, basename="api-approval-rule")
router.register("guidelines", views.GuidelineViewSet, basename="api-guideline")
router.register("guideline-templates", views.PostTemplateViewSet, basename="api-guideline-template")

urlpatterns = [
    # A supervisor's override of a screener's finding (3xx.5), at the finding's address: a decision, approvals'.
    # The router's pattern, so that an id the router would not match is the API's JSON 404 there too.
    re_path(r"^flags/(?P<pk>[^/.]+)/override/$", views.FlagOverrideView.as_view(), name="api-flag-override"),
    *router.urls,
]

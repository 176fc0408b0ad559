from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("accounts", views.AccountViewSet, basename="api-account")
router.register("posts", views.PostViewSet, basename="api-post")
router.register("media", views.MediaViewSet, basename="api-media")
router.register("incidents", views.IncidentViewSet, basename="api-incident")
router.register("investigations", views.InvestigationViewSet, basename="api-investigation")
router.register("comments", views.CommentViewSet, basename="api-comment")
router.register("content-reports", views.ContentReportViewSet, basename="api-content-report")

urlpatterns = router.urls

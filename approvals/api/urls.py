from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("post-requests", views.PostRequestViewSet, basename="api-post-request")

urlpatterns = router.urls

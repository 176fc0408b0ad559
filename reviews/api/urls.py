from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("reviews", views.ReviewViewSet, basename="api-review")

urlpatterns = router.urls

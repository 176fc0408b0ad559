from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("operations", views.OperationViewSet, basename="api-operation")

urlpatterns = router.urls

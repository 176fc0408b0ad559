from django.urls import re_path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("captured-posts", views.CapturedPostViewSet, basename="api-captured-post")

# At the account's own address, written as the router writes its routes (the schema's /accounts/{id}/...).
urlpatterns = [
    re_path(r"^accounts/(?P<pk>[0-9]+)/connection/$", views.ConnectionView.as_view(), name="api-account-connection"),
    re_path(r"^accounts/(?P<pk>[0-9]+)/capture/$", views.CaptureView.as_view(), name="api-account-capture"),
    *router.urls,
]

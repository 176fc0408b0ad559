from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    # Sign-in and sign-out keep their un-namespaced names ("login", "logout": settings.LOGIN_URL).
    path("", include("security.sign_in_urls")),
    path("", include("security.urls")),
    path("", include("people.urls")),
    path("", include("posts.urls")),
    path("", include("approvals.urls")),
    path("", include("conduct.urls")),
    path("", include("screening.urls")),
    path("", include("retention.urls")),
    path("", include("reviews.urls")),
    path("", include("notifications.urls")),
    path("", include("platforms.urls")),
    path("", include("operations.urls")),
    path("api/v1/", include("socialgov.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# A refused change is a security event (socialgov.errors.denied -> security) before the 403 page.
handler403 = "socialgov.views.permission_denied"

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from socialgov import health

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
    # Health for operators and load balancers: no sign-in, no records (issue 19.2).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# A refused change is a security event (socialgov.errors.denied -> security) before the 403 page.
handler403 = "socialgov.views.permission_denied"
# A request that lost the database is 503 with a retry page (or JSON for the API), not 500 (issue 19.3).
handler500 = "socialgov.health.server_error"

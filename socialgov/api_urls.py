from django.urls import include, path

urlpatterns = [
    path("", include("people.api.urls")),
    path("", include("posts.api.urls")),
    path("", include("approvals.api.urls")),
    path("", include("conduct.api.urls")),
    path("", include("reviews.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("screening.api.urls")),
    path("", include("retention.api.urls")),
    path("", include("platforms.api.urls")),
    path("", include("operations.api.urls")),
]

from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/forward/", views.request_forward, name="request-forward"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request-decline"),
    path("requests/<int:pk>/draft/", views.request_draft, name="request-draft"),
]

from django.urls import path

from . import views

app_name = "platforms"

urlpatterns = [
    path("accounts/<int:pk>/connection/", views.connection, name="connection"),
    path("accounts/<int:pk>/connection/disconnect/", views.disconnect, name="disconnect"),
    path("accounts/<int:pk>/capture/", views.capture_now, name="capture"),
]

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.notification_read_all, name="read-all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="open"),
    path("notifications/<int:pk>/read/", views.notification_read, name="read"),
]

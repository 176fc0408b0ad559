from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    # Undercover operations (general policy IV.E.2; issue 16.1): the same door as /api/v1/operations/.
    path("operations/", views.operation_list, name="list"),
    path("operations/new/", views.operation_create, name="create"),
    path("operations/<int:pk>/", views.operation_detail, name="detail"),
    path("operations/<int:pk>/approve/", views.operation_approve, name="approve"),
    path("operations/<int:pk>/log/", views.operation_log, name="log"),
    path("operations/<int:pk>/external-postings/", views.operation_posting, name="external-postings"),
    path("operations/<int:pk>/close/", views.operation_close, name="close"),
]

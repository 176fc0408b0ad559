from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.member_list, name="member-list"),
    path("members/<int:pk>/", views.member_detail, name="member-detail"),
    path("authorizations/grant/", views.grant_authorization, name="authorization-grant"),
    path("authorizations/<int:pk>/revoke/", views.revoke_authorization, name="authorization-revoke"),
    path("training/record/", views.record_training, name="training-record"),
    path("designees/", views.designee_list, name="designee-list"),
    path("designees/<int:pk>/revoke/", views.designee_revoke, name="designee-revoke"),
]

from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("login/two-factor/", views.verify, name="verify"),
    path("login/two-factor/enrol/", views.enroll, name="enroll"),
    path("profile/", views.profile, name="profile"),
    path("profile/backup-codes/", views.backup_codes, name="backup-codes"),
    path("profile/two-factor/disable/", views.disable_second_factor, name="disable"),
    path("profile/tokens/", views.token_create, name="token-create"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("profile/sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("members/<int:pk>/unlock/", views.member_unlock, name="member-unlock"),
    path("members/<int:pk>/reset-two-factor/", views.member_reset_second_factor, name="member-reset"),
]

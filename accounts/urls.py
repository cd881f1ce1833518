from django.urls import path

from .views import auth, member, staff

app_name = "accounts"
urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", auth.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("invitation/<str:token>/", auth.invitation, name="invitation"),
    path("second-factor/", auth.otp_verify, name="otp_verify"),
    path("second-factor/enrol/", auth.otp_enrol, name="otp_enrol"),
    # The member's own pages
    path("me/", member.home, name="home"),
    path("me/data/", member.my_data, name="my_data"),
    path("me/data.json", member.my_data_json, name="my_data_json"),
    path("me/delete/", member.erase, name="erase"),
    path("me/terms/", member.terms_accept, name="terms_accept"),
    path("me/consent/", member.consent, name="consent"),
    # Staff
    path("staff/", staff.staff_home, name="staff_home"),
    path("staff/members/", staff.member_list, name="member_list"),
    path("staff/members/invite/", staff.member_invite_view, name="member_invite"),
    path("staff/members/import/", staff.member_import, name="member_import"),
    path("staff/people/<int:pk>/identity/", staff.identity, name="identity"),
    path("staff/people/<int:pk>/deactivate/", staff.deactivate, name="deactivate"),
    path("staff/people/<int:pk>/reactivate/", staff.reactivate, name="reactivate"),
    path("staff/people/<int:pk>/second-factor-reset/", staff.second_factor_reset_view, name="second_factor_reset"),
    path("staff/team/", staff.staff_list, name="staff_list"),
    path("staff/team/invite/", staff.staff_invite_view, name="staff_invite"),
    path("staff/terms/", staff.terms, name="terms"),
]

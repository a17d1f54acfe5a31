from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from puente.accounts import views
from puente.accounts.forms import LoginForm, OutboxPasswordResetForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("mfa/", views.mfa_verify, name="mfa_verify"),
    path("security/", views.mfa_setup, name="mfa_setup"),
    path("security/app/", views.mfa_totp_add, name="mfa_totp_add"),
    path(
        "security/recovery-codes/",
        views.mfa_recovery_codes,
        name="mfa_recovery_codes",
    ),
    path("security/<str:kind>/<int:pk>/remove/", views.mfa_remove, name="mfa_remove"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/others/end/", views.session_end_others, name="session_end_others"),
    path("sessions/<int:pk>/end/", views.session_end, name="session_end"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=OutboxPasswordResetForm,
            email_template_name="emails/password_reset_body.txt",
            subject_template_name="emails/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
            # Whoever just chose a password from an invitation or a reset link is
            # signed in, not sent to sign in again.
            post_reset_login=True,
            post_reset_login_backend="puente.accounts.backends.LockoutModelBackend",
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]

"""Log in and out, change or reset a password, and the profile page (bookmarklet, drafts)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import views
from .ratelimits import ADDRESS, page_answer, posted_lowercase, rate_limited

reset_limited = rate_limited(
    ("password_reset_address", ADDRESS),
    ("password_reset_email", posted_lowercase("email")),
    answer=page_answer(
        _("Too many password-reset requests from this address or for this e-mail address.")
    ),
)


def auth_page(route: str, view, name: str, limit=None, **options):
    """``view`` at ``route``, named ``name``, with template ``accounts/<name>.html``."""
    as_view = view.as_view(template_name=f"accounts/{name}.html", **options)
    return path(route, limit(as_view) if limit else as_view, name=name)


urlpatterns = [
    auth_page("login/", auth_views.LoginView, "login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    auth_page("password/", auth_views.PasswordChangeView, "password_change"),
    auth_page("password/done/", auth_views.PasswordChangeDoneView, "password_change_done"),
    auth_page(
        "password/reset/",
        auth_views.PasswordResetView,
        "password_reset",
        limit=reset_limited,
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done"),
    ),
    auth_page("password/reset/sent/", auth_views.PasswordResetDoneView, "password_reset_done"),
    auth_page(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView,
        "password_reset_confirm",
    ),
    auth_page(
        "password/reset/done/", auth_views.PasswordResetCompleteView, "password_reset_complete"
    ),
    path("locks/", views.locks, name="login_locks"),
]

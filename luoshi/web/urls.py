from django.contrib.auth import views as auth_views
from django.urls import path

from luoshi.web import account_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/data.json", views.dashboard_data, name="dashboard_data"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("account/tokens/", account_views.tokens_view, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", account_views.token_revoke_view, name="token_revoke"),
]

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from luoshi.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/data.json", views.dashboard_data, name="dashboard_data"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", auth_views.PasswordChangeView.as_view(
        success_url=reverse_lazy("web:password_change_done")), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

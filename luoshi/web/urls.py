from django.contrib.auth import views as auth_views
from django.urls import path

from luoshi.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/data.json", views.dashboard_data, name="dashboard_data"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

from django.urls import path

from luoshi.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("measures/", views.measure_list_view, name="measures"),
    path("measures/<int:pk>/", views.measure_detail_view, name="measure"),
    path("finder/", views.finder_view, name="finder"),
    path("manage/", views.manage_list_view, name="manage"),
    path("manage/<int:pk>/", views.manage_edit_view, name="manage_edit"),
]

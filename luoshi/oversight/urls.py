from django.urls import path

from luoshi.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("evaluate/", views.evaluate_view, name="evaluate"),
    path("snapshots/", views.snapshot_list_view, name="snapshot_list"),
    path("snapshots/new/", views.snapshot_new_view, name="snapshot_new"),
    path("snapshots/<int:pk>/", views.snapshot_detail_view, name="snapshot_detail"),
    path("adjustments/", views.adjustment_list_view, name="adjustment_list"),
    path("adjustments/<int:pk>/", views.adjustment_detail_view, name="adjustment_detail"),
    path("tasks/<int:task_pk>/adjust/", views.adjustment_new_view, name="adjustment_new"),
    path("notices/", views.notice_list_view, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail_view, name="notice_detail"),
    path("tasks/<int:task_pk>/notice/", views.notice_new_view, name="notice_new"),
    path("tasks/<int:task_pk>/comment/", views.comment_add_view, name="comment_add"),
    path("assessment/", views.assessment_view, name="assessment"),
    path("assessment/<str:period_key>/units/<int:unit_pk>/", views.assessment_unit_view, name="assessment_unit"),
]

from django.urls import path

from luoshi.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list_view, name="list"),
    path("new/", views.indicator_form_view, name="create"),
    path("export.xlsx", views.export_view, name="export"),
    path("import/", views.import_view, name="import"),
    path("import/<str:token>/commit/", views.import_commit_view, name="import_commit"),
    path("import/<str:token>/cancel/", views.import_cancel_view, name="import_cancel"),
    path("link-task/", views.task_link_any_view, name="task_link_any"),
    path("observations/<int:pk>/delete/", views.observation_delete_view, name="observation_delete"),
    path("<int:pk>/", views.indicator_detail_view, name="detail"),
    path("<int:pk>/edit/", views.indicator_form_view, name="edit"),
    path("<int:pk>/chart.json", views.indicator_chart_view, name="chart"),
    path("<int:pk>/observations/", views.observation_record_view, name="observation_record"),
    path("<int:pk>/target/", views.target_set_view, name="target_set"),
    path("<int:pk>/tasks/", views.task_link_view, name="task_link"),
]

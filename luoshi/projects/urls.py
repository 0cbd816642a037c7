from django.urls import path

from luoshi.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("new/", views.project_form_view, name="create"),
    path("export.xlsx", views.export_view, name="export"),
    path("import/", views.import_view, name="import"),
    path("import/<str:token>/commit/", views.import_commit_view, name="import_commit"),
    path("import/<str:token>/cancel/", views.import_cancel_view, name="import_cancel"),
    path("batches/new/", views.batch_form_view, name="batch_create"),
    path("batches/<int:pk>/edit/", views.batch_form_view, name="batch_edit"),
    path("link-task/", views.task_link_view, name="task_link_any"),
    path("<int:pk>/", views.project_detail_view, name="detail"),
    path("<int:pk>/edit/", views.project_form_view, name="edit"),
    path("<int:pk>/chart.json", views.project_chart_view, name="chart"),
    path("<int:pk>/investments/", views.investment_record_view, name="investment_record"),
    path("<int:pk>/milestones/", views.milestone_set_view, name="milestone_set"),
    path("<int:pk>/tasks/", views.task_link_view, name="task_link"),
]

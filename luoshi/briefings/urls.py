from django.urls import path

from luoshi.briefings import views

app_name = "briefings"

urlpatterns = [
    path("", views.briefing_list_view, name="list"),
    path("generate/", views.briefing_generate_view, name="generate"),
    path("<int:pk>/", views.briefing_detail_view, name="detail"),
    path("<int:pk>/edit/", views.briefing_edit_view, name="edit"),
    path("<int:pk>/download/<str:fmt>/", views.briefing_download_view, name="download"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/data.json", views.dashboard_data_view, name="dashboard_data"),
    path("dashboard/proposals.json", views.dashboard_proposals_view, name="dashboard_proposals"),
    path("tasks/", views.task_drill_view, name="tasks"),
    path("coverage/", views.coverage_view, name="coverage"),
    path("timeline/", views.timeline_view, name="timeline"),
    path("export/ledger/", views.ledger_export_view, name="ledger_export"),
    path("jobs/<int:pk>/", views.job_view, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress_view, name="job_progress"),
    path("jobs/<int:pk>/download/", views.job_download_view, name="job_download"),
]

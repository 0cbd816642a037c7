from django.urls import path

from luoshi.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("messages/", views.messages_view, name="messages"),
    path("messages/read/", views.messages_read_view, name="messages_read"),
    path("all/", views.report_list_view, name="report_list"),
    path("tasks/<int:task_pk>/new/", views.report_new_view, name="report_new"),
    path("tasks/<int:task_pk>/milestones/", views.milestone_add_view, name="milestone_add"),
    path("milestones/<int:pk>/delete/", views.milestone_delete_view, name="milestone_delete"),
    path("<int:pk>/", views.report_detail_view, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit_view, name="report_edit"),
    path("<int:pk>/submit/", views.report_submit_view, name="report_submit"),
    path("<int:pk>/discard/", views.report_discard_view, name="report_discard"),
    path("<int:pk>/review/", views.report_review_view, name="report_review"),
    path("<int:pk>/resubmit/", views.report_resubmit_view, name="report_resubmit"),
    path("evidence/<int:pk>/", views.evidence_download_view, name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove_view, name="evidence_remove"),
    path("periods/", views.periods_view, name="periods"),
    path("tasks/<int:task_pk>/contribution/", views.contribution_edit_view, name="contribution_edit"),
    path("contributions/<int:pk>/evidence/", views.contribution_evidence_view, name="contribution_evidence"),
]

from django.urls import path

from luoshi.ledger import organise_views, review_views, views

app_name = "ledger"

urlpatterns = [
    path("", views.task_list_view, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail_view, name="task_detail"),
    path("ingest/", review_views.document_ingest_view, name="document_ingest"),
    path("review/<int:pk>/", review_views.review_view, name="review"),
    path("review/<int:pk>/bulk/", review_views.review_bulk_view, name="review_bulk"),
    path("drafts/<int:pk>/confirm/", review_views.review_confirm_view, name="draft_confirm"),
    path("drafts/<int:pk>/reject/", review_views.review_reject_view, name="draft_reject"),
    # organise and liaise (issue #4)
    path("taskforces/", organise_views.taskforce_list_view, name="taskforce_list"),
    path("taskforces/<int:pk>/", organise_views.taskforce_detail_view, name="taskforce_detail"),
    path("assign/", organise_views.assign_view, name="assign"),
    path("tasks/<int:pk>/assign/", organise_views.task_assign_view, name="task_assign"),
    path("liaison/", organise_views.liaison_list_view, name="liaison_list"),
    path("liaison/<int:pk>/", organise_views.liaison_detail_view, name="liaison_detail"),
    path("tasks/<int:task_pk>/liaison/new/", organise_views.liaison_new_view, name="liaison_new"),
    path("workload/", organise_views.workload_view, name="workload"),
    path("workload/units/<int:pk>/", organise_views.workload_unit_view, name="workload_unit"),
    path("workload/people/<int:pk>/", organise_views.workload_person_view, name="workload_person"),
]

from django.urls import path

from luoshi.ledger.views import assignment, liaison, linking, review, taskforces, tasks, workload

app_name = "ledger"

urlpatterns = [
    path("", tasks.task_list_view, name="task_list"),
    path("tasks/<int:pk>/", tasks.task_detail_view, name="task_detail"),
    path("ingest/", review.document_ingest_view, name="document_ingest"),
    path("review/<int:pk>/", review.review_view, name="review"),
    path("review/<int:pk>/bulk/", review.review_bulk_view, name="review_bulk"),
    path("review/<int:pk>/units/", review.review_unit_resolve_view, name="review_unit_resolve"),
    path("review/<int:pk>/suggest/", linking.review_suggest_view, name="review_suggest"),
    path("drafts/<int:pk>/confirm/", review.review_confirm_view, name="draft_confirm"),
    path("drafts/<int:pk>/reject/", review.review_reject_view, name="draft_reject"),
    # links across levels and versions
    path("drafts/<int:pk>/parent/", linking.draft_parent_view, name="draft_parent"),
    path("drafts/<int:pk>/revision/", linking.revision_resolve_view, name="revision_resolve"),
    path("revisions/<int:pk>/dropped/", linking.revision_dropped_view, name="revision_dropped"),
    path("parents/search/", linking.parent_search_view, name="parent_search"),
    path("tasks/<int:pk>/parent/", linking.task_parent_view, name="task_parent"),
    # organise and liaise
    path("taskforces/", taskforces.taskforce_list_view, name="taskforce_list"),
    path("taskforces/<int:pk>/", taskforces.taskforce_detail_view, name="taskforce_detail"),
    path("assign/", assignment.assign_view, name="assign"),
    path("tasks/<int:pk>/assign/", assignment.task_assign_view, name="task_assign"),
    path("liaison/", liaison.liaison_list_view, name="liaison_list"),
    path("liaison/<int:pk>/", liaison.liaison_detail_view, name="liaison_detail"),
    path("tasks/<int:task_pk>/liaison/new/", liaison.liaison_new_view, name="liaison_new"),
    path("workload/", workload.workload_view, name="workload"),
    path("workload/units/<int:pk>/", workload.workload_unit_view, name="workload_unit"),
    path("workload/people/<int:pk>/", workload.workload_person_view, name="workload_person"),
]

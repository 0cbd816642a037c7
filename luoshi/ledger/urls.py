from django.urls import path

from luoshi.ledger import review_views, views

app_name = "ledger"

urlpatterns = [
    path("", views.task_list_view, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail_view, name="task_detail"),
    path("ingest/", review_views.document_ingest_view, name="document_ingest"),
    path("review/<int:pk>/", review_views.review_view, name="review"),
    path("review/<int:pk>/bulk/", review_views.review_bulk_view, name="review_bulk"),
    path("drafts/<int:pk>/confirm/", review_views.review_confirm_view, name="draft_confirm"),
    path("drafts/<int:pk>/reject/", review_views.review_reject_view, name="draft_reject"),
]

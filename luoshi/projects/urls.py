from django.urls import path

from luoshi.projects import views
from luoshi.sheets.views import flow_urls

app_name = "projects"

urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("new/", views.project_form_view, name="create"),
    *flow_urls(views.FLOW),
    path("batches/new/", views.batch_form_view, name="batch_create"),
    path("batches/<int:pk>/edit/", views.batch_form_view, name="batch_edit"),
    path("link-task/", views.task_link_view, name="task_link_any"),
    path("link-task/search/", views.task_link_search_view, name="task_link_search"),
    path("<int:pk>/", views.project_detail_view, name="detail"),
    path("<int:pk>/edit/", views.project_form_view, name="edit"),
    path("<int:pk>/chart.json", views.project_chart_view, name="chart"),
    path("<int:pk>/investments/", views.investment_record_view, name="investment_record"),
    path("<int:pk>/milestones/", views.milestone_set_view, name="milestone_set"),
    path("<int:pk>/tasks/", views.task_link_view, name="task_link"),
]

from django.urls import path

from luoshi.indicators import views
from luoshi.sheets.views import flow_urls

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list_view, name="list"),
    path("new/", views.indicator_form_view, name="create"),
    *flow_urls(views.FLOW),
    path("link-task/", views.task_link_any_view, name="task_link_any"),
    path("link-task/search/", views.task_link_search_view, name="task_link_search"),
    path("observations/<int:pk>/delete/", views.observation_delete_view, name="observation_delete"),
    path("<int:pk>/", views.indicator_detail_view, name="detail"),
    path("<int:pk>/edit/", views.indicator_form_view, name="edit"),
    path("<int:pk>/chart.json", views.indicator_chart_view, name="chart"),
    path("<int:pk>/observations/", views.observation_record_view, name="observation_record"),
    path("<int:pk>/target/", views.target_set_view, name="target_set"),
    path("<int:pk>/tasks/", views.task_link_view, name="task_link"),
]

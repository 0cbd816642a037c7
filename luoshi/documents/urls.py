from django.urls import path

from luoshi.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list_view, name="list"),
    path("<int:pk>/", views.document_detail_view, name="detail"),
]

"""Pages of the proposals app under /proposals/, and its public page under /public/proposals/."""

from django.urls import path

from luoshi.proposals import views

app_name = "proposals"

urlpatterns = [
    path("proposals/", views.proposal_list_view, name="list"),
    path("proposals/new/", views.proposal_new_view, name="new"),
    path("proposals/sessions/new/", views.session_new_view, name="session_new"),
    path("proposals/import/", views.import_view, name="import"),
    path("proposals/figures/", views.figures_view, name="figures"),
    path("proposals/<int:pk>/", views.proposal_detail_view, name="detail"),
    path("proposals/<int:pk>/assign/", views.assign_view, name="assign"),
    path("proposals/<int:pk>/contact/", views.contact_view, name="contact"),
    path("proposals/<int:pk>/opinion/", views.opinion_view, name="opinion"),
    path("proposals/<int:pk>/reply/", views.reply_view, name="reply"),
    path("proposals/<int:pk>/reassign/", views.reassign_view, name="reassign"),
    path("proposals/<int:pk>/feedback/", views.feedback_view, name="feedback"),
    path("proposals/reassign/<int:pk>/decide/", views.decide_view, name="decide"),
    path("proposals/replies/<int:pk>/review/", views.review_view, name="review"),
    path("proposals/replies/<int:pk>/publish/", views.publish_view, name="publish"),
    path("proposals/replies/<int:pk>/file/", views.reply_file_view, name="reply_file"),
    path("public/proposals/", views.public_view, name="public"),
]

from django.contrib import admin

from luoshi.core.admin import ReadOnlyHistoryAdmin
from luoshi.proposals.models import (
    Assignment,
    Commitment,
    ContactLog,
    CoOpinion,
    Feedback,
    Proposal,
    Proposer,
    ReassignRequest,
    Reply,
    Session,
)


@admin.register(Session)
class SessionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "body", "opened_on", "year"]
    list_filter = ["body", "year"]


@admin.register(Proposer)
class ProposerAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "kind", "group"]
    search_fields = ["name", "group"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "title", "session", "kind", "status", "reply_due", "is_key"]
    list_filter = ["session", "kind", "status", "is_key"]
    search_fields = ["title", "content"]
    raw_id_fields = ["lead_proposer", "leading_leader"]
    filter_horizontal = ["co_signers"]
    inlines = [AssignmentInline]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyHistoryAdmin):
    list_display = ["proposal", "unit", "round", "classification", "status", "submitted_on", "is_public"]
    list_filter = ["status", "classification", "is_public"]


for model in (Assignment, ReassignRequest, ContactLog, CoOpinion, Feedback, Commitment):
    admin.site.register(model, ReadOnlyHistoryAdmin)

"""Admin of the reports app: read and search; history is read-only (see ReadOnlyHistoryAdmin)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from luoshi.core.admin import ReadOnlyAuditedAdmin
from luoshi.ledger.admin import ReadOnlyHistoryAdmin
from luoshi.reports.models import (
    Contribution,
    Evidence,
    Milestone,
    Notification,
    ProgressReport,
    ReportingPeriod,
    Webhook,
    WebhookDelivery,
)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    fields = ("original_name", "kind", "size", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # evidence is added through the checked upload, never by hand


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAuditedAdmin):
    list_display = ["task", "period_key", "revision", "percent_done", "status", "author", "is_late"]
    list_filter = ["status", "is_late"]
    search_fields = ["task__code", "task__title", "narrative"]
    raw_id_fields = ["task", "supersedes", "author", "reviewed_by", "unit"]
    readonly_fields = ["idempotency_key", "submitted_at", "reviewed_at"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyHistoryAdmin):
    """Evidence rows are read here; files are added only through the checked upload."""

    list_display = ["original_name", "report", "kind", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
    readonly_fields = ["report", "file", "original_name", "kind", "content_type", "size", "sha256", "uploaded_by"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyHistoryAdmin):
    list_display = ["task", "title", "due_date", "reached_on"]
    raw_id_fields = ["task", "reached_by_report"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyHistoryAdmin):
    list_display = ["key", "closed", "decided_by", "note"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "subject", "created_at", "read_at", "email_state"]
    list_filter = ["kind", "email_state"]
    search_fields = ["subject", "recipient__username"]
    readonly_fields = ["recipient", "kind", "subject", "body", "url", "task", "dedupe_key", "created_at",
                       "emailed_at", "email_attempts"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Group robots: an admin enters the address a 企业微信 / 钉钉 group gives its robot."""

    list_display = ["name", "unit", "active"]
    list_filter = ["active"]
    raw_id_fields = ["unit"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The log of robot messages: read only, so a failure stays visible."""

    list_display = ["webhook", "day", "state", "attempts", "next_attempt_at", "last_error", "sent_at"]
    list_filter = ["state"]
    readonly_fields = ["webhook", "day", "payload", "state", "attempts", "next_attempt_at", "last_error",
                       "created_at", "sent_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["task", "period_key", "unit", "status", "author", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["task__code", "task__title", "text"]
    raw_id_fields = ["task", "unit", "author"]
    readonly_fields = ["evidence", "evidence_name", "evidence_kind", "submitted_at"]

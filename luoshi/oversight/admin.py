"""Admin of the oversight app. Snapshots and comments are records: read-only here."""

from django.contrib import admin

from luoshi.core.admin import NoWritesAdmin, ReadOnlyAuditedAdmin
from luoshi.oversight.models import (
    AdjustmentRequest,
    Comment,
    EvaluationSnapshot,
    SupervisionNotice,
    TaskSnapshot,
    UnitScore,
)


@admin.register(EvaluationSnapshot)
class EvaluationSnapshotAdmin(NoWritesAdmin):
    list_display = ["key", "kind", "as_of", "task_count", "green", "yellow", "red", "unreported", "done",
                    "staged_progress"]
    list_filter = ["kind"]


@admin.register(TaskSnapshot)
class TaskSnapshotAdmin(NoWritesAdmin):
    list_display = ["snapshot", "task", "light", "progress_percent", "expected_percent", "overdue"]
    list_filter = ["light", "snapshot"]
    raw_id_fields = ["snapshot", "task", "lead_unit"]


@admin.register(Comment)
class CommentAdmin(NoWritesAdmin):
    list_display = ["task", "author", "created_at"]
    search_fields = ["body", "task__code"]


@admin.register(AdjustmentRequest)
class AdjustmentRequestAdmin(ReadOnlyAuditedAdmin):
    list_display = ["task", "status", "requested_by", "decided_by", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["task", "requested_by", "decided_by"]
    readonly_fields = ["changes", "before", "applied_version", "idempotency_key"]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAuditedAdmin):
    list_display = ["__str__", "task", "unit", "reply_due", "status"]
    list_filter = ["status", "year"]
    raw_id_fields = ["task", "issued_by", "replied_by", "closed_by"]
    readonly_fields = ["idempotency_key"]


@admin.register(UnitScore)
class UnitScoreAdmin(ReadOnlyAuditedAdmin):
    list_display = ["period_key", "unit", "rank", "total"]
    list_filter = ["period_key"]


from django.contrib import admin

from luoshi.core.admin import NoWritesAdmin, ReadOnlyHistoryAdmin
from luoshi.ledger.models import (
    DraftParent,
    LiaisonRecord,
    Person,
    RevisionMatch,
    Task,
    TaskForce,
    TaskForceTask,
    TaskTally,
    Unit,
)


@admin.register(Unit)
class UnitAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "short_name", "level", "parent", "is_office"]
    list_filter = ["level", "is_office"]
    search_fields = ["name", "short_name", "aliases"]


@admin.register(Person)
class PersonAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "role", "unit", "office", "user"]
    list_filter = ["role", "office"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["unit"]


@admin.register(Task)
class TaskAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "title", "level", "office", "category", "lead_unit", "deadline", "status", "light"]
    list_filter = ["level", "office", "status", "light", "is_public"]
    search_fields = ["code", "title", "description"]
    autocomplete_fields = ["parent", "lead_unit", "co_units", "responsible_person"]
    readonly_fields = ["version", "source_document", "source_start", "source_end", "source_measure"]


class TaskForceTaskInline(admin.TabularInline):
    model = TaskForceTask
    extra = 0
    autocomplete_fields = ["task"]
    readonly_fields = ["added_by", "added_at"]


@admin.register(TaskForce)
class TaskForceAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "leader", "office", "is_active"]
    list_filter = ["is_active", "office"]
    search_fields = ["name"]
    autocomplete_fields = ["leader", "members"]
    readonly_fields = ["version"]
    inlines = [TaskForceTaskInline]


@admin.register(TaskForceTask)
class TaskForceTaskAdmin(ReadOnlyHistoryAdmin):
    list_display = ["task_force", "task", "added_by", "added_at"]
    list_filter = ["task_force"]
    autocomplete_fields = ["task"]
    readonly_fields = ["added_by", "added_at"]


@admin.register(LiaisonRecord)
class LiaisonRecordAdmin(ReadOnlyHistoryAdmin):
    list_display = ["task", "department", "asked_on", "status", "follow_up_on"]
    list_filter = ["status", "channel"]
    search_fields = ["department", "request", "answer", "task__code"]
    autocomplete_fields = ["task", "department_unit", "unit"]
    readonly_fields = ["version", "created_by"]


@admin.register(DraftParent)
class DraftParentAdmin(NoWritesAdmin):
    """Read here; chosen on the review page (draft_parent_set), which checks sight and level."""

    list_display = ["measure", "parent", "chosen_by", "chosen_at"]
    raw_id_fields = ["measure", "parent"]


@admin.register(RevisionMatch)
class RevisionMatchAdmin(NoWritesAdmin):
    """Read here; written when a revised plan is read and settled on its review page."""

    list_display = ["document", "kind", "measure", "task", "decision"]
    list_filter = ["kind", "decision"]
    raw_id_fields = ["document", "measure", "task"]


@admin.register(TaskTally)
class TaskTallyAdmin(NoWritesAdmin):
    """The database's own counts (`ledger.tally`), shown to check, never written by hand:
    `luoshi tally check` compares them with the tasks, `luoshi tally rebuild` recounts."""

    list_display = ["dimension", "value", "light", "status", "n"]
    list_filter = ["dimension", "light", "status"]

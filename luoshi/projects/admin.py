from django.contrib import admin

from luoshi.core.admin import ReadOnlyHistoryAdmin
from luoshi.projects.models import KeyProject, ProjectBatch, ProjectInvestment, ProjectMilestone


@admin.register(ProjectBatch)
class ProjectBatchAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "pipeline", "year", "programme", "promised_count", "promised_investment"]
    list_filter = ["year", "pipeline"]
    search_fields = ["name", "statement"]
    raw_id_fields = ["source_item", "source_document"]


class MilestoneInline(admin.TabularInline):
    model = ProjectMilestone
    extra = 0


@admin.register(KeyProject)
class KeyProjectAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name", "year", "pipeline", "lead_unit", "total_investment", "planned_investment"]
    list_filter = ["year", "pipeline"]
    search_fields = ["code", "name"]
    inlines = [MilestoneInline]


@admin.register(ProjectInvestment)
class ProjectInvestmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["project", "year", "month", "amount", "entered_by"]
    list_filter = ["year", "month"]
    search_fields = ["project__code", "project__name"]


@admin.register(ProjectMilestone)
class ProjectMilestoneAdmin(ReadOnlyHistoryAdmin):
    list_display = ["project", "kind", "planned_date", "actual_date"]
    list_filter = ["kind"]
    search_fields = ["project__code", "project__name"]

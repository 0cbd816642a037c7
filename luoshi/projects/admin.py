from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from luoshi.projects.models import KeyProject, ProjectBatch


@admin.register(ProjectBatch)
class ProjectBatchAdmin(SimpleHistoryAdmin):
    list_display = ["name", "pipeline", "year", "promised_count", "promised_investment"]


@admin.register(KeyProject)
class KeyProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "batch", "lead_unit", "total_investment"]
    search_fields = ["name"]

from django.contrib import admin

from luoshi.briefings.models import Briefing, Job
from luoshi.core.admin import ReadOnlyHistoryAdmin


@admin.register(Briefing)
class BriefingAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "period", "figure_source", "status", "version", "generated_at", "created_by"]
    list_filter = ["status", "figure_source"]
    search_fields = ["title", "period"]
    readonly_fields = ["figures", "figure_source", "snapshot_period", "generated_at", "rendered_version"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "status", "progress", "message", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["claimed_by", "heartbeat_at", "started_at", "finished_at"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from luoshi.reports.models import ProgressReport


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["task", "period_end", "percent_done", "status", "submitted_by"]
    list_filter = ["status"]

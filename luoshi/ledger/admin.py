from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from luoshi.ledger.models import Person, Task, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "short_name", "aliases"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "unit", "user"]
    list_filter = ["role"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["unit"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "level", "category", "lead_unit", "deadline", "status", "light"]
    list_filter = ["level", "status", "light", "is_public"]
    search_fields = ["code", "title", "description"]
    autocomplete_fields = ["parent", "lead_unit", "co_units", "responsible_person"]
    readonly_fields = ["version", "source_document", "source_start", "source_end", "source_measure"]

from django.contrib import admin

from luoshi.portal.models import PublishedMeasure


@admin.register(PublishedMeasure)
class PublishedMeasureAdmin(admin.ModelAdmin):
    """Read-only: the index is written by portal.services (and `luoshi reindex`), never by hand."""

    list_display = ["task", "industries", "areas", "indexed_at"]
    search_fields = ["task__code", "task__title"]
    readonly_fields = ["task", "search_text", "industries", "areas", "indexed_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

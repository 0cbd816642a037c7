from django.contrib import admin

from luoshi.portal.models import PublishedMeasure, SearchToken


@admin.register(PublishedMeasure)
class PublishedMeasureAdmin(admin.ModelAdmin):
    """Read-only: the index is written by portal.services (and `luoshi reindex`), never by hand."""

    list_display = ["task", "industries", "areas", "indexed_at"]
    search_fields = ["task__code", "task__title"]
    readonly_fields = ["task", "search_text", "industries", "areas", "indexed_at"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(SearchToken)
class SearchTokenAdmin(admin.ModelAdmin):
    """Read-only: the inverted index follows PublishedMeasure (portal.services), never edited by hand."""

    list_display = ["token", "measure"]
    search_fields = ["=token"]
    readonly_fields = ["token", "measure"]
    list_select_related = ["measure__task"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

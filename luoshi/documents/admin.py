from django.contrib import admin

from luoshi.core.admin import ReadOnlyHistoryAdmin
from luoshi.documents.models import Document, DraftMeasure, ExtractedItem


@admin.register(Document)
class DocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "kind", "issuer", "office", "issued_on", "created_at"]
    list_filter = ["kind", "office"]
    search_fields = ["title", "issuer"]
    readonly_fields = ["content_hash", "text", "structure", "encoding", "file_kind"]


@admin.register(ExtractedItem)
class ExtractedItemAdmin(admin.ModelAdmin):
    list_display = ["document", "kind", "indicator", "value", "unit", "comparator", "period", "status"]
    list_filter = ["kind", "status", "comparator"]
    search_fields = ["indicator", "quote"]


@admin.register(DraftMeasure)
class DraftMeasureAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "document", "category", "lead_unit_name", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["title", "text"]

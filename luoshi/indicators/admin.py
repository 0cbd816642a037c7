from django.contrib import admin

from luoshi.core.admin import ReadOnlyHistoryAdmin
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    fk_name = "indicator"
    extra = 0
    fields = ["year", "comparator", "value", "tolerance", "baseline", "reference_indicator", "statement"]
    autocomplete_fields = ["reference_indicator"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "unit", "expression", "frequency", "cumulative", "responsible_unit", "is_active"]
    list_filter = ["expression", "frequency", "is_active"]
    search_fields = ["name", "aliases"]
    autocomplete_fields = ["tasks"]
    inlines = [IndicatorTargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(ReadOnlyHistoryAdmin):
    list_display = ["indicator", "year", "comparator", "value", "baseline"]
    list_filter = ["year", "comparator"]
    search_fields = ["indicator__name"]
    raw_id_fields = ["source_item", "source_document"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["indicator", "period_end", "value", "source", "entered_by", "updated_at"]
    list_filter = ["source"]
    search_fields = ["indicator__name"]
    date_hierarchy = "period_end"

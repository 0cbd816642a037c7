from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from luoshi.indicators.models import Indicator, IndicatorTarget, Observation


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "expression", "frequency", "responsible_unit"]
    search_fields = ["name"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "comparator"]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period_end", "value"]

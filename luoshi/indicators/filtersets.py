"""One filterset for the indicator catalogue: the page, the API and the Excel export use it."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.core.filtersets import FilterSet
from luoshi.indicators.choices import Expression, Frequency, StatusLight
from luoshi.indicators.models import Indicator
from luoshi.ledger.models import Unit


class IndicatorFilterSet(FilterSet):
    """Filters on stored fields; `light` (status) is computed, so selectors apply it after assessing."""

    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    unit = django_filters.ModelChoiceFilter(label=_("责任单位"), queryset=Unit.objects.all(),
                                            field_name="responsible_unit")
    frequency = django_filters.ChoiceFilter(label=_("统计频度"), choices=Frequency.choices)
    expression = django_filters.ChoiceFilter(label=_("表达方式"), choices=Expression.choices)
    light = django_filters.ChoiceFilter(label=_("状态"), choices=StatusLight.choices, method="filter_nothing")
    at_risk = django_filters.BooleanFilter(label=_("预计难以完成"), method="filter_nothing")

    class Meta:
        model = Indicator
        fields = ["q", "unit", "frequency", "expression"]

    def filter_text(self, queryset: QuerySet[Indicator], name: str, value: str) -> QuerySet[Indicator]:
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(aliases__icontains=word)
                                       | Q(definition__icontains=word))
        return queryset

    def filter_nothing(self, queryset: QuerySet[Indicator], name: str, value: object) -> QuerySet[Indicator]:
        return queryset  # applied to assessed rows by selectors.indicator_status_rows

"""One filterset for the project list: the page, the API and the Excel export use it."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.core.filtersets import FilterSet, IdFilter
from luoshi.ledger.models import Unit
from luoshi.projects.choices import Pipeline, ProjectLight
from luoshi.projects.models import KeyProject


class ProjectFilterSet(FilterSet):
    """Filters on stored fields; `light` is computed, so selectors apply it after assessing."""

    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    pipeline = django_filters.ChoiceFilter(label=_("项目类型"), choices=Pipeline.choices)
    programme = django_filters.CharFilter(label=_("所属工程"), lookup_expr="icontains")
    unit = django_filters.ModelChoiceFilter(label=_("牵头单位"), queryset=Unit.objects.all(), field_name="lead_unit")
    industry = django_filters.CharFilter(label=_("所属行业"), lookup_expr="icontains")
    batch = IdFilter(label=_("项目批次"), field_name="batch_id")
    light = django_filters.ChoiceFilter(label=_("状态"), choices=ProjectLight.choices, method="filter_nothing")

    class Meta:
        model = KeyProject
        fields = ["q", "pipeline", "programme", "unit", "industry", "batch"]

    def filter_text(self, queryset: QuerySet[KeyProject], name: str, value: str) -> QuerySet[KeyProject]:
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(code__icontains=word)
                                       | Q(location__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_nothing(self, queryset: QuerySet[KeyProject], name: str, value: object) -> QuerySet[KeyProject]:
        return queryset  # applied to assessed rows by selectors.project_rows

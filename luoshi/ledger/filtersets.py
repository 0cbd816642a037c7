"""One filterset for the ledger: the page, the API and the Excel export all use it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.filtersets import FilterSet, IdFilter
from luoshi.core.formrenderer import RememberedSelect
from luoshi.ledger.choices import TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.models.units import unit_label
from luoshi.ledger.offices import UNIT_TREE_TOKEN
from luoshi.ledger.permissions import unit_tasks_q

DEADLINE_WINDOWS = [
    ("overdue", _("已逾期")),
    ("7", _("7天内到期")),
    ("30", _("30天内到期")),
    ("90", _("90天内到期")),
    ("none", _("无时限")),
]


class UnitChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The options of a unit filter read as (id, name, short name) rows, not as units: a province's
    200 units and 200 offices built as model instances were a fifth of the ledger page's time
    (issue 15). Choosing one still validates against the filter's queryset."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for pk, name, short_name in self.queryset.values_list("pk", "name", "short_name"):
            # No instance: only a widget that customises its options would read it; these do not.
            yield (ModelChoiceIteratorValue(pk, None), unit_label(name, short_name))  # type: ignore[arg-type]


class UnitChoiceField(django_filters.fields.ModelChoiceField):
    """A unit's <select>: options read as rows, the drawn markup kept (core.formrenderer.RememberedSelect)."""

    iterator = UnitChoiceIterator
    widget = RememberedSelect


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter on one unit whose <select> is cheap to draw (see UnitChoiceIterator)."""

    field_class = UnitChoiceField


class TaskFilterForm(forms.Form):
    """The ledger's filter bar: its only options read from a table are units and offices, so it
    is drawn once while the unit tree stays as it was (core.formrenderer.fields_drawn)."""

    options_tokens = (UNIT_TREE_TOKEN,)


class TaskFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    level = django_filters.ChoiceFilter(label=_("层级"), choices=TaskLevel.choices)
    category = django_filters.CharFilter(label=_("类别"), lookup_expr="icontains")
    unit = UnitChoiceFilter(label=_("单位"), queryset=Unit.objects.all(), method="filter_unit")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TaskStatus.choices)
    light = django_filters.ChoiceFilter(label=_("评估状态"), choices=TrafficLight.choices)
    deadline_window = django_filters.ChoiceFilter(label=_("完成时限"), choices=DEADLINE_WINDOWS,
                                                  method="filter_deadline_window")
    deadline_from = django_filters.DateFilter(label=_("时限起"), field_name="deadline", lookup_expr="gte")
    deadline_to = django_filters.DateFilter(label=_("时限止"), field_name="deadline", lookup_expr="lte")
    document = IdFilter(label=_("来源文件"), field_name="source_document_id")
    parent = IdFilter(label=_("上级任务"), field_name="parent_id")
    office = UnitChoiceFilter(label=_("所属机构"), field_name="office",
                                              queryset=Unit.objects.filter(is_office=True))

    class Meta:
        model = Task
        form = TaskFilterForm
        fields = ["q", "level", "category", "unit", "status", "light", "deadline_window", "office"]

    def filter_text(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(code__icontains=word)
                | Q(expected_outcome__icontains=word) | Q(category__icontains=word)
            )
        return queryset

    def filter_unit(self, queryset: QuerySet[Task], name: str, value: Unit) -> QuerySet[Task]:
        return queryset.filter(unit_tasks_q(value.pk))

    def filter_deadline_window(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        today = business_today()
        open_tasks = ~Q(status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED])
        if value == "overdue":
            return queryset.filter(open_tasks, deadline__lt=today)
        if value == "none":
            return queryset.filter(deadline__isnull=True)
        days = int(value)
        return queryset.filter(open_tasks, deadline__gte=today, deadline__lte=today + timedelta(days=days))

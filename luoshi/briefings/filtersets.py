"""The ledger's filterset, extended with the exact dimensions the battle map groups by.

The dashboard, its drill-down task list, the Excel export and the briefings API all bind this
one filterset, so a number on the dashboard and the list it opens always agree. Every field of
the ledger's TaskFilterSet keeps its meaning (`unit` is lead or co-unit, `category` a
substring); the fields added here are exact, because a chart groups by exact values.
"""

from __future__ import annotations

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.briefings import sources
from luoshi.core.bounds import id_or_none
from luoshi.core.filtersets import IdFilter
from luoshi.ledger.choices import TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.filtersets import TaskFilterSet
from luoshi.ledger.models import Task
from luoshi.ledger.models.tasks import COUNTED_EXCLUDES
from luoshi.oversight.selectors import tasks_likely_late

NONE_VALUE = "__none__"  # "no value": tasks with an empty category or no lead unit
PERIOD_HELP = _("如 2024-09;按该月的评估快照统计")


def part_condition(name: str) -> Q:
    """The tasks of an announced part (产业创新 of the 259 measures): their category names it, or they
    sit under a heading of their own plan and level whose category does."""
    return Q(category__contains=name) | (Q(parent__level=F("level")) & Q(parent__category__contains=name))


UNDER_DEPTH = 6  # four levels, each with a heading of its own plan between them at most


def linked_up_condition() -> Q:
    """Tasks that refine a task of a higher level: their parent is of a higher level, or their parent
    is a heading of their own plan (产业创新) that does."""
    levels = list(TaskLevel.values)
    condition = Q(pk__in=[])
    for index, level in enumerate(levels[1:], start=1):
        above = levels[:index]
        condition |= Q(level=level) & (Q(parent__level__in=above)
                                       | Q(parent__level=level, parent__parent__level__in=above))
    return condition


class TaskDrillFilterSet(TaskFilterSet):
    # A parent's light and status on the battle map are its roll-up from the tasks beneath it
    # (ledger.services.rollup), so the list a number opens filters on the same figures.
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TaskStatus.choices, method="filter_effective")
    light = django_filters.ChoiceFilter(label=_("评估状态"), choices=TrafficLight.choices, method="filter_effective")
    heading = django_filters.BooleanFilter(label=_("分项标题"), method="filter_heading")
    part = django_filters.CharFilter(label=_("公布分项"), method="filter_part")
    under = IdFilter(label=_("上级任务之下"), method="filter_under")
    linked_up = django_filters.BooleanFilter(label=_("已对应上级任务"), method="filter_linked_up")
    category_is = django_filters.CharFilter(label=_("类别(精确)"), method="filter_category_is")
    lead_unit = django_filters.CharFilter(label=_("牵头单位"), method="filter_lead_unit")
    programme = django_filters.CharFilter(label=_("政策文件"), method="filter_programme")
    task_force = IdFilter(label=_("工作专班"), method="filter_task_force")
    period = django_filters.CharFilter(label=_("期别"), method="filter_noop", help_text=PERIOD_HELP)
    snap_light = django_filters.ChoiceFilter(label=_("期末评估状态"), choices=TrafficLight.choices,
                                             method="filter_snapshot_light")
    snap_status = django_filters.ChoiceFilter(label=_("期末状态"), choices=TaskStatus.choices,
                                              method="filter_snapshot_status")
    snap_lead_unit = django_filters.CharFilter(label=_("期末牵头单位"), method="filter_snapshot_lead_unit")
    snap_overdue = django_filters.BooleanFilter(label=_("期末逾期"), method="filter_snapshot_overdue")
    staged = django_filters.BooleanFilter(label=_("本期取得阶段性进展"), method="filter_staged")
    has_children = django_filters.BooleanFilter(label=_("已有下级举措"), method="filter_has_children")
    forecast = django_filters.ChoiceFilter(label=_("进度预测"), choices=[("likely_late", _("预计难以按期完成"))],
                                           method="filter_forecast")
    linked = django_filters.BooleanFilter(label=_("已关联上级任务"), field_name="parent", lookup_expr="isnull",
                                          exclude=True)

    class Meta(TaskFilterSet.Meta):
        fields = [*TaskFilterSet.Meta.fields, "category_is", "lead_unit", "task_force", "period"]

    @property
    def period_key(self) -> str:
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        return str(data.get("period") or "")

    def filter_noop(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset  # `period` only chooses the snapshot the snap_* filters read

    def filter_forecast(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        """Open tasks not yet late that their reported pace will not finish by the deadline."""
        return tasks_likely_late(tasks=queryset)

    def filter_category_is(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset.filter(category="" if value == NONE_VALUE else value)

    def filter_lead_unit(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        if value == NONE_VALUE:
            return queryset.filter(lead_unit__isnull=True)
        unit_id = id_or_none(value)
        return queryset.none() if unit_id is None else queryset.filter(lead_unit_id=unit_id)

    def filter_programme(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        """The document a task came from: the battle map's "programme" (a policy or a work report)."""
        if value == NONE_VALUE:
            return queryset.filter(source_document__isnull=True)
        document_id = id_or_none(value)
        return queryset.none() if document_id is None else queryset.filter(source_document_id=document_id)

    def filter_task_force(self, queryset: QuerySet[Task], name: str, value: int) -> QuerySet[Task]:
        return sources.tasks_in_task_force(queryset, int(value))

    def filter_snapshot_light(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return sources.tasks_with_snapshot(queryset, period=self.period_key, light=value)

    def filter_snapshot_status(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return sources.tasks_with_snapshot(queryset, period=self.period_key, status=value)

    def filter_effective(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset.filter(Q(**{f"rollup_{name}": value}) | Q(**{f"rollup_{name}__isnull": True, name: value}))

    def filter_heading(self, queryset: QuerySet[Task], name: str, value: bool | None) -> QuerySet[Task]:
        """Headings of a plan (产业创新 with its 101 measures): the tasks the totals leave out
        (`Task.objects.counted()`), so that a count and the list it opens agree."""
        if value is None:
            return queryset
        return queryset.filter(COUNTED_EXCLUDES) if value else queryset.exclude(COUNTED_EXCLUDES)

    def filter_linked_up(self, queryset: QuerySet[Task], name: str, value: bool | None) -> QuerySet[Task]:
        if value is None:
            return queryset
        condition = linked_up_condition()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_part(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset.filter(part_condition(value)) if value else queryset

    def filter_under(self, queryset: QuerySet[Task], name: str, value: int | None) -> QuerySet[Task]:
        """Every task beneath task `value`, however deep (headings included)."""
        if value is None:
            return queryset
        condition = Q(pk__in=[])
        path = "parent_id"
        for _depth in range(UNDER_DEPTH):
            condition |= Q(**{path: int(value)})
            path = "parent__" + path
        return queryset.filter(condition)

    def filter_has_children(self, queryset: QuerySet[Task], name: str, value: bool | None) -> QuerySet[Task]:
        if value is None:
            return queryset
        # The children the roll-up counts on the task (cancelled ones do not): the coverage page's
        # "covered" and "gaps" figures are counted on the same column, so each opens its list.
        return queryset.filter(children_count__gt=0) if value else queryset.filter(children_count=0)

    def filter_snapshot_lead_unit(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        unit_id = id_or_none(value)
        if value != NONE_VALUE and unit_id is None:
            return queryset.none()
        return sources.tasks_with_snapshot(queryset, period=self.period_key, lead_unit=unit_id)

    def filter_snapshot_overdue(self, queryset: QuerySet[Task], name: str, value: bool | None) -> QuerySet[Task]:
        if value is None:
            return queryset
        return sources.tasks_with_snapshot(queryset, period=self.period_key, overdue=value)

    def filter_staged(self, queryset: QuerySet[Task], name: str, value: bool | None) -> QuerySet[Task]:
        if not value:
            return queryset
        return sources.tasks_with_staged_progress(queryset, period=self.period_key)

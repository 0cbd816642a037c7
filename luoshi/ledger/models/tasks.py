"""Tasks (任务) in a tree across levels: national ministry → city → district → zone or unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse
from luoshi.ledger.choices import Comparator, ReportFrequency, TaskKind, TaskLevel, TaskStatus, TrafficLight

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LEVEL_ORDER: dict[str, int] = {TaskLevel.NATIONAL: 0, TaskLevel.CITY: 1, TaskLevel.DISTRICT: 2, TaskLevel.ZONE: 3}


# Headings of a plan (一、/（一）) are structure, not work: they stay in the tree, the ledger list
# and the roll-up, and are left out of every total (battle map, briefings, workloads, assessments).
COUNTED_EXCLUDES = models.Q(kind=TaskKind.HEADING)


def counted_tasks(queryset: models.QuerySet[Task]) -> models.QuerySet[Task]:
    """The tasks of `queryset` that count in totals: every task but the headings of a plan."""
    return queryset.exclude(COUNTED_EXCLUDES)


def has_children() -> models.Exists:
    """Whether any task sits beneath a task of the outer query (`TaskQuerySet.with_children_flag`)."""
    return models.Exists(Task.objects.filter(parent=models.OuterRef("pk")))


class TaskQuerySet(models.QuerySet["Task"]):
    def with_related(self) -> TaskQuerySet:
        return self.select_related("lead_unit", "responsible_person", "parent", "source_document").prefetch_related(
            "co_units"
        )

    def with_children_flag(self) -> TaskQuerySet:
        """Annotate `has_children`: whether any task sits beneath, a cancelled one too (the
        stored `children_count` leaves those out). A task with children takes its forecast from
        theirs (oversight); the task page reads the flag with the task, for its panels."""
        return self.annotate(has_children=has_children())

    def public(self) -> TaskQuerySet:
        return self.filter(is_public=True)

    def counted(self) -> TaskQuerySet:
        """The tasks that count in totals (see `counted_tasks`)."""
        return self.exclude(COUNTED_EXCLUDES)

    def with_rollup(self) -> TaskQuerySet:
        """Annotate the figures the battle map and briefings count: a parent's roll-up, else the
        task's own (`eff_progress`, `eff_status`, `eff_light`)."""
        return self.annotate(**effective_annotations())


def effective_annotations() -> dict[str, Any]:
    """A parent's rolled-up progress, status and light, else the task's own, as expressions."""
    return {
        "eff_progress": Coalesce("rollup_progress", "progress_percent"),
        "eff_status": Coalesce("rollup_status", "status"),
        "eff_light": Coalesce("rollup_light", "light"),
    }


class Task(TimeStampedModel):
    """A task or measure in the ledger.

    Each task keeps its source: the document and exact character span it came from. The
    quantified target (indicator, value, unit, comparator) is the one the text states.
    `version` increases on every save through the services so that two people editing the
    same task at once are told of the conflict instead of overwriting each other.
    """

    code = models.CharField(_("编号"), max_length=40, unique=True)
    title = models.CharField(_("任务内容"), max_length=500)
    description = models.TextField(_("任务描述"), blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=TaskLevel.choices, default=TaskLevel.DISTRICT)
    kind = models.CharField(_("类型"), max_length=16, choices=TaskKind.choices, default=TaskKind.MEASURE,
                            help_text=_("分项标题(一、/（一）)只是计划的结构:列入任务树和台账,不计入统计总数。"))
    category = models.CharField(_("类别"), max_length=200, blank=True, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级任务"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    lead_unit = models.ForeignKey(
        "ledger.Unit", verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_tasks", db_index=False,  # indexed with the id, see Meta.indexes
    )
    office = models.ForeignKey(
        "ledger.Unit", verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="office_tasks", limit_choices_to={"is_office": True}, db_index=False,  # see Meta.indexes
        help_text=_("负责此任务计划的督查机构;留空表示整个平台的"),
    )
    co_units = models.ManyToManyField("ledger.Unit", verbose_name=_("配合单位"), blank=True, related_name="co_tasks")
    responsible_person = models.ForeignKey(
        "ledger.Person", verbose_name=_("责任人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="tasks",
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    # Indexed with the code (`ledger_task_deadline_code`), which serves what a plain index would.
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    # 持续推进 / 长期坚持 / 常态化: the plan sets no end, so there is no deadline to miss.
    ongoing = models.BooleanField(_("持续推进"), default=False)
    expected_outcome = models.TextField(_("预期成效"), blank=True)
    target_indicator = models.CharField(_("目标指标"), max_length=200, blank=True)
    target_value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4, null=True, blank=True)
    target_unit = models.CharField(_("目标单位"), max_length=20, blank=True)
    target_comparator = models.CharField(
        _("目标比较"), max_length=8, choices=Comparator.choices, default=Comparator.EQ, blank=True
    )
    status = models.CharField(_("状态"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED,
                              db_index=True)
    light = models.CharField(_("评估状态"), max_length=12, choices=TrafficLight.choices, default=TrafficLight.NONE,
                             db_index=True)
    progress_percent = models.PositiveSmallIntegerField(
        _("完成进度(%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    progress_note = models.TextField(_("进展情况"), blank=True)
    report_frequency = models.CharField(
        _("填报周期"), max_length=16, choices=ReportFrequency.choices, default=ReportFrequency.MONTHLY
    )
    source_document = models.ForeignKey(
        "documents.Document", verbose_name=_("来源文件"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="tasks",
    )
    source_start = models.PositiveIntegerField(_("原文起始"), null=True, blank=True)
    source_end = models.PositiveIntegerField(_("原文结束"), null=True, blank=True)
    source_measure = models.OneToOneField(
        "documents.DraftMeasure", verbose_name=_("来源草稿"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="task",
    )
    is_public = models.BooleanField(_("公开"), default=False, db_index=True)
    public_explanation = models.TextField(_("政策解读"), blank=True)
    applies_to_industries = models.CharField(_("适用行业"), max_length=300, blank=True)
    applies_to_areas = models.CharField(_("适用区域"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    # Roll-up (汇总) from the children, kept current by ledger.services.rollup whenever a child's
    # progress, status or light, a weight or a parent link changes; NULL on a task without
    # children, which keeps its own figures (see `effective_*` and TaskQuerySet.with_rollup).
    weight = models.PositiveSmallIntegerField(
        _("权重"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("汇总到上级任务时的权重;留空则与同级任务等权。"),
    )
    rollup_progress = models.PositiveSmallIntegerField(_("汇总进度(%)"), null=True, blank=True, editable=False)
    rollup_status = models.CharField(_("汇总状态"), max_length=16, choices=TaskStatus.choices, null=True,
                                     blank=True, editable=False)
    rollup_light = models.CharField(_("汇总评估状态"), max_length=12, choices=TrafficLight.choices, null=True,
                                    blank=True, editable=False)
    children_count = models.PositiveIntegerField(_("下级任务数"), default=0, db_default=0, editable=False)
    descendants_count = models.PositiveIntegerField(_("全部下级任务数"), default=0, db_default=0, editable=False)
    descendants_done = models.PositiveIntegerField(_("已完成下级任务数"), default=0, db_default=0, editable=False)
    # Whether the task will meet its deadline at its reported pace (a verdict of
    # oversight.rules.forecast; a parent's from its children's), stored by oversight's forecast
    # service whenever its evaluation runs, so lists and the battle map count it without reading
    # a year of reports. Empty until first computed.
    forecast = models.CharField(_("预测"), max_length=16, blank=True, default="", db_default="", editable=False)

    # The roll-up is derived from the children, as the light is from facts: it is not an edit and
    # stays out of the history (the weight, which a person sets, is in it).
    # The audit log (core.audit) leaves them out of a record's audited content too.
    DERIVED_FIELDS = ("rollup_progress", "rollup_status", "rollup_light", "children_count", "descendants_count",
                      "descendants_done", "forecast")
    history = HistoricalRecords(m2m_fields=[co_units], excluded_fields=list(DERIVED_FIELDS))
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100), name="ledger_task_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(deadline__gte=models.F("start_date")),
                name="ledger_task_deadline_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(source_end__isnull=True)
                | models.Q(source_start__isnull=True)
                | models.Q(source_end__gte=models.F("source_start")),
                name="ledger_task_source_span_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "status"], name="ledger_task_level_status"),
            # A reporter's and an office's tasks (`permissions.unit_tasks_q`: a UNION of the tasks an
            # office owns, a unit leads and a unit co-operates on) read from the indexes alone: the
            # id beside the unit, where the foreign key's own index sent each row to the table
            # (4.6 → 1.2 ms for a district office's 1,700 tasks at 100,000, in every query of its
            # battle map and ledger). The co-units' table has its (unit, task) index too.
            models.Index(fields=["lead_unit", "id"], name="ledger_task_lead_unit_visible"),
            models.Index(fields=["office", "id"], name="ledger_task_office_visible"),
            # The coverage page's top tasks of one level in code order, and the units that lead
            # tasks of a level (its gaps' filter), without reading the other levels' tasks.
            models.Index(fields=["level", "code"], name="ledger_task_level_code"),
            models.Index(fields=["level", "lead_unit"], name="ledger_task_level_lead_unit"),
            # The public pages' units with published measures: a probe per unit reads only the
            # published tasks (at 100,000 tasks the unit filter took 100 ms reading all of them).
            models.Index(fields=["lead_unit"], condition=models.Q(is_public=True), name="ledger_task_public_lead_unit"),
            # The battle map's "预计难以按期完成": the tasks forecast late, by deadline, counted from
            # the index alone, kind and status included (at 100,000 tasks with 40,000 forecast late:
            # 28 → 6 ms on PostgreSQL; 88 ms reading every open task).
            models.Index(fields=["deadline"], include=["kind", "status"], condition=models.Q(forecast="likely_late"),
                         name="ledger_task_likely_late"),
            # The battle map's lists of lagging tasks (red, then yellow, by deadline): one light's
            # first rows in order, however few tasks have it (with none red, the deadline index
            # was walked to its end: 69 ms at 100,000 tasks on PostgreSQL).
            models.Index(Coalesce("rollup_light", "light"), "deadline", "code", name="ledger_task_effective_light"),
            # The battle map's overdue list, by deadline then code: its first rows in order, where
            # the deadline alone left the first day's 4,000 overdue tasks to sort (10.7 → 0.2 ms at
            # 100,000 tasks on PostgreSQL). An office's or a unit's deadlines by month and overdue
            # tasks by category are read from the index alone (every task's from the tally, but
            # this month's overdue days); PostgreSQL only, SQLite ignores what an index includes.
            models.Index(fields=["deadline", "code"], include=["status", "kind", "category"],
                         name="ledger_task_deadline_code"),
            # The coverage page's figures per level (tasks, not linked upward, refined below) from the
            # index alone: 51 → 23 ms at 100,000 tasks on PostgreSQL. The columns change when a task
            # is linked or refined, not when its light or status does.
            models.Index(fields=["level"], include=["parent", "children_count"], name="ledger_task_level_links"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return cached_reverse("ledger:task_detail", self.pk)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, StrOrPromise] = {}
        if self.deadline and self.start_date and self.deadline < self.start_date:
            errors["deadline"] = _("完成时限不能早于开始日期。")
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                errors["parent"] = _("上级任务不能是任务本身。")
            else:
                ancestor = self.parent
                while ancestor is not None:
                    if self.pk is not None and ancestor.pk == self.pk:
                        errors["parent"] = _("上级任务不能是本任务的下级任务。")
                        break
                    ancestor = ancestor.parent
                parent = self.parent
                if parent is not None and LEVEL_ORDER.get(parent.level, 0) > LEVEL_ORDER.get(self.level, 0):
                    errors["level"] = _("下级任务的层级不能高于上级任务。")
        if self.office_id is not None and self.office is not None and not self.office.is_office:
            errors["office"] = _("所选单位不是督查机构。")
        if (self.source_start is None) != (self.source_end is None):
            errors["source_end"] = _("原文位置须同时给出起止。")
        if self.source_document_id is not None and self.source_end is not None:
            text_length = len(self.source_document.text) if self.source_document else 0
            if self.source_end > text_length:
                errors["source_end"] = _("原文位置超出文件长度。")
        if errors:
            raise ValidationError(errors)

    @property
    def effective_progress(self) -> int:
        return self.rollup_progress if self.rollup_progress is not None else self.progress_percent

    @property
    def effective_status(self) -> str:
        return self.rollup_status or self.status

    @property
    def effective_light(self) -> str:
        return self.rollup_light or self.light

    @property
    def source_quote(self) -> str:
        if self.source_document is None or self.source_start is None or self.source_end is None:
            return ""
        return str(self.source_document.text[self.source_start : self.source_end])

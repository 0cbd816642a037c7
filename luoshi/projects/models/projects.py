"""Project pipelines promised by a work report (ProjectBatch) and the key projects in them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.types import DecimalDigits
from luoshi.core.urlcache import cached_reverse
from luoshi.projects.choices import Pipeline

# Money is kept in 万元, the unit of offices' project lists; 7391.6亿元 is 73,916,000万元.
MONEY: DecimalDigits = {"max_digits": 18, "decimal_places": 2}


class ProjectBatch(TimeStampedModel):
    """A promise of a work report: "推动总投资2515.5亿元的…212个项目开工" is one batch of the new-start
    pipeline for 2024, promising 212 projects and 2515.5亿元 of total investment. A batch
    confirmed from extraction keeps its source item and span."""

    name = models.CharField(_("批次名称"), max_length=200)
    pipeline = models.CharField(_("项目类型"), max_length=24, choices=Pipeline.choices, default=Pipeline.OTHER)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    programme = models.CharField(_("所属工程"), max_length=100, blank=True)
    promised_count = models.PositiveIntegerField(_("计划项目数"))
    promised_investment = models.DecimalField(_("计划总投资(万元)"), null=True, blank=True, **MONEY)
    statement = models.CharField(_("原文表述"), max_length=300, blank=True)
    source_item = models.ForeignKey(
        "documents.ExtractedItem", verbose_name=_("来源条目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="project_batches",
    )
    source_document = models.ForeignKey(
        "documents.Document", verbose_name=_("来源文件"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="project_batches",
    )
    source_start = models.PositiveIntegerField(_("原文起始"), null=True, blank=True)
    source_end = models.PositiveIntegerField(_("原文结束"), null=True, blank=True)
    tasks = models.ManyToManyField("ledger.Task", verbose_name=_("关联任务"), blank=True,
                                   related_name="project_batches")
    history = HistoricalRecords(m2m_fields=[tasks])  # linking a task is recorded like any edit

    class Meta:
        verbose_name = _("项目批次")
        verbose_name_plural = _("项目批次")
        ordering = ["-year", "pipeline", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(promised_investment__isnull=True)
                                   | models.Q(promised_investment__gte=0),
                                   name="projects_batch_investment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year or ''} {self.get_pipeline_display()} {self.name}".strip()

    @property
    def source_quote(self) -> str:
        if self.source_document is None or self.source_start is None or self.source_end is None:
            return self.statement
        return str(self.source_document.text[self.source_start : self.source_end]).strip()


class KeyProjectQuerySet(models.QuerySet["KeyProject"]):
    def with_related(self) -> KeyProjectQuerySet:
        return self.select_related("lead_unit", "batch")


class KeyProject(TimeStampedModel):
    """One key project (重点项目) of a year's list, identified by its code within the year.

    `pipeline` is the pipeline it counts in that year (new start, under construction,
    completion). Money is in 万元: `total_investment` over the project's life,
    `planned_investment` for the year; investment completed is entered by month
    (ProjectInvestment) and milestones with planned and actual dates (ProjectMilestone).
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    code = models.CharField(_("项目编号"), max_length=40)
    name = models.CharField(_("项目名称"), max_length=300)
    pipeline = models.CharField(_("项目类型"), max_length=24, choices=Pipeline.choices,
                                default=Pipeline.UNDER_CONSTRUCTION, db_index=True)
    batch = models.ForeignKey(
        ProjectBatch, verbose_name=_("所属批次"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="projects",
    )
    programme = models.CharField(_("所属工程"), max_length=100, blank=True, db_index=True)
    lead_unit = models.ForeignKey(
        "ledger.Unit", verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="key_projects",
    )
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    industry = models.CharField(_("所属行业"), max_length=100, blank=True, db_index=True)
    description = models.TextField(_("建设内容"), blank=True)
    total_investment = models.DecimalField(_("总投资(万元)"), null=True, blank=True, **MONEY)
    planned_investment = models.DecimalField(_("年度计划投资(万元)"), null=True, blank=True, **MONEY)
    tasks = models.ManyToManyField("ledger.Task", verbose_name=_("关联任务"), blank=True,
                                   related_name="key_projects")
    history = HistoricalRecords(m2m_fields=[tasks])  # linking a task is recorded like any edit
    objects = KeyProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="projects_code_unique_per_year"),
            models.CheckConstraint(condition=models.Q(total_investment__isnull=True)
                                   | models.Q(total_investment__gte=0),
                                   name="projects_total_investment_not_negative"),
            models.CheckConstraint(condition=models.Q(planned_investment__isnull=True)
                                   | models.Q(planned_investment__gte=0),
                                   name="projects_planned_investment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return cached_reverse("projects:detail", self.pk)

    def clean(self) -> None:
        super().clean()
        if (self.total_investment is not None and self.planned_investment is not None
                and self.planned_investment > self.total_investment):
            from luoshi.projects.constants import MSG_PLANNED_OVER_TOTAL

            raise ValidationError({"planned_investment": MSG_PLANNED_OVER_TOTAL})

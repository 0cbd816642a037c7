"""Project batches promised by a document and the key projects in them (first version)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.projects.choices import Pipeline


class ProjectBatch(TimeStampedModel):
    """A batch such as "583 projects under construction with 739.16 billion yuan of investment"."""

    name = models.CharField(_("批次名称"), max_length=200)
    pipeline = models.CharField(_("类型"), max_length=24, choices=Pipeline.choices, default=Pipeline.OTHER)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    promised_count = models.PositiveIntegerField(_("计划项目数"))
    promised_investment = models.DecimalField(_("计划总投资(元)"), max_digits=20, decimal_places=2, null=True,
                                              blank=True)
    source_item = models.ForeignKey(
        "documents.ExtractedItem", verbose_name=_("来源条目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="project_batches",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目批次")
        verbose_name_plural = _("项目批次")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.promised_count})"


class KeyProject(TimeStampedModel):
    """One key project with its lead unit and investment."""

    name = models.CharField(_("项目名称"), max_length=300)
    batch = models.ForeignKey(
        ProjectBatch, verbose_name=_("所属批次"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="projects",
    )
    lead_unit = models.ForeignKey(
        "ledger.Unit", verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="projects",
    )
    total_investment = models.DecimalField(_("总投资(元)"), max_digits=20, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

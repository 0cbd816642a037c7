"""Indicator catalogue, annual targets and periodic observations (first version)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.indicators.choices import Direction, Expression, Frequency, TargetComparator


class Indicator(TimeStampedModel):
    """An indicator of the catalogue: what is measured, in which unit, how often, by whom."""

    name = models.CharField(_("指标名称"), max_length=200, unique=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER)
    expression = models.CharField(_("表达方式"), max_length=16, choices=Expression.choices, default=Expression.LEVEL)
    frequency = models.CharField(_("频度"), max_length=16, choices=Frequency.choices, default=Frequency.MONTH)
    cumulative = models.BooleanField(_("累计值"), default=True)
    responsible_unit = models.ForeignKey(
        "ledger.Unit", verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicators",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(TimeStampedModel):
    """The target for one year, with its comparator (左右, 以上, 持平 …) and source span."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.FloatField(_("目标值"))
    comparator = models.CharField(_("比较"), max_length=8, choices=TargetComparator.choices,
                                  default=TargetComparator.EQ)
    source_item = models.ForeignKey(
        "documents.ExtractedItem", verbose_name=_("来源条目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicator_targets",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicators_one_target_per_year")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value:g}"


class Observation(TimeStampedModel):
    """An actual value for a period (the period is given by its last day)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="observations"
    )
    period_end = models.DateField(_("统计期末"))
    value = models.FloatField(_("实际值"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("实际值")
        verbose_name_plural = _("实际值")
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="indicators_one_observation_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_end}: {self.value:g}"

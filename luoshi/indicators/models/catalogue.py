"""The indicator catalogue (指标目录) and each indicator's annual targets (年度目标)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.types import DecimalDigits
from luoshi.core.units import is_rate_unit
from luoshi.core.urlcache import cached_reverse
from luoshi.indicators import rules
from luoshi.indicators.choices import Direction, Expression, Frequency, TargetComparator
from luoshi.indicators.constants import MSG_REFERENCE_REQUIRED, MSG_REFERENCE_SELF, MSG_TARGET_VALUE_REQUIRED

VALUE_DIGITS: DecimalDigits = {"max_digits": 20, "decimal_places": 4}


class Indicator(TimeStampedModel):
    """An indicator of the catalogue: what is measured, in which unit, how often, and by whom.

    `aliases` holds other names the same indicator goes by (地区生产总值增速 is also 地区生产总值
    同比增长 and GDP增速), one per line, so that extracted targets and imported rows find it.
    `cumulative` says that a period's value covers the year so far (1-N月累计).
    Tasks that serve the indicator link to it through `tasks` (task.indicators on the ledger side).
    """

    name = models.CharField(_("指标名称"), max_length=200, unique=True)
    aliases = models.TextField(_("别名"), blank=True, help_text=_("每行一个别名"))
    definition = models.TextField(_("统计口径"), blank=True)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices,
                                 default=Direction.HIGHER_IS_BETTER)
    expression = models.CharField(_("表达方式"), max_length=16, choices=Expression.choices, default=Expression.LEVEL)
    frequency = models.CharField(_("统计频度"), max_length=16, choices=Frequency.choices, default=Frequency.MONTH)
    cumulative = models.BooleanField(_("累计值"), default=True, help_text=_("每期数值为年初至本期末的累计"))
    responsible_unit = models.ForeignKey(
        "ledger.Unit", verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicators",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    tasks = models.ManyToManyField("ledger.Task", verbose_name=_("关联任务"), blank=True, related_name="indicators")
    history = HistoricalRecords(m2m_fields=[tasks])  # linking a task is recorded like any edit

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("indicators:detail", self.pk)

    @property
    def is_rate(self) -> bool:
        """Values are percentages (growth rates, shares): tolerances are percentage points."""
        return self.expression in {Expression.GROWTH, Expression.SHARE} or is_rate_unit(self.unit)

    @property
    def all_names(self) -> list[str]:
        names = [self.name, *self.aliases.splitlines()]
        return [n.strip() for n in names if n and n.strip()]


class IndicatorTarget(TimeStampedModel):
    """The target of one indicator for one year, as the work report states it.

    `value` is in the indicator's unit; it is empty for 持平 on a level (the baseline is the
    target) and for 与…同步 (the reference indicator is). `baseline` is the previous year's
    actual; `tolerance` overrides the comparator's default tolerance (percentage points for
    rates, a fraction such as 0.03 for levels). A target confirmed from extraction keeps its
    source item and the exact span of the document it came from.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    comparator = models.CharField(_("比较方式"), max_length=8, choices=TargetComparator.choices,
                                  default=TargetComparator.EQ)
    value = models.DecimalField(_("目标值"), null=True, blank=True, **VALUE_DIGITS)
    tolerance = models.DecimalField(_("容差"), null=True, blank=True, max_digits=10, decimal_places=4,
                                    help_text=_("留空使用默认容差:比率为百分点,总量为相对比例"))
    baseline = models.DecimalField(_("上年实际值"), null=True, blank=True, **VALUE_DIGITS)
    reference_indicator = models.ForeignKey(
        Indicator, verbose_name=_("参照指标"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="followers", help_text=_("“与…同步”的目标所参照的指标,如地区生产总值增速"),
    )
    statement = models.CharField(_("原文表述"), max_length=300, blank=True)
    source_item = models.ForeignKey(
        "documents.ExtractedItem", verbose_name=_("来源条目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicator_targets",
    )
    source_document = models.ForeignKey(
        "documents.Document", verbose_name=_("来源文件"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicator_targets",
    )
    source_start = models.PositiveIntegerField(_("原文起始"), null=True, blank=True)
    source_end = models.PositiveIntegerField(_("原文结束"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["indicator__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicators_one_target_per_year"),
            models.CheckConstraint(condition=models.Q(tolerance__isnull=True) | models.Q(tolerance__gte=0),
                                   name="indicators_target_tolerance_not_negative"),
            models.CheckConstraint(
                condition=models.Q(source_end__isnull=True) | models.Q(source_start__isnull=True)
                | models.Q(source_end__gte=models.F("source_start")),
                name="indicators_target_source_span_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.phrase}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.comparator in {TargetComparator.EQ, TargetComparator.ABOUT, TargetComparator.GTE,
                               TargetComparator.LTE} and self.value is None:
            errors["value"] = MSG_TARGET_VALUE_REQUIRED
        if self.comparator == TargetComparator.IN_STEP:
            if self.reference_indicator_id is None:
                errors["reference_indicator"] = MSG_REFERENCE_REQUIRED
            elif self.reference_indicator_id == self.indicator_id:
                errors["reference_indicator"] = MSG_REFERENCE_SELF
        if errors:
            raise ValidationError(errors)

    def rule(self) -> rules.TargetRule:
        """The target in the plain terms of rules.py."""
        indicator = self.indicator
        return rules.TargetRule(
            comparator=self.comparator,
            value=None if self.value is None else float(self.value),
            direction=indicator.direction,
            is_rate=indicator.is_rate,
            tolerance=None if self.tolerance is None else float(self.tolerance),
            baseline=None if self.baseline is None else float(self.baseline),
        )

    @property
    def phrase(self) -> str:
        """The target as the work report writes it: 4.8%左右, 1万个以上, 持平, 与地区生产总值增速同步."""
        from luoshi.indicators.formatting import target_phrase

        return target_phrase(self)

    @property
    def tolerance_text(self) -> str:
        from luoshi.indicators.formatting import tolerance_text

        return tolerance_text(self)

    @property
    def source_quote(self) -> str:
        if self.source_document is None or self.source_start is None or self.source_end is None:
            return self.statement
        return str(self.source_document.text[self.source_start : self.source_end]).strip()

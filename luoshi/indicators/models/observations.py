"""Periodic actuals (实际值) of an indicator; every revision is kept by django-simple-history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.indicators.choices import ObservationSource
from luoshi.indicators.models.catalogue import VALUE_DIGITS, Indicator


class ObservationQuerySet(models.QuerySet["Observation"]):
    def for_year(self, year: int) -> ObservationQuerySet:
        return self.filter(period_end__year=year)


class Observation(TimeStampedModel):
    """The actual value of an indicator for one period, in the indicator's unit.

    The period is given by its last day (2024-03-31 for 2024年3月 and for 2024年1-3月, 2024-12-31
    for the year). A correction changes the value in place; the history table keeps every
    earlier value with who changed it, when, and through which channel (`source`).
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="observations"
    )
    period_end = models.DateField(_("统计期末"))
    value = models.DecimalField(_("实际值"), **VALUE_DIGITS)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=ObservationSource.choices,
                              default=ObservationSource.MANUAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("实际值")
        verbose_name_plural = _("实际值")
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="indicators_one_observation_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_end:%Y-%m}: {self.value}"

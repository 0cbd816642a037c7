"""Reporting periods a supervisor has closed or reopened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel


class ReportingPeriod(TimeStampedModel):
    """A supervisor's decision about one period (by key, e.g. "2024-09"): closed to reports, or
    reopened past its automatic closing date. Periods nobody decided about need no row: their
    state follows from their dates (reports.rules.period_state)."""

    key = models.CharField(_("填报期"), max_length=8, unique=True)
    closed = models.BooleanField(_("已关闭"), null=True, blank=True,
                                 help_text=_("是:已关闭;否:已重新开放;空:按时限自动"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("填报期")
        verbose_name_plural = _("填报期")
        ordering = ["-key"]

    def __str__(self) -> str:
        return self.key

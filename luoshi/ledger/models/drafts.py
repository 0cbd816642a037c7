"""The parent a draft measure will refine once confirmed: the seam between reading a plan and the ledger.

A draft (documents.DraftMeasure) knows its own plan's structure (the heading it sits under); the
higher-level task it refines lives in the ledger, so the ledger keeps that choice here, with the
suggestions it was chosen from. Confirming the draft gives the new task this parent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import TimeStampedModel


class DraftParent(TimeStampedModel):
    """For one draft measure: the suggested higher-level parents (best first, with reasons) and the
    one chosen by a reviewer, a spreadsheet's parent-code column or an explicit reference."""

    measure = models.OneToOneField(
        "documents.DraftMeasure", verbose_name=_("待审举措"), on_delete=models.CASCADE, related_name="parent_link"
    )
    parent = models.ForeignKey(
        "ledger.Task", verbose_name=_("上级任务"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="draft_children",
    )
    # [{"task_id": int, "score": float, "reasons": [{"kind": str, "text": str}, ...]}, ...] best first
    suggestions = models.JSONField(_("推荐上级任务"), default=list, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("选定人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    chosen_at = models.DateTimeField(_("选定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("草稿上级任务")
        verbose_name_plural = _("草稿上级任务")

    def __str__(self) -> str:
        return f"{self.measure_id} → {self.parent_id}"

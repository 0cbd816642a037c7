"""Adjustment requests (调整): a change to deadline, target, unit or scope, with a reason and a decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse
from luoshi.oversight.choices import AdjustmentStatus


class AdjustmentRequest(TimeStampedModel):
    """A request to change a task's plan. `changes` holds the proposed values and `before` the
    values when it was made (both JSON, keyed by field; units as ids). A supervisor other than
    the requester approves (the change is applied through the ledger, with the request named
    in the task's history) or refuses it, with a comment. A task has at most one pending
    request, so two requests never race to change the same field."""

    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE,
                             related_name="adjustments")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True,
                                     on_delete=models.SET_NULL, related_name="adjustment_requests")
    reason = models.TextField(_("调整理由"))
    changes = models.JSONField(_("申请变更"))
    before = models.JSONField(_("变更前"))
    status = models.CharField(_("状态"), max_length=16, choices=AdjustmentStatus.choices,
                              default=AdjustmentStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="adjustments_decided")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)
    applied_version = models.PositiveIntegerField(_("生效后的任务版本"), null=True, blank=True)
    idempotency_key = models.CharField(_("防重复提交标识"), max_length=64, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["idempotency_key"])

    class Meta:
        verbose_name = _("调整申请")
        verbose_name_plural = _("调整申请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["task"], condition=models.Q(status="pending"),
                                    name="oversight_one_pending_adjustment_per_task",
                                    violation_error_message=_("该任务已有待审批的调整申请。")),
            models.UniqueConstraint(fields=["requested_by", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""), name="oversight_adjustment_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return cached_reverse("oversight:adjustment_detail", self.pk)

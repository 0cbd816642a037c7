"""Supervision notices (督办单) on lagging tasks, with a reply deadline and escalation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse
from luoshi.oversight.choices import OPEN_NOTICE_STATUSES, NoticeStatus


class SupervisionNotice(TimeStampedModel):
    """A notice to a task's lead unit: why the task lags, what is required, and by when to
    reply (counted in working days). Unanswered past the reply deadline, the scheduler
    escalates it to the task force's leader. A supervisor closes it after the reply.
    Numbered per year (督办〔2024〕7号)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("序号"))
    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE,
                             related_name="notices")
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("督办单位"), on_delete=models.PROTECT,
                             related_name="notices")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("下发人"), null=True,
                                  on_delete=models.SET_NULL, related_name="notices_issued")
    issued_on = models.DateField(_("下发日期"))
    light_at_issue = models.CharField(_("下发时评估状态"), max_length=12, blank=True)
    reason = models.TextField(_("督办事由"))
    requirement = models.TextField(_("督办要求"))
    reply_due = models.DateField(_("回复时限"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED)
    reply = models.TextField(_("回复内容"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回复人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="notices_replied")
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    escalated_on = models.DateField(_("升级日期"), null=True, blank=True)
    escalated_to = models.CharField(_("升级至"), max_length=300, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办结人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="notices_closed")
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    close_comment = models.TextField(_("办结意见"), blank=True)
    idempotency_key = models.CharField(_("防重复提交标识"), max_length=64, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["idempotency_key"])

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="oversight_notice_number_once"),
            models.UniqueConstraint(fields=["task"], condition=models.Q(status__in=OPEN_NOTICE_STATUSES),
                                    name="oversight_one_open_notice_per_task",
                                    violation_error_message=_("该任务已有未回复的督办单。")),
            models.UniqueConstraint(fields=["issued_by", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""), name="oversight_notice_key_once"),
            models.CheckConstraint(condition=models.Q(reply_due__gte=models.F("issued_on")),
                                   name="oversight_notice_reply_after_issue"),
        ]
        indexes = [
            models.Index(fields=["status", "reply_due"], name="oversight_notice_open_due"),
            models.Index(fields=["unit", "reply_due"], name="oversight_notice_unit_due"),
        ]

    def __str__(self) -> str:
        return str(self.code)

    @property
    def code(self) -> str:
        return str(_("督办〔%(year)s〕%(number)s号") % {"year": self.year, "number": self.number})

    def get_absolute_url(self) -> str:
        return cached_reverse("oversight:notice_detail", self.pk)

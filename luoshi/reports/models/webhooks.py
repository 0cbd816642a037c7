"""Group robots (群机器人) of the kind offices use, and the log of what was posted to them."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.reports.choices import DeliveryState


class Webhook(models.Model):
    """A group robot's address (企业微信 / 钉钉 style) that receives the daily digest as JSON.

    With a unit, the robot gets that unit's digest; without one, it gets the installation-wide
    summary (one line per unit). The address is a secret of the group: only admins edit it.
    """

    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("接收地址"), max_length=500)
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("单位(空表示全局)"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="webhooks")
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")
        ordering = ["unit_id", "name"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One day's digest for one robot: written once (unique per robot and day), then posted,
    retried with growing waits after a timeout or an error answer, until sent or given up.

    A row claimed for sending (pending → sending, a conditional update) is posted by one
    process only, so a message is never posted twice by two schedulers; a failure is logged
    in `last_error` and retried at `next_attempt_at`, so none is lost.
    """

    webhook = models.ForeignKey(Webhook, verbose_name=_("群机器人"), on_delete=models.CASCADE,
                                related_name="deliveries")
    day = models.DateField(_("日期"))
    payload = models.JSONField(_("内容"))
    state = models.CharField(_("状态"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("群机器人推送记录")
        verbose_name_plural = _("群机器人推送记录")
        ordering = ["-day", "webhook_id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "day"], name="reports_webhook_once_per_day"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="reports_webhook_due")]

    def __str__(self) -> str:
        return f"{self.webhook} · {self.day}"

    @property
    def key(self) -> str:
        """The message's identity, sent with it so a receiver can drop a repeat."""
        day: date = self.day
        return f"luoshi-digest:{self.webhook_id}:{day.isoformat()}"

"""In-app messages (站内消息), each also sent by e-mail through an outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.reports.choices import EmailState, NotificationKind


class Notification(models.Model):
    """A message to one user: reminder, notice, escalation, review result.

    `dedupe_key` names the event (e.g. "deadline:42:2024-12-31:3"): the same event is never
    delivered twice to the same person (a unique constraint), so a scheduler run twice sends
    nothing twice. E-mail goes through an outbox (`email_state`): the row is written first,
    then a sender claims it with a conditional update, so two senders never send one message.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(_("类型"), max_length=24, choices=NotificationKind.choices)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notifications")
    dedupe_key = models.CharField(_("事件标识"), max_length=120, blank=True, default="")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    email_state = models.CharField(_("邮件"), max_length=8, choices=EmailState.choices, default=EmailState.NONE)
    email_attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    digest = models.ForeignKey("self", verbose_name=_("所在每日汇总"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="items")

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], condition=~models.Q(dedupe_key=""),
                                    name="reports_notification_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="reports_inbox_unread"),
            models.Index(fields=["email_state"], name="reports_outbox_state"),
        ]

    def __str__(self) -> str:
        return self.subject

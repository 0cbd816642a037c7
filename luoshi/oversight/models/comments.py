"""Comments (批示) on tasks by leaders, supervisors and units."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    """A comment on a task (optionally about one of its reports). Comments are a record of
    what was said: they are never edited or deleted through the product."""

    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE,
                             related_name="comments")
    report = models.ForeignKey("reports.ProgressReport", verbose_name=_("进展报告"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评论人"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("批示评论")
        verbose_name_plural = _("批示评论")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["task", "created_at"], name="oversight_comment_task")]

    def __str__(self) -> str:
        return self.body[:40]

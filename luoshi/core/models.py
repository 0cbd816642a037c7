"""Abstract base models shared by every domain app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change timestamps."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One append-only entry of the audit log (see core/audit.py): a change to an audited record,
    chained to the entry before it by hash so that no entry can be changed unnoticed."""

    model = models.CharField(_("对象类型"), max_length=100)
    object_pk = models.CharField(_("对象编号"), max_length=64)
    action = models.CharField(_("操作"), max_length=1)
    user_id = models.IntegerField(_("操作人编号"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("时间"))
    content = models.TextField(_("内容"))
    previous_hash = models.CharField(_("上一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["id"]
        indexes = [models.Index(fields=["model", "object_pk"], name="core_audit_object")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.model}:{self.object_pk}"

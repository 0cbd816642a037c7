"""What re-reading a revised plan does to the tasks of its previous version.

When a revised document (documents.Document.previous_version) is ingested, its measures are
matched to the confirmed tasks of the previous version (ledger.linking.match_revision) and one
row is kept here per revised measure (unchanged, changed, new, or ambiguous) and per previous
task no revised measure continues (dropped). Confirming a changed measure updates its task
instead of creating a duplicate; a dropped task waits for a supervisor to close or keep it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import TimeStampedModel


class RevisionKind(models.TextChoices):
    UNCHANGED = "unchanged", _("未变")
    CHANGED = "changed", _("有修改")
    NEW = "new", _("新增")
    DROPPED = "dropped", _("已删除")
    AMBIGUOUS = "ambiguous", _("待确定")


class DroppedDecision(models.TextChoices):
    PENDING = "", _("待处理")
    CLOSE = "close", _("终止任务")
    KEEP = "keep", _("保留任务")


class RevisionMatch(TimeStampedModel):
    """One revised measure (or one dropped task) of a revised document, and the previous
    version's task it continues.

    `changes` is the field diff ([{"field", "before", "after"}], previous → revised) of a changed
    measure; `candidates` the tasks an ambiguous measure may continue ([{"task_id", "similarity"}],
    best first); `group` numbers the ambiguous groups of one document, so that the tasks of a
    group that no measure continues become dropped once the reviewer has settled it.
    """

    document = models.ForeignKey(
        "documents.Document", verbose_name=_("修订文件"), on_delete=models.CASCADE, related_name="revision_matches"
    )
    measure = models.OneToOneField(
        "documents.DraftMeasure", verbose_name=_("待审举措"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="revision_match",
    )
    task = models.ForeignKey(
        "ledger.Task", verbose_name=_("原任务"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="revision_matches",
    )
    kind = models.CharField(_("修订类型"), max_length=16, choices=RevisionKind.choices)
    similarity = models.FloatField(_("相似度"), null=True, blank=True)
    changes = models.JSONField(_("字段变化"), default=list, blank=True)
    candidates = models.JSONField(_("可能对应的任务"), default=list, blank=True)
    group = models.PositiveIntegerField(_("待确定组"), null=True, blank=True)
    decision = models.CharField(_("处理结果"), max_length=8, choices=DroppedDecision.choices, default="",
                                blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("修订对照")
        verbose_name_plural = _("修订对照")
        ordering = ["document", "id"]
        indexes = [models.Index(fields=["document", "kind"], name="ledger_revmatch_doc_kind")]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.kind} {self.measure_id} ↔ {self.task_id}"

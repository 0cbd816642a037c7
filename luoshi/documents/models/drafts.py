"""What extraction proposes: quantitative items and draft measures, waiting for review."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.documents.choices import Comparator, DraftStatus, ItemKind


class SpanMixin(models.Model):
    """Exact character span in the document's text."""

    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.end is not None and self.start is not None and self.end < self.start:
            raise ValidationError({"end": _("结束位置不能早于起始位置。")})

    @property
    def quote_text(self) -> str:
        document = self.document  # type: ignore[attr-defined]  # every concrete subclass has it
        return str(document.text[self.start : self.end])


class ExtractedItem(SpanMixin, TimeStampedModel):
    """A quantitative statement: target, achieved figure, task count or project batch."""

    document = models.ForeignKey(
        "documents.Document", verbose_name=_("文件"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices)
    indicator = models.CharField(_("指标"), max_length=200, blank=True)
    value = models.FloatField(_("数值"))
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    comparator = models.CharField(_("比较"), max_length=8, choices=Comparator.choices, default=Comparator.EQ)
    period = models.CharField(_("所属期"), max_length=16, blank=True)
    quote = models.TextField(_("原文"))
    parts = models.JSONField(_("分项"), null=True, blank=True)
    parts_consistent = models.BooleanField(_("分项合计一致"), null=True, blank=True)
    investment = models.FloatField(_("投资额(元)"), null=True, blank=True)
    section_path = models.JSONField(_("章节路径"), default=list, blank=True)
    status = models.CharField(_("审核状态"), max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFT)

    class Meta:
        verbose_name = _("抽取条目")
        verbose_name_plural = _("抽取条目")
        ordering = ["document", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="documents_item_span_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.indicator} {self.value:g}{self.unit}"


class DraftMeasure(SpanMixin, TimeStampedModel):
    """An action sentence proposed as a task; a reviewer confirms, edits or rejects it.

    Confirmation happens in the ledger (ledger.services.draft_measure_confirm), which
    creates the task and links back here, so this app does not depend on the ledger.
    """

    document = models.ForeignKey(
        "documents.Document", verbose_name=_("文件"), on_delete=models.CASCADE, related_name="measures"
    )
    title = models.CharField(_("任务名称"), max_length=300)
    text = models.TextField(_("原文"))
    category = models.CharField(_("类别"), max_length=200, blank=True)
    section_path = models.JSONField(_("章节路径"), default=list, blank=True)
    lead_unit_name = models.CharField(_("牵头单位(原文)"), max_length=200, blank=True)
    # What a task list states beyond the first lead unit (extraction's `tasks` step or a
    # task-division table), kept as written so that no unit is lost between review and ledger.
    co_unit_names = models.JSONField(_("配合单位(原文)"), default=list, blank=True)
    responsible_person_name = models.CharField(_("责任人(原文)"), max_length=100, blank=True)
    expected_outcome = models.TextField(_("预期成效"), blank=True)
    ongoing = models.BooleanField(_("持续推进"), default=False)
    problems = models.JSONField(_("待核问题"), default=list, blank=True)
    # A plan's own structure: a heading (一、/（一）) is a draft too, and the measures under it
    # name it as their parent. The parent at a higher level (a task another office owns) is
    # chosen in the ledger (ledger.DraftParent), which this app does not know.
    heading = models.BooleanField(_("标题"), default=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属标题"), null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    deadline_text = models.CharField(_("时限原文"), max_length=50, blank=True)
    target = models.JSONField(_("量化目标"), null=True, blank=True)
    status = models.CharField(_("审核状态"), max_length=16, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("待审举措")
        verbose_name_plural = _("待审举措")
        ordering = ["document", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="documents_measure_span_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

"""Briefings (工作简报): text composed from the ledger's numbers, edited by office staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.briefings.choices import BriefingStatus, FigureSource
from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse


class Briefing(TimeStampedModel):
    """A briefing for one period and scope.

    `figures` are the numbers as computed at generation (counts, rows, indicator and project
    figures) and never change afterwards: `figure_source` and `snapshot_period` say which
    evaluation snapshot (or the live ledger) they were read from, and `generated_at` when.
    `sections` ([{key, heading, body}]) are the text, which office staff may edit before the
    briefing goes out; the Word and PDF files are rendered from the edited text and the frozen
    figures, and `rendered_version` tells whether the files match the current `version`.
    """

    title = models.CharField(_("标题"), max_length=200)
    period = models.CharField(_("期别"), max_length=16, help_text=_("如 2024-09(月)、2024-Q3(季)、2024(年)"))
    period_start = models.DateField(_("期初"))
    period_end = models.DateField(_("期末"))
    scope = models.JSONField(_("范围"), default=dict, blank=True)
    scope_label = models.CharField(_("范围说明"), max_length=200, blank=True)
    sections = models.JSONField(_("正文"), default=list, blank=True)
    figures = models.JSONField(_("数据"), default=dict, blank=True)
    figure_source = models.CharField(_("数据来源"), max_length=16, choices=FigureSource.choices,
                                     default=FigureSource.LIVE)
    snapshot_period = models.CharField(_("快照期别"), max_length=16, blank=True)
    generated_at = models.DateTimeField(_("生成时间"))
    status = models.CharField(_("状态"), max_length=16, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    docx_file = models.FileField(_("Word 文件"), upload_to="briefings/%Y/", blank=True)
    pdf_file = models.FileField(_("PDF 文件"), upload_to="briefings/%Y/", blank=True)
    rendered_version = models.PositiveIntegerField(_("文件对应版本"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["figures", "docx_file", "pdf_file", "rendered_version"])

    class Meta:
        verbose_name = _("工作简报")
        verbose_name_plural = _("工作简报")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="briefings_briefing_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("briefings:detail", self.pk)

    @property
    def files_current(self) -> bool:
        return bool(self.docx_file and self.pdf_file) and self.rendered_version == self.version

"""A source document as read: its text is kept exactly as decoded, so spans stay valid."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse
from luoshi.documents.choices import DocumentKind


class Document(TimeStampedModel):
    """A policy document, work report, press conference or notice.

    `text` is the decoded text, never rewritten: every extracted item and task points into it
    by character offsets. `content_hash` (SHA-256 of the text) makes ingest idempotent.
    A revised document points at the one it revises through `previous_version`.
    """

    title = models.CharField(_("标题"), max_length=300)
    issuer = models.CharField(_("发布机关"), max_length=200, blank=True)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=DocumentKind.choices, default=DocumentKind.POLICY)
    source_url = models.URLField(_("来源地址"), max_length=500, blank=True)
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    file_kind = models.CharField(_("文件格式"), max_length=16, blank=True)
    encoding = models.CharField(_("编码"), max_length=32, blank=True)
    text = models.TextField(_("正文"))
    content_hash = models.CharField(_("内容摘要"), max_length=64, unique=True)
    structure = models.JSONField(_("结构"), default=dict, blank=True)
    previous_version = models.ForeignKey(
        "self", verbose_name=_("上一版本"), null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    # The office whose plan this is (a unit with is_office); null: the installation's.
    office = models.ForeignKey(
        "ledger.Unit", verbose_name=_("所属机构"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="office_documents", limit_choices_to={"is_office": True},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords(excluded_fields=["text", "structure"])

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-issued_on", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("documents:detail", self.pk)

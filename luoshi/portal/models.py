"""The public search index: one row per published measure, with its text segmented for search."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedMeasure(models.Model):
    """Search data for a task a supervisor marked public.

    Only public tasks have a row, but the row is never the gate: every public page, search and
    API call also requires `task.is_public`, so a row left behind by an unpublished task cannot
    show it. `search_text` holds lower-cased tokens separated by single spaces, with a space at
    both ends (" 海河 实验 实验室 海河 河实 … "): the words of jieba's search mode plus every
    two-character pair of Chinese characters, so a two-character query always finds its text
    with a plain LIKE, which behaves the same on SQLite and PostgreSQL. `industries` and `areas`
    are the supervisor's lists, normalised the same way, for the enterprise finder.
    """

    task = models.OneToOneField("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE,
                                related_name="published")
    search_text = models.TextField(_("检索词"), blank=True)
    industries = models.CharField(_("适用行业(规范化)"), max_length=400, blank=True)
    areas = models.CharField(_("适用区域(规范化)"), max_length=400, blank=True)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("公开举措索引")
        verbose_name_plural = _("公开举措索引")

    def __str__(self) -> str:
        return f"{self.task_id}"

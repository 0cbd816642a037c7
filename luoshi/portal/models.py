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


class SearchToken(models.Model):
    """One entry of the public search's inverted index: `token` occurs in the measure's row.

    Derived from PublishedMeasure by portal.services.measure_index_sync (portal.search.token_set);
    a search asks `token = %s` on the (token, measure) B-tree for each of its words, so its cost
    does not grow with the number of published measures, on SQLite and PostgreSQL alike.
    `measure_id` is the task's id (the key is PublishedMeasure.task), so a search reads no other table.
    """

    measure = models.ForeignKey(PublishedMeasure, verbose_name=_("公开举措索引"), on_delete=models.CASCADE,
                                to_field="task", db_column="task_id", related_name="tokens")
    token = models.CharField(_("检索词"), max_length=104)

    class Meta:
        verbose_name = _("检索词条")
        verbose_name_plural = _("检索词条")
        constraints = [models.UniqueConstraint(fields=["token", "measure"], name="portal_searchtoken_token_measure")]

    def __str__(self) -> str:
        return self.token

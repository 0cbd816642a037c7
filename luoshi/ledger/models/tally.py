"""The battle map's standing counts of the ledger, kept by the database itself."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskTally(models.Model):
    """How many counted tasks have one value of one dimension, with one light and one status.

    Rows are changes, not totals: a trigger on the task table (`luoshi.ledger.tally`) appends
    +1 for a task's new figures and -1 for its old ones whenever a task is inserted, changed in a
    counted column or deleted, whoever writes it (services, the evaluation's bulk updates, imports,
    the admin, SQL). The count of a group is the sum of its rows; `tally_compact` folds them back to
    one row per group. Nothing in Python writes here but the rebuild and the compaction.
    """

    dimension = models.CharField(_("维度"), max_length=32)
    # The dimension's value as text: a category, a level, or a unit's or document's id; "" for none.
    # Room for the longest: a deadline, a status and a category of 200 characters.
    value = models.CharField(_("取值"), max_length=240, blank=True)
    light = models.CharField(_("评估状态"), max_length=12)
    status = models.CharField(_("状态"), max_length=16)
    n = models.IntegerField(_("变化数"))

    class Meta:
        verbose_name = _("任务统计")
        verbose_name_plural = _("任务统计")
        indexes = [models.Index(fields=["dimension", "value"], name="ledger_tally_dimension")]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} {self.light}/{self.status}: {self.n:+d}"

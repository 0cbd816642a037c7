"""A co-unit's part (协办情况) of the lead unit's report for a period."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse
from luoshi.reports.choices import ContributionStatus


class Contribution(TimeStampedModel):
    """What one co-unit did on a task in one period, submitted to the lead unit's report.

    One per task, period and unit (a database constraint). A draft is seen by its author only
    and occupies nothing: the lead unit reports the period whatever its co-units have drafted.
    Once submitted it is shown to the lead unit and supervisors, on the report and task pages,
    beside the list of co-units that have not contributed yet.
    """

    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE,
                             related_name="contributions")
    period_key = models.CharField(_("填报期"), max_length=8)
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("协办单位"), on_delete=models.PROTECT,
                             related_name="contributions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True,
                               on_delete=models.SET_NULL, related_name="contributions")
    text = models.TextField(_("协办情况"))
    percent_done = models.PositiveSmallIntegerField(
        _("本单位承担部分完成进度(%)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)])
    evidence = models.FileField(_("证明材料"), max_length=200, blank=True)
    evidence_name = models.CharField(_("证明材料文件名"), max_length=255, blank=True)
    evidence_kind = models.CharField(_("证明材料类型"), max_length=8, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ContributionStatus.choices,
                              default=ContributionStatus.DRAFT)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协办情况")
        verbose_name_plural = _("协办情况")
        ordering = ["task", "period_key", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period_key", "unit"], name="reports_one_contribution_per_unit",
                                    violation_error_message=_("本单位该填报期已有协办情况。")),
            models.CheckConstraint(condition=models.Q(percent_done__lte=100),
                                   name="reports_contribution_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period_key} · {self.unit}"

    def get_absolute_url(self) -> str:
        return cached_reverse("reports:contribution_edit", self.task_id) + f"?period={self.period_key}"

    def clean(self) -> None:
        super().clean()
        if not (self.text or "").strip():
            raise ValidationError({"text": _("请填写协办情况。")})

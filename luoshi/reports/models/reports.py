"""Progress reports (进展报告) and their evidence files."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse
from luoshi.reports.choices import LIVE_REPORT_STATUSES, Grade, ReportStatus


class ProgressReport(TimeStampedModel):
    """A unit's account of a task for one period: narrative, percent done or milestones reached,
    the measured value of the task's target, and evidence files.

    Life: draft (seen by its author only) → submitted → accepted, or returned with a comment.
    A returned report is never changed again: the unit resubmits, which makes a new report
    (revision + 1, `supersedes` the returned one), so both versions stay. A task has at most
    one live (draft, submitted or accepted) report per period, enforced by the database.
    `idempotency_key` (from a hidden form field or the Idempotency-Key header) makes a double
    click or a retried request return the report already made instead of a second one.
    """

    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    period_key = models.CharField(_("填报期"), max_length=8)
    period_start = models.DateField(_("填报期起"))
    period_end = models.DateField(_("填报期止"))
    due_date = models.DateField(_("报送时限"))
    revision = models.PositiveSmallIntegerField(_("版次"), default=1)
    supersedes = models.OneToOneField("self", verbose_name=_("重报自"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="resubmission")
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    narrative = models.TextField(_("进展情况"))
    percent_done = models.PositiveSmallIntegerField(
        _("完成进度(%)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    measured_value = models.DecimalField(_("目标实测值"), max_digits=20, decimal_places=4, null=True, blank=True)
    measured_note = models.CharField(_("实测值说明"), max_length=300, blank=True)
    milestones = models.ManyToManyField("reports.Milestone", verbose_name=_("本期完成的里程碑"), blank=True,
                                        related_name="claimed_by_reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True,
                               on_delete=models.SET_NULL, related_name="progress_reports")
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("填报单位"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="progress_reports")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    is_late = models.BooleanField(_("迟报"), default=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="reviewed_reports")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    grade = models.PositiveSmallIntegerField(_("评价等级"), choices=Grade.choices, null=True, blank=True)
    idempotency_key = models.CharField(_("防重复提交标识"), max_length=64, blank=True, default="")

    history = HistoricalRecords(m2m_fields=[milestones], excluded_fields=["idempotency_key"])

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-period_end", "-revision"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="reports_percent_at_most_100"),
            models.CheckConstraint(condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=5),
                                   name="reports_grade_1_to_5"),
            models.UniqueConstraint(fields=["task", "period_key", "revision"], name="reports_one_revision_number"),
            models.UniqueConstraint(fields=["task", "period_key"],
                                    condition=models.Q(status__in=LIVE_REPORT_STATUSES),
                                    name="reports_one_live_report_per_period",
                                    violation_error_message=_("该任务本期已有进展报告。")),
            models.UniqueConstraint(fields=["author", "idempotency_key"], condition=~models.Q(idempotency_key=""),
                                    name="reports_idempotency_key_once"),
        ]
        indexes = [
            models.Index(fields=["status", "period_key"], name="reports_status_period"),
            models.Index(fields=["task", "period_key"], name="reports_task_period"),
            models.Index(fields=["unit", "period_end"], name="reports_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period_key}"

    def get_absolute_url(self) -> str:
        return cached_reverse("reports:report_detail", self.pk)

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("填报期止不能早于填报期起。")})
        if not (self.narrative or "").strip():
            raise ValidationError({"narrative": _("请填写进展情况。")})


class Evidence(models.Model):
    """A file attached to a report as evidence. Stored under a generated name (see reports.files);
    downloaded only through a view that checks the reader may see the report."""

    report = models.ForeignKey(ProgressReport, verbose_name=_("进展报告"), on_delete=models.CASCADE,
                               related_name="evidence")
    file = models.FileField(_("文件"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=8)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return cached_reverse("reports:evidence_download", self.pk)

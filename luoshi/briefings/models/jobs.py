"""Background jobs: long exports and briefing generation run outside the request that asks for them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.briefings.choices import JobKind, JobStatus


class Job(models.Model):
    """One piece of background work and its progress.

    A job is queued by a request, claimed by exactly one runner (a `luoshi worker` process or
    the request's own background thread), and ends done (with a result file and/or a `result`
    dict) or failed (with a message the user may read; the traceback goes to the log only).
    `heartbeat_at` moves with every progress update, so a job whose runner died can be told
    from one that is merely slow.
    """

    kind = models.CharField(_("类型"), max_length=32, choices=JobKind.choices)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0, validators=[MaxValueValidator(100)])
    message = models.CharField(_("说明"), max_length=300, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    result_file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("下载文件名"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="luoshi_jobs",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    claimed_by = models.CharField(_("执行进程"), max_length=100, blank=True)
    # The language of the request that queued the job: the job runs in it, so its messages (and
    # what it writes, such as an export's headings) read as that request's own answer would.
    language = models.CharField(_("语言"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="briefings_job_progress_at_most_100"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="briefings_job_queue")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

"""Task forces (工作专班): a leader, members, and the tasks they own."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse


class TaskForce(TimeStampedModel):
    """A task force led by a principal official, with members and the tasks it owns.

    Its leader is who a supervision notice escalates to when the unit does not answer in time.
    It belongs to the office of the supervisor who founded it (`office`; null: the installation's):
    an office's supervisors manage its own task forces and those of the offices beneath it.
    `version` increases on every save through the services, so two supervisors editing the
    same task force are told of the conflict instead of overwriting each other.
    """

    name = models.CharField(_("专班名称"), max_length=200, unique=True)
    mandate = models.TextField(_("工作职责"), blank=True)
    leader = models.ForeignKey(
        "ledger.Person", verbose_name=_("专班负责人"), on_delete=models.PROTECT, related_name="led_task_forces",
    )
    members = models.ManyToManyField("ledger.Person", verbose_name=_("专班成员"), blank=True,
                                     related_name="task_forces")
    is_active = models.BooleanField(_("运行中"), default=True)
    office = models.ForeignKey("ledger.Unit", verbose_name=_("所属机构"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="office_task_forces",
                               limit_choices_to={"is_office": True},
                               help_text=_("管理此专班的督查机构;留空表示整个平台的"))
    version = models.PositiveIntegerField(_("版本"), default=1)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("工作专班")
        verbose_name_plural = _("工作专班")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("ledger:taskforce_detail", self.pk)


class TaskForceTask(models.Model):
    """A task owned by a task force. A task belongs to at most one task force, so that the line
    of responsibility (and where a notice escalates) is never ambiguous."""

    task_force = models.ForeignKey(TaskForce, verbose_name=_("工作专班"), on_delete=models.CASCADE,
                                   related_name="task_links")
    task = models.OneToOneField("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE,
                                related_name="task_force_link")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("纳入时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专班任务")
        verbose_name_plural = _("专班任务")
        ordering = ["task__code"]

    def __str__(self) -> str:
        return f"{self.task_force} · {self.task_id}"

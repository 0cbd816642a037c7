"""Liaison (对接): requests to and answers from higher-level departments, tied to tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse


class LiaisonStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    ANSWERED = "answered", _("已答复")
    FOLLOWING_UP = "following_up", _("跟进中")
    RESOLVED = "resolved", _("已解决")
    CLOSED = "closed", _("已关闭")


class LiaisonChannel(models.TextChoices):
    MEETING = "meeting", _("会商")
    LETTER = "letter", _("发函")
    VISIT = "visit", _("上门对接")
    PHONE = "phone", _("电话")
    OTHER = "other", _("其他")


OPEN_LIAISON_STATUSES = (LiaisonStatus.PENDING, LiaisonStatus.ANSWERED, LiaisonStatus.FOLLOWING_UP)


class LiaisonRecord(TimeStampedModel):
    """One request to a higher-level department ("seek support upward") about a task: which
    department, what was asked and when, the answer, the status and the next follow-up date."""

    task = models.ForeignKey("ledger.Task", verbose_name=_("任务"), on_delete=models.CASCADE,
                             related_name="liaisons")
    department = models.CharField(_("对接部门"), max_length=200,
                                  help_text=_("上级部门名称,如“国家发展改革委”“市商务局”"))
    department_unit = models.ForeignKey(
        "ledger.Unit", verbose_name=_("对接部门(单位库)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="liaisons_received",
    )
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("我方单位"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="liaisons_made")
    channel = models.CharField(_("对接方式"), max_length=16, choices=LiaisonChannel.choices,
                               default=LiaisonChannel.MEETING)
    request = models.TextField(_("对接事项"))
    asked_on = models.DateField(_("对接日期"))
    contact = models.CharField(_("对方联系人"), max_length=100, blank=True)
    answer = models.TextField(_("答复情况"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=LiaisonStatus.choices,
                              default=LiaisonStatus.PENDING, db_index=True)
    follow_up_on = models.DateField(_("下次跟进日期"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(_("版本"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("对接记录")
        verbose_name_plural = _("对接记录")
        ordering = ["-asked_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(answered_on__gte=models.F("asked_on")),
                name="ledger_liaison_answer_not_before_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department}:{self.request[:30]}"

    def get_absolute_url(self) -> str:
        return cached_reverse("ledger:liaison_detail", self.pk)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.answered_on and self.asked_on and self.answered_on < self.asked_on:
            errors["answered_on"] = _("答复日期不能早于对接日期。")
        if self.follow_up_on and self.asked_on and self.follow_up_on < self.asked_on:
            errors["follow_up_on"] = _("跟进日期不能早于对接日期。")
        if self.status in (LiaisonStatus.ANSWERED, LiaisonStatus.RESOLVED) and not self.answer.strip():
            errors["answer"] = _("状态为已答复或已解决时,须填写答复情况。")
        if errors:
            raise ValidationError(errors)

"""People who use the platform, each with one role and (except leaders and admins) a unit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.ledger.choices import Role


class Person(TimeStampedModel):
    """A person tied to a login. A unit reporter must belong to a unit: that unit decides what they see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="person",
    )
    name = models.CharField(_("姓名"), max_length=100)
    unit = models.ForeignKey(
        "ledger.Unit", verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    office = models.ForeignKey(
        "ledger.Unit", verbose_name=_("所属督查机构"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="office_staff", limit_choices_to={"is_office": True},
        help_text=_("督查人员、领导和管理员所属的机构;留空表示负责整个平台"),
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.REPORTER)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["unit__name", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.role == Role.REPORTER and self.unit_id is None:
            raise ValidationError({"unit": _("单位填报员必须属于一个单位。")})
        if self.office_id is not None:
            if self.role == Role.REPORTER:
                raise ValidationError({"office": _("单位填报员按所在单位确定范围,不属于督查机构。")})
            if self.office is not None and not self.office.is_office:
                raise ValidationError({"office": _("所选单位不是督查机构。")})

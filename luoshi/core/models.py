"""Abstract base models shared by every domain app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


def _choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """A field's choices as value → (lazy) label, built once per field and its choices.

    Django's `get_FOO_display` builds this dict on every call, translating every label of the
    field to hash it: some 30 µs a call, 75 calls on a page of the ledger (issue 15). The labels
    stay lazy here, so each call still answers in the active language.
    """
    cached = field.__dict__.get("_luoshi_choice_labels")
    if cached is None or cached[0] is not field.choices:
        cached = (field.choices, {make_hashable(value): label for value, label in field.flatchoices})
        field.__dict__["_luoshi_choice_labels"] = cached
    return cached[1]


class TimeStampedModel(models.Model):
    """Adds creation and last-change timestamps."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:  # noqa: N802  Django's name
        # As Django's, with the choices' dict kept (see _choice_labels).
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class Holiday(models.Model):
    """A day the State Council's schedule makes a holiday or a make-up workday (调休上班), entered
    by an admin for a year the calendar library does not know yet.

    Read by the working-day calendar together with the library (entries win). An entry for a
    year the library knows must agree with it: a clash is refused in `clean()`, because a wrong
    entry would silently move every due date around that day.
    """

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=HolidayKind.choices)
    name = models.CharField(_("名称"), max_length=50, help_text=_("如“春节”“国庆节调休”。"))

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    @property
    def is_working_day(self) -> bool:
        return self.kind == HolidayKind.WORKDAY

    def clean(self) -> None:
        super().clean()
        from luoshi.core.workdays import clashes_with_library, library_is_working_day

        if self.date and self.kind and clashes_with_library(self.date, self.is_working_day):
            official = _("工作日") if library_is_working_day(self.date) else _("休息日")
            raise ValidationError({"kind": MSG_HOLIDAY_CLASH % {
                "date": self.date.isoformat(), "official": official, "kind": self.get_kind_display()}})


MSG_HOLIDAY_CLASH = _("国家公布的%(date)s安排是“%(official)s”,与所填“%(kind)s”不符;"
                      "该年度的安排已内置,无需也不能另行录入相反的安排。")
class AuditEntry(models.Model):
    """One append-only entry of the audit log (see core/audit.py): a change to an audited record,
    chained to the entry before it by hash so that no entry can be changed unnoticed."""

    model = models.CharField(_("对象类型"), max_length=100)
    object_pk = models.CharField(_("对象编号"), max_length=64)
    action = models.CharField(_("操作"), max_length=1)
    user_id = models.IntegerField(_("操作人编号"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("时间"))
    content = models.TextField(_("内容"))
    previous_hash = models.CharField(_("上一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["id"]
        indexes = [models.Index(fields=["model", "object_pk"], name="core_audit_object")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.model}:{self.object_pk}"

"""Government units (单位) in a tree: ministry, city, district, zone, department, street."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.ledger.choices import UnitLevel


def unit_label(name: str, short_name: str) -> str:
    """How a unit is named on pages: its short name, else its full name (`str(unit)`)."""
    return short_name or name


class Unit(TimeStampedModel):
    """A responsible unit. `aliases` holds the short names texts use (市发改委 for 天津市发展和改革委员会),
    one per line, so that extraction can match a lead unit however it is written."""

    name = models.CharField(_("单位名称"), max_length=200, unique=True)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    aliases = models.TextField(_("别名"), blank=True, help_text=_("每行一个别名"))
    level = models.CharField(_("层级"), max_length=16, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(_("单位代码"), max_length=32, blank=True)
    is_office = models.BooleanField(
        _("督查机构"), default=False, db_index=True,
        help_text=_("负责制定和督查计划的机构(如发展改革委、政府办督查室、功能区管委会);其督查范围是其所属政府的下级单位"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return unit_label(self.name, self.short_name)

    def clean(self) -> None:
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("上级单位不能是本单位或其下级单位。")})
            ancestor = ancestor.parent

    @property
    def all_names(self) -> list[str]:
        names = [self.name, self.short_name, *self.aliases.splitlines()]
        return [n.strip() for n in names if n and n.strip()]

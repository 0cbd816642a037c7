"""What the framework remembers between imports: a reviewer's answer to "which column is this header?"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.models import TimeStampedModel


class HeaderAlias(TimeStampedModel):
    """A header an import's columns did not know, mapped by a reviewer to one of them, once: every
    later import of that kind (`kind`, the flow's) reads the header as that column."""

    kind = models.CharField(_("导入类型"), max_length=64)
    header = models.CharField(_("表头"), max_length=200)
    column = models.CharField(_("对应列"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("设置人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("表头对应")
        verbose_name_plural = _("表头对应")
        constraints = [models.UniqueConstraint(fields=["kind", "header"], name="sheets_header_alias_unique")]

    def __str__(self) -> str:
        return f"{self.header} → {self.column}"

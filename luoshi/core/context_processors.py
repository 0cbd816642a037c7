"""The calendar warning for admins, on every page and on the admin index."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.workdays import years_unknown


def calendar_warning(request: HttpRequest) -> dict[str, Any]:
    """`calendar_warning`: a sentence for admins (staff) when this year's or next year's
    holidays are unknown, else empty. Other users are not told: they cannot act on it."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_staff", False):
        return {"calendar_warning": ""}
    missing = years_unknown(timezone.localdate())
    if not missing:
        return {"calendar_warning": ""}
    return {"calendar_warning": _(
        "%(years)s 年的法定节假日和调休安排尚未录入,工作日暂按周一至周五计算。"
        "请在管理后台“节假日与调休”中录入国务院办公厅公布的安排。") % {"years": "、".join(str(y) for y in missing)}}

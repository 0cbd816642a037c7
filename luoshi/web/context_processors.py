"""Navigation and the current person's role, for every page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.http import HttpRequest
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from luoshi.core import clock
from luoshi.core.urlcache import cached_reverse
from luoshi.ledger.choices import Role
from luoshi.ledger.permissions import person_of, role_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class NavItem(TypedDict):
    url: str
    label: StrOrPromise
    active: bool


# (url name, label, roles that see it; None = every signed-in user)
NAV = [
    ("web:home", _("总览"), None),
    ("ledger:task_list", _("任务台账"), None),
    ("documents:list", _("政策文件"), {Role.SUPERVISOR, Role.ADMIN, Role.LEADER}),
    ("indicators:list", _("指标"), None),
    ("projects:list", _("重点项目"), None),
    ("reports:inbox", _("进展填报"), None),
    ("oversight:home", _("督查考核"), None),
    ("proposals:list", _("建议提案"), None),
    ("briefings:dashboard", _("挂图作战"), None),
    ("briefings:coverage", _("分解覆盖"), None),
    ("briefings:list", _("工作简报"), {Role.SUPERVISOR, Role.ADMIN, Role.LEADER}),
    ("portal:manage", _("公开管理"), {Role.SUPERVISOR, Role.ADMIN}),
    ("portal:home", _("公众门户"), None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    role = role_of(user)
    items: list[NavItem] = []
    for name, label, roles in NAV:
        if roles is not None and role not in roles:
            continue
        try:
            url = cached_reverse(name)
        except NoReverseMatch:
            continue  # an app that has no page yet
        items.append({"url": url, "label": label, "active": False})
    # Only the longest matching address is active: /briefings/ must not light up on /briefings/dashboard/.
    matches = [item for item in items if request.path == item["url"]
               or (item["url"] != "/" and request.path.startswith(item["url"]))]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    person = person_of(user)
    return {
        "nav_items": items,
        "current_person": person,
        "current_role_label": Role(role).label if role else "",
    }


def business_date(request: HttpRequest) -> dict[str, Any]:
    """The installation-wide business date, for the banner every page shows while it is set."""
    return {"business_date": clock.business_date()}

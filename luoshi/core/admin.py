"""Admin base classes shared by every app."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from luoshi.core.models import AuditEntry, Holiday


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with history that can be read but never changed.

    The stock admin offers "revert" on each historical record, and its history form view
    saves on POST even when the revert button is hidden; history must not be editable
    through the product (issue #4), so both are closed here whatever the settings say.
    """

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_change_history_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Holidays and make-up workdays for years the calendar library does not know yet."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


# The admin index warns when a year's holidays are unknown (see core.context_processors).
admin.site.index_template = "core/admin_index.html"
class NoWritesAdmin(admin.ModelAdmin):
    """Shown in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAuditedAdmin(NoWritesAdmin, ReadOnlyHistoryAdmin):
    """An audited record (core/audit.py) is shown, never changed in the admin: a change there
    would bypass the services and be named by `audit verify`."""


@admin.register(AuditEntry)
class AuditEntryAdmin(NoWritesAdmin):
    list_display = ("id", "model", "object_pk", "action", "user_id", "reason", "recorded_at")
    list_filter = ("model", "action")

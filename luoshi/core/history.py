"""Field history rows (who, when, before, after) from django-simple-history records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    who: Any
    action: str
    reason: str
    changes: list[FieldChange]


def history_rows(records: Any, limit: int = 50) -> list[HistoryRow]:
    """Newest first; each row lists the fields that changed against the previous record."""
    rows: list[HistoryRow] = []
    for record in records.select_related("history_user").order_by("-history_date", "-history_id")[:limit]:
        changes: list[FieldChange] = []
        previous = record.prev_record
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            model = record.instance_type
            for change in delta.changes:
                try:
                    label = str(model._meta.get_field(change.field).verbose_name)
                except Exception:  # m2m or removed field: show the raw name
                    label = change.field
                changes.append(FieldChange(change.field, label, change.old, change.new))
        rows.append(HistoryRow(record.history_date, record.history_user, record.get_history_type_display(),
                               record.history_change_reason or "", changes))
    return rows


def save_with_history(obj: Any, user: Any, reason: str) -> None:
    """Save `obj` so that its history record names the acting user and the reason.

    simple-history reads `_history_user` and `_change_reason` from the instance at save time;
    a service running outside a request (a command, `tick`, an import) has no middleware to set
    the user, so the service passes it here. The reason is cut to the history column's 100 characters.
    """
    if getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj._change_reason = reason[:100]
    obj.save()


def acting_user(user: Any) -> Any:
    """The user to record as the actor, or None for anonymous and system calls."""
    return user if getattr(user, "is_authenticated", False) else None

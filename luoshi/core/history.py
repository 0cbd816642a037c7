"""Field history: recording who changed what and why, and reading it back as rows.

django-simple-history stores a record per save (who, when, before, after). `recording()` is
the one way a write names its author and reason; `history_rows()` reads records back for pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from luoshi.core.types import UserLike

P = ParamSpec("P")
R = TypeVar("R")


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


# --- recording a change ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Recording:
    user: Any
    reason: str


_current: ContextVar[_Recording | None] = ContextVar("luoshi_history_recording", default=None)


def acting_user(user: UserLike) -> Any:
    """The user to record as the actor, or None for anonymous and system calls."""
    return user if getattr(user, "is_authenticated", False) else None


@contextmanager
def recording(user: UserLike = None, reason: Any = "") -> Iterator[None]:
    """Record `user` as the author and `reason` as the reason of every history row written inside.

    The one way a change names who made it and why. Every write service runs its saves inside
    this block; a request needs nothing more (simple-history's middleware names the signed-in
    user), but a command, the scheduler or a test has no request, and a service knows why it
    writes. Blocks nest: an inner block without a user or reason keeps the outer one's. Reasons
    are cut to the history column's 100 characters.
    """
    outer = _current.get()
    actor = acting_user(user)
    if actor is None and outer is not None:
        actor = outer.user
    why = str(reason)[:100] if reason else (outer.reason if outer is not None else "")
    token = _current.set(_Recording(actor, why))
    try:
        yield
    finally:
        _current.reset(token)


def current_actor() -> Any:
    """The user named by the innermost `recording` block, or None: for history rows written in
    bulk (simple-history's bulk writer sends no signal, so it is given the actor explicitly)."""
    current = _current.get()
    return current.user if current is not None else None


def current_reason() -> str:
    """The reason named by the innermost `recording` block, or "" (see `current_actor`)."""
    current = _current.get()
    return current.reason if current is not None else ""


def records_history(service: Callable[P, R]) -> Callable[P, R]:
    """Run a write service inside `recording(user=<its user keyword>)`."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with recording(kwargs.get("user")):  # type: ignore[arg-type]
            return service(*args, **kwargs)

    return wrapper


def save_with_history(obj: Any, user: UserLike, reason: Any) -> None:
    """Shorthand for saving one object inside `recording(user, reason)`."""
    with recording(user, reason):
        obj.save()


@receiver(pre_create_historical_record)
def _name_actor_and_reason(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    """Put the innermost `recording` block's user and reason on the history row being written."""
    current = _current.get()
    if current is None:
        return
    if current.user is not None:
        history_instance.history_user = current.user
    if current.reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = current.reason

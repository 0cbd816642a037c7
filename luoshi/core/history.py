"""Field history: recording who changed what and why, and reading it back as rows.

django-simple-history stores a record per save (who, when, before, after). `recording()` is
the one way a write names its author and reason; `history_rows()` reads records back for pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet, Value
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
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


@functools.cache
def _history_model(model: type[Model]) -> Any:
    """The model simple-history keeps `model`'s records in, found once per process."""
    return getattr(model, model._meta.simple_history_manager_attribute).model  # type: ignore[attr-defined]


@functools.cache
def _m2m_history_model(history_model: Any, field_name: str) -> Any:
    """The model simple-history keeps a many-to-many field's links in, per record, found once."""
    return getattr(history_model, field_name).model


def records_of(obj: Model) -> QuerySet[Any]:
    """`obj`'s history records: what `obj.history.all()` reads. simple-history's `history`
    descriptor builds a new manager class on every access, about half a millisecond each (issue
    15: a tenth of the task page's history panel); the records' own table is read directly."""
    return _history_model(type(obj))._default_manager.filter(**{obj._meta.pk.attname: obj.pk})


def history_rows(records: Any, limit: int = 50) -> list[HistoryRow]:
    """Newest first; each row lists the fields that changed against the previous record.

    A many-to-many field recorded in the history (a task's co-units) shows the names of the
    linked objects before and after.

    A fixed number of queries whatever the number of records (issue 15): one more record than
    shown is read, so each record's previous one is its neighbour in the list (simple-history's
    `prev_record` would cost a query per row); the links of every many-to-many field are read
    for all records at once, and the names they show in one `in_bulk` per field.
    """
    fetched = list(records.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    shown = fetched[:limit]
    if not shown:
        return []
    model = shown[0].instance_type
    object_key = model._meta.pk.attname
    m2m_fields = list(getattr(shown[0], "_history_m2m_fields", None) or ())
    links = _m2m_snapshots(fetched, m2m_fields)
    pairs: list[tuple[Any, Any]] = []
    for index, record in enumerate(shown):
        following = fetched[index + 1] if index + 1 < len(fetched) else None
        if following is not None and getattr(following, object_key) == getattr(record, object_key):
            previous = following
        elif following is None and len(fetched) <= limit:
            previous = None  # the oldest record of all: its creation
        else:  # a window of several objects' records, or the edge of the window
            previous = record.prev_record
            if previous is not None:
                links.update(_m2m_snapshots([previous], m2m_fields))
        pairs.append((record, previous))
    rows: list[tuple[Any, list[FieldChange], list[tuple[Any, list[int], list[int]]]]] = []
    for record, previous in pairs:
        changes: list[FieldChange] = []
        link_changes: list[tuple[Any, list[int], list[int]]] = []
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=False,
                                        excluded_fields=[f.name for f in m2m_fields])
            for change in delta.changes:
                try:
                    field = model._meta.get_field(change.field)
                except FieldDoesNotExist:  # a removed field: show the raw name
                    changes.append(FieldChange(change.field, change.field, change.old, change.new))
                    continue
                changes.append(FieldChange(change.field, str(field.verbose_name), change.old, change.new))
            for field in m2m_fields:
                before = links.get((previous.history_id, field.name), [])
                after = links.get((record.history_id, field.name), [])
                if before != after:
                    link_changes.append((field, before, after))
        rows.append((record, changes, link_changes))
    names = _link_names_bulk([c for _r, _c, link_changes in rows for c in link_changes])
    return [HistoryRow(record.history_date, record.history_user, record.get_history_type_display(),
                       record.history_change_reason or "",
                       changes + [FieldChange(field.name, str(field.verbose_name), names(field, before),
                                              names(field, after)) for field, before, after in link_changes])
            for record, changes, link_changes in rows]


def _m2m_snapshots(records: list[Any], m2m_fields: list[Any]) -> dict[tuple[int, str], list[int]]:
    """(history id, field name) → the linked ids that record kept, sorted; one query per field."""
    snapshots: dict[tuple[int, str], list[int]] = {}
    if not records:
        return snapshots
    ids = [r.history_id for r in records]
    history_model: Any = type(records[0])
    for field in m2m_fields:
        through = _m2m_history_model(history_model, field.name)  # simple-history's table of links per record
        target = field.m2m_reverse_field_name()
        for history_id, linked in (through.objects.filter(history_id__in=ids)
                                   .order_by(target).values_list("history_id", target)):
            snapshots.setdefault((history_id, field.name), []).append(linked)
    return snapshots


def _link_names_bulk(link_changes: list[tuple[Any, list[int], list[int]]]) -> Callable[[Any, list[int]], str]:
    """A function naming linked ids ("区科技局、区生态环境局"), the names read in one query per field
    that changed somewhere in the list (none when no links changed)."""
    wanted: dict[Any, set[int]] = {}
    for field, before, after in link_changes:
        wanted.setdefault(field, set()).update(before, after)
    found = {field.name: field.related_model._default_manager.in_bulk(ids) for field, ids in wanted.items()}

    def names(field: Any, ids: list[int]) -> str:
        known = found.get(field.name, {})
        return "、".join(str(known[i]) if i in known else f"#{i}" for i in ids)

    return names


def _link_history_model(history_model: Any, source: str, target: str) -> Any:
    """The model simple-history keeps a many-to-many field's links in, one row per link and record."""
    return next(rel.related_model for rel in history_model._meta.related_objects
                if rel.field.name == "history" and {source, target} <= {f.name for f in rel.related_model._meta.fields})


@dataclass(frozen=True)
class _LinkSource:
    """A model whose history records a many-to-many field pointing at another model."""
    model: Any
    history_model: Any
    field: Any
    link_model: Any
    source: str
    target: str


@functools.cache
def _link_sources(target_model: type[Model]) -> tuple[_LinkSource, ...]:
    """The models whose history records links to `target_model`. Found once per process: the
    models are fixed once Django has started, and reading each model's `history` builds a manager
    class, which was a third of the task page's history (issue 15)."""
    sources = []
    for model in apps.get_models():
        manager = getattr(model, "history", None)
        history_model = getattr(manager, "model", None)
        if history_model is None:  # a model without history
            continue
        for field in getattr(history_model, "_history_m2m_fields", None) or ():
            if field.related_model is not target_model:
                continue
            target, source = field.m2m_reverse_field_name(), field.m2m_field_name()
            sources.append(_LinkSource(model, history_model, field, _link_history_model(history_model, source, target),
                                       source, target))
    return tuple(sources)


def _links_to(obj: Model, sources: Sequence[_LinkSource]) -> list[list[tuple[Any, int]]]:
    """For each of `sources`, its recorded links to `obj`: (the linking object's key, the history
    record holding the link). One read of every link table (UNION ALL), which gives both who was
    ever linked and which records held a link; most tasks have none, and three queries asked so."""
    if not sources:
        return []
    parts = [found.link_model.objects.filter(**{found.target: obj.pk}).order_by()
             .annotate(link_source=Value(i)).values_list(f"{found.source}_id", "history_id", "link_source")
             for i, found in enumerate(sources)]
    first, *rest = parts
    found_links: list[list[tuple[Any, int]]] = [[] for _source in sources]
    for holder, history_id, index in first.union(*rest, all=True):
        found_links[index].append((holder, history_id))
    return found_links


def link_history_rows(obj: Model, limit: int = 50) -> list[HistoryRow]:
    """When other objects were linked to `obj` or unlinked from it, newest first.

    Reads every model whose history records a many-to-many field pointing at `obj`'s model (an
    indicator's or a key project's tasks), so the task page shows the links made from the other
    side without the ledger importing those apps. One row per link made or removed, with who,
    when and why.
    """
    rows: list[HistoryRow] = []
    sources = _link_sources(type(obj))
    for found, links in zip(sources, _links_to(obj, sources), strict=True):
        model, field = found.model, found.field
        if not links:
            continue
        holders = {holder for holder, _history_id in links}
        linked = {history_id for _holder, history_id in links}
        records = (found.history_model.objects.filter(**{f"{model._meta.pk.attname}__in": holders})
                   .select_related("history_user").order_by("history_date", "history_id"))
        was: dict[Any, bool] = {}
        for record in records:
            key = getattr(record, model._meta.pk.attname)
            now = record.history_type != "-" and record.history_id in linked
            if now != was.get(key, False):
                label = str(model._meta.verbose_name)
                name = str(record.instance) if record.history_type != "-" else str(key)
                change = FieldChange(field.name, label, None if now else name, name if now else None)
                rows.append(HistoryRow(record.history_date, record.history_user,
                                       str(_("关联")) if now else str(_("取消关联")),
                                       record.history_change_reason or "", [change]))
            was[key] = now
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]


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

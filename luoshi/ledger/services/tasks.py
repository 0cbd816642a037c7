"""Writes of units, people and tasks, and the ledger writes other apps make.

Progress (from an accepted report) and the evaluated light (from oversight) change a task only
through `task_progress_record` and `tasks_light_set`: other apps change ledger data only here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.errors import Conflict, DomainError, PermissionDenied
from luoshi.core.history import acting_user, current_reason, recording
from luoshi.core.types import UserLike
from luoshi.ledger.choices import TaskLevel, TaskStatus, UnitLevel
from luoshi.ledger.linking.units import has_level_prefix, place_level, unit_key
from luoshi.ledger.models import Person, Task, Unit
from luoshi.ledger.offices import office_for_new_plan
from luoshi.ledger.permissions import ACTION_MESSAGES, Action, can_edit_task, can_edit_task_fields

MSG_CONFLICT = _("该任务已被他人修改(当前版本 %(current)s,您编辑的是版本 %(yours)s)。请刷新后重新修改。")
MSG_NOT_ALLOWED_EDIT = _("您无权修改此任务。")

LEVEL_CODE = {TaskLevel.NATIONAL: "N", TaskLevel.CITY: "C", TaskLevel.DISTRICT: "D", TaskLevel.ZONE: "Z"}
UNIT_LEVEL_TO_TASK_LEVEL = {
    UnitLevel.NATIONAL: TaskLevel.NATIONAL,
    UnitLevel.CITY: TaskLevel.CITY,
    UnitLevel.DISTRICT: TaskLevel.DISTRICT,
    UnitLevel.ZONE: TaskLevel.ZONE,
    UnitLevel.DEPARTMENT: TaskLevel.DISTRICT,
    UnitLevel.STREET: TaskLevel.ZONE,
}

# Fields a task edit may change; everything else goes through its own service.
EDITABLE_TASK_FIELDS = {
    "title", "description", "level", "category", "parent", "lead_unit", "responsible_person", "start_date",
    "deadline", "expected_outcome", "target_indicator", "target_value", "target_unit", "target_comparator",
    "status", "progress_note", "report_frequency", "is_public", "public_explanation", "applies_to_industries",
    "applies_to_areas", "weight", "kind",
}


# The plan of a task: its deadline, target and units. A direct change of these by oversight
# must say why (the reason goes into the history and the audit log); an installation may
# require every such change to go through an adjustment request instead (issue 13).
PLAN_FIELDS = frozenset({"deadline", "target_indicator", "target_value", "target_unit", "target_comparator",
                         "lead_unit", "co_units"})
MSG_PLAN_REASON_REQUIRED = _("修改完成时限、目标或牵头、配合单位须填写修改原因。")
MSG_PLAN_BY_ADJUSTMENT_ONLY = _("本系统规定:完成时限、目标和责任单位的变更一律通过调整申请办理,不能直接修改。")


def plan_changes_by_adjustment_only() -> bool:
    """Whether this installation takes plan changes only through adjustment requests."""
    return bool(settings.LUOSHI.get("PLAN_CHANGES_BY_ADJUSTMENT_ONLY", False))


def _plan_fields_changed(task: Task, changes: dict[str, Any], co_units: Iterable[Unit] | None) -> list[str]:
    """The plan fields whose value `changes` (and `co_units`) would really change."""
    changed = []
    for field in PLAN_FIELDS & set(changes):
        current = getattr(task, f"{field}_id" if field == "lead_unit" else field)
        wanted = changes[field]
        if field == "lead_unit":
            wanted = getattr(wanted, "pk", wanted)
        elif field == "target_value" and wanted is not None:
            wanted = _coerce_decimal(wanted)
        if current != wanted:
            changed.append(field)
    if co_units is not None and {u.pk for u in co_units} != set(task.co_units.values_list("pk", flat=True)):
        changed.append("co_units")
    return sorted(changed)


# --- units -----------------------------------------------------------------------------------

def unit_directory() -> list[str]:
    """Every name and alias of every unit, longest first, for matching lead units in text."""
    names: set[str] = set()
    for unit in Unit.objects.only("name", "short_name", "aliases"):
        names.update(unit.all_names)
    return sorted(names, key=len, reverse=True)


class UnitMatcher:
    """Matches names against the units, read once: a page or a run that matches many names
    (a document's drafts) builds one and asks it for each name."""

    def __init__(self, units: Iterable[Unit] | None = None) -> None:
        self.units = list(units if units is not None else Unit.objects.all())

    def match(self, name: str) -> Unit | None:
        """The unit whose name, short name or an alias equals `name` (or is contained in it)."""
        name = name.strip()
        if not name:
            return None
        exact = (next((u for u in self.units if u.name == name), None)
                 or next((u for u in self.units if u.short_name == name), None))
        if exact:
            return exact
        best: tuple[int, Unit] | None = None
        for unit in self.units:
            for candidate in unit.all_names:
                if candidate == name or (len(candidate) >= 3 and candidate in name):
                    if best is None or len(candidate) > best[0]:
                        best = (len(candidate), unit)
        return best[1] if best else None


# The level a unit's own name implies when it carries no prefix (天津港保税区, 塘沽街道办事处).
UNIT_LEVEL_KEYS: dict[str, str] = {
    UnitLevel.NATIONAL: "national", UnitLevel.CITY: "city", UnitLevel.DISTRICT: "district",
    UnitLevel.DEPARTMENT: "district", UnitLevel.ZONE: "zone", UnitLevel.STREET: "street",
}
TASK_LEVEL_KEYS: dict[str, str] = {
    TaskLevel.NATIONAL: "national", TaskLevel.CITY: "city", TaskLevel.DISTRICT: "district", TaskLevel.ZONE: "zone",
}


_PLACE_ORGAN_RE = re.compile(r"(?:人民政府|政府|管理委员会|管委会)$")


class UnitResolver:
    """Resolves the unit names a plan writes to units of the directory, strictly: a name is a unit's
    name, short name or alias, or the same unit written another way at the same level (区发改委 =
    区发展改革委 = 滨海新区发展和改革委员会; 市发改委 is the city's). Never a unit whose name is
    merely contained in it: 区政府办公室 is not 区政府 (滨海新区). A name without a level prefix
    takes the level of the document (`task_level`). What resolves to nothing, or to two units,
    is None: the reviewer creates or maps it (unit_name_resolve)."""

    def __init__(self, units: Iterable[Unit] | None = None, *, task_level: str = TaskLevel.DISTRICT) -> None:
        self.units = list(units if units is not None else Unit.objects.all())
        self.default_level = TASK_LEVEL_KEYS.get(task_level, "district")
        self.by_name: dict[str, Unit] = {}
        self.by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_pk = {unit.pk: unit for unit in self.units}
        for unit in self.units:
            own_level = UNIT_LEVEL_KEYS.get(unit.level, "")
            for candidate in unit.all_names:
                self.by_name.setdefault(candidate, unit)
                self.by_key[unit_key(candidate, own_level)].add(unit.pk)
            # 青山县商务局 under 青山县人民政府 is the county's 商务局: a plan of the county writes
            # 县商务局 or 商务局. The place is the parent's name without its organ.
            parent = self.by_pk.get(unit.parent_id) if unit.parent_id is not None else None
            if parent is not None:
                for place in {_PLACE_ORGAN_RE.sub("", name) for name in parent.all_names}:
                    if len(place) >= 2 and unit.name.startswith(place) and len(unit.name) - len(place) >= 2:
                        self.by_key[unit_key(unit.name[len(place):], place_level(place, own_level))].add(unit.pk)

    def resolve(self, name: str) -> Unit | None:
        name = name.strip()
        if not name:
            return None
        if name in self.by_name:
            return self.by_name[name]
        key = unit_key(name, self.default_level)
        found = set(self.by_key.get(key, set()))
        if self.default_level == "district" and not has_level_prefix(name):
            found |= self.by_key.get(("county", key[1]), set())  # a county's plan writes 商务局 too
        return self.by_pk[next(iter(found))] if len(found) == 1 else None

    def unresolved(self, names: Iterable[str]) -> list[str]:
        """The names of `names` that resolve to no unit, in order, once each."""
        missing: list[str] = []
        for name in names:
            if name.strip() and self.resolve(name) is None and name.strip() not in missing:
                missing.append(name.strip())
        return missing


def unit_match(name: str) -> Unit | None:
    """The unit whose name, short name or an alias equals `name` (or is contained in it).

    One name: an exact name or short name is found by index; only a partial match reads every
    unit. Many names: build a UnitMatcher once instead.
    """
    name = name.strip()
    if not name:
        return None
    exact = Unit.objects.filter(name=name).first() or Unit.objects.filter(short_name=name).first()
    return exact or UnitMatcher().match(name)


def unit_create(*, name: str, level: str, short_name: str = "", aliases: Iterable[str] = (),
                parent: Unit | None = None) -> Unit:
    unit = Unit(name=name, level=level, short_name=short_name, aliases="\n".join(aliases), parent=parent)
    unit.full_clean()
    unit.save()
    return unit


# --- tasks -----------------------------------------------------------------------------------

def task_next_code(level: str, year: int | None = None) -> str:
    """Codes read like 2024-D-0007: year, level letter, running number within both."""
    year = year or business_today().year
    prefix = f"{year}-{LEVEL_CODE.get(TaskLevel(level), 'D')}-"
    codes = Task.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(m.group(1)) for c in codes if (m := re.search(r"-(\d+)$", c))]
    return f"{prefix}{(max(numbers) + 1 if numbers else 1):04d}"


def _coerce_decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("目标值必须是数字。"), field="target_value") from exc


@transaction.atomic
def task_create(*, title: str, level: str = TaskLevel.DISTRICT, co_units: Iterable[Unit] = (),
                code: str | None = None, year: int | None = None, created_by: UserLike = None,
                **fields: Any) -> Task:
    """Create a task after validating it; the code is generated when not given.

    Without an explicit `office`, the task belongs to the office of `created_by` (none, the
    installation's, for an account not bound to an office)."""
    if "office" not in fields:
        fields["office"] = office_for_new_plan(created_by)
    if "target_value" in fields:
        fields["target_value"] = _coerce_decimal(fields["target_value"])
    for attempt in range(5):
        task = Task(title=title, level=level, code=code or task_next_code(level, year), **fields)
        task.full_clean()
        try:
            with transaction.atomic():
                task.save()
            break
        except IntegrityError:
            if code or attempt == 4:
                raise
    task.co_units.set(list(co_units))
    if task.parent_id is not None:
        from luoshi.ledger.services.rollup import task_rollups_refresh

        task_rollups_refresh(task_ids=[task.parent_id])
    return task


@transaction.atomic
def task_update(*, task: Task, user: UserLike, expected_version: int | None = None,
                co_units: Iterable[Unit] | None = None, reason: str = "", via_adjustment: bool = False,
                **changes: Any) -> Task:
    """Change a task's fields, refusing a stale edit.

    `expected_version` is the version the editor read; when another save happened since,
    Conflict is raised and nothing is written (the trap: a plain save would silently
    overwrite the other person's change). Only EDITABLE_TASK_FIELDS may change.

    A change of the plan (PLAN_FIELDS) needs a `reason` (or one named by the enclosing
    `recording` block, as bulk assignment and adjustments do), else DomainError; where the
    installation takes plan changes only by adjustment, only an approved adjustment
    (`via_adjustment`) may make one, else PermissionDenied.
    """
    if not can_edit_task(user, task):
        raise PermissionDenied(MSG_NOT_ALLOWED_EDIT)
    unknown = set(changes) - EDITABLE_TASK_FIELDS
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    # Deadline, target, units and scope change directly only for oversight; a reporter asks
    # through an adjustment request (issue #4). The rule itself lives in permissions.py.
    if not can_edit_task_fields(user, task, set(changes) | ({"co_units"} if co_units is not None else set())):
        raise PermissionDenied(ACTION_MESSAGES[Action.TASK_EDIT_PLAN])
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(MSG_CONFLICT % {"current": locked.version, "yours": expected_version})
    co_units = list(co_units) if co_units is not None else None
    why = (reason or "").strip() or current_reason()
    if _plan_fields_changed(locked, changes, co_units) and not via_adjustment:
        if plan_changes_by_adjustment_only():
            raise PermissionDenied(MSG_PLAN_BY_ADJUSTMENT_ONLY)
        if not why:
            raise DomainError(MSG_PLAN_REASON_REQUIRED, field="reason", code="reason_required")
    if "target_value" in changes:
        changes["target_value"] = _coerce_decimal(changes["target_value"])
    old_parent_id = locked.parent_id
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.version += 1  # the row is locked (select_for_update), so a plain increment is safe
    with recording(user, why):
        locked.save()
        if co_units is not None:
            locked.co_units.set(co_units)
    if old_parent_id != locked.parent_id:
        # The task left its old parent: that one's roll-up (and its ancestors') no longer counts it.
        # The new parent's is refreshed by the evaluation below, as for any edit.
        from luoshi.ledger.services.rollup import task_rollups_refresh

        task_rollups_refresh(task_ids=[old_parent_id])
    from luoshi.oversight.services.evaluation import task_evaluate  # an app below: imported on call
    task_evaluate(locked, reason="edited", user=user)
    return locked


def person_create(*, name: str, role: str, unit: Unit | None = None, user: UserLike = None, post: str = "",
                  email: str = "") -> Person:
    person = Person(name=name, role=role, unit=unit, user=acting_user(user), post=post, email=email)
    person.full_clean()
    person.save()
    return person


# --- progress and evaluation, written by other apps -------------------------------------------

@transaction.atomic
def task_progress_record(*, task: Task, percent: int | None, note: str = "", reason: str = "") -> Task:
    """Record progress on a task from an accepted report: percent done, the progress note and,
    following from them, the status (not started → in progress; 100% → completed).

    This is the reports app's only way to change a task. It increases `version`, so an
    editor holding an older version is told of the conflict. The change reason (which
    report) is stored on the history record.
    """
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if percent is not None:
        locked.progress_percent = max(0, min(100, int(percent)))
    if note:
        locked.progress_note = note
    if locked.status not in (TaskStatus.CANCELLED, TaskStatus.SUSPENDED):
        if locked.progress_percent >= 100:
            locked.status = TaskStatus.COMPLETED
        elif locked.progress_percent > 0 and locked.status == TaskStatus.NOT_STARTED:
            locked.status = TaskStatus.IN_PROGRESS
    locked.full_clean()
    locked.version += 1
    with recording(reason=reason):
        locked.save()
    return locked


def tasks_light_set(*, lights: Mapping[int, str], batch_size: int = 2000) -> int:
    """Write evaluated lights ({task id: light}) for many tasks at once; returns rows changed.

    One UPDATE per light and batch instead of a save per task: evaluation covers every task
    (100,000 must be feasible). The light is a derived value, not an edit, so it does not go
    into the task history (and does not bump `version`, so no editor is disturbed); the
    evaluated states over time are kept in oversight's snapshots instead.
    """
    by_light: dict[str, list[int]] = defaultdict(list)
    for task_id, light in lights.items():
        by_light[light].append(task_id)
    changed = 0
    for light, ids in by_light.items():
        for start in range(0, len(ids), batch_size):
            chunk = ids[start:start + batch_size]
            changed += Task.objects.filter(pk__in=chunk).exclude(light=light).update(light=light)
    return changed

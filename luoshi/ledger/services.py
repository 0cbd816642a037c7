"""Writes of the ledger: units, people, tasks, and confirming extraction drafts into tasks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import Conflict, DomainError, PermissionDenied
from luoshi.documents.choices import DocumentKind, DraftStatus
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.choices import TaskLevel, UnitLevel
from luoshi.ledger.models import Person, Task, Unit
from luoshi.ledger.permissions import (
    ACTION_MESSAGES,
    Action,
    can_edit_task,
    can_edit_task_fields,
    can_review_drafts,
)

MSG_CONFLICT = _("该任务已被他人修改(当前版本 %(current)s,您编辑的是版本 %(yours)s)。请刷新后重新修改。")
MSG_NOT_ALLOWED_EDIT = _("您无权修改此任务。")
MSG_NOT_ALLOWED_REVIEW = _("只有督查人员可以审核草稿。")
MSG_ALREADY_REVIEWED = _("该草稿已审核,不能重复处理。")

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
    "applies_to_areas",
}


# --- units -----------------------------------------------------------------------------------

def unit_directory() -> list[str]:
    """Every name and alias of every unit, longest first, for matching lead units in text."""
    names: set[str] = set()
    for unit in Unit.objects.only("name", "short_name", "aliases"):
        names.update(unit.all_names)
    return sorted(names, key=len, reverse=True)


def unit_match(name: str) -> Unit | None:
    """The unit whose name, short name or an alias equals `name` (or is contained in it)."""
    name = name.strip()
    if not name:
        return None
    exact = Unit.objects.filter(name=name).first() or Unit.objects.filter(short_name=name).first()
    if exact:
        return exact
    best: tuple[int, Unit] | None = None
    for unit in Unit.objects.all():
        for candidate in unit.all_names:
            if candidate == name or (len(candidate) >= 3 and candidate in name):
                if best is None or len(candidate) > best[0]:
                    best = (len(candidate), unit)
    return best[1] if best else None


def unit_create(*, name: str, level: str, short_name: str = "", aliases: Iterable[str] = (),
                parent: Unit | None = None) -> Unit:
    unit = Unit(name=name, level=level, short_name=short_name, aliases="\n".join(aliases), parent=parent)
    unit.full_clean()
    unit.save()
    return unit


# --- tasks -----------------------------------------------------------------------------------

def task_next_code(level: str, year: int | None = None) -> str:
    """Codes read like 2024-D-0007: year, level letter, running number within both."""
    year = year or timezone.localdate().year
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
                code: str | None = None, year: int | None = None, **fields: Any) -> Task:
    """Create a task after validating it; the code is generated when not given."""
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
    return task


@transaction.atomic
def task_update(*, task: Task, user: Any, expected_version: int | None = None,
                co_units: Iterable[Unit] | None = None, **changes: Any) -> Task:
    """Change a task's fields, refusing a stale edit.

    `expected_version` is the version the editor read; when another save happened since,
    Conflict is raised and nothing is written (the trap: a plain save would silently
    overwrite the other person's change). Only EDITABLE_TASK_FIELDS may change.
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
    if "target_value" in changes:
        changes["target_value"] = _coerce_decimal(changes["target_value"])
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.version += 1  # the row is locked (select_for_update), so a plain increment is safe
    locked.save()
    if co_units is not None:
        locked.co_units.set(list(co_units))
    from luoshi.oversight.services.evaluation import task_evaluate  # an app below: imported on call
    task_evaluate(locked, reason="edited", user=user)
    return locked


# --- drafts ----------------------------------------------------------------------------------

def _level_for_document(document: Document) -> str:
    issuer_unit = unit_match(document.issuer) if document.issuer else None
    if issuer_unit is not None:
        return UNIT_LEVEL_TO_TASK_LEVEL.get(UnitLevel(issuer_unit.level), TaskLevel.DISTRICT)
    return TaskLevel.DISTRICT


def _speaker_unit(measure: DraftMeasure) -> Unit | None:
    """In a press conference, the unit of the official whose answer holds the measure."""
    for section in measure.document.structure.get("sections", []):
        speaker = section.get("speaker")
        if speaker and speaker.get("unit") and section["start"] <= measure.start < section["end"]:
            return unit_match(speaker["unit"])
    return None


def _deadline_default(document: Document) -> date | None:
    if document.kind == DocumentKind.WORK_REPORT and document.issued_on:
        return date(document.issued_on.year, 12, 31)
    return None


@transaction.atomic
def draft_measure_confirm(*, measure: DraftMeasure, user: Any, edits: dict[str, Any] | None = None,
                          parent: Task | None = None) -> Task:
    """Turn a draft measure into a ledger task, keeping its source span; edits override the draft."""
    if not can_review_drafts(user):
        raise PermissionDenied(MSG_NOT_ALLOWED_REVIEW)
    measure = DraftMeasure.objects.select_for_update().select_related("document").get(pk=measure.pk)
    if measure.status != DraftStatus.DRAFT:
        raise DomainError(MSG_ALREADY_REVIEWED, code="already_reviewed")
    edits = dict(edits or {})
    document = measure.document
    speaker_unit = _speaker_unit(measure)
    lead_unit = (
        edits.pop("lead_unit", None)
        or (unit_match(measure.lead_unit_name) if measure.lead_unit_name else None)
        or speaker_unit
    )
    target = measure.target or {}
    level = edits.pop("level", None) or (
        UNIT_LEVEL_TO_TASK_LEVEL.get(UnitLevel(speaker_unit.level)) if speaker_unit else None
    ) or _level_for_document(document)
    deadline = edits.pop("deadline", None) or measure.deadline or _deadline_default(document)
    year = deadline.year if deadline else (document.issued_on.year if document.issued_on else None)
    fields: dict[str, Any] = {
        "description": measure.text,
        "category": measure.category,
        "parent": parent,
        "lead_unit": lead_unit,
        "deadline": deadline,
        "target_indicator": str(target.get("indicator") or "")[:200],
        "target_value": target.get("value"),
        "target_unit": str(target.get("unit") or "")[:20],
        "target_comparator": target.get("comparator") or "eq",
        "source_document": document,
        "source_start": measure.start,
        "source_end": measure.end,
        "source_measure": measure,
    }
    fields.update(edits)
    title = str(fields.pop("title", measure.title))[:500]
    task = task_create(title=title, level=level, year=year, **fields)
    measure.status = DraftStatus.CONFIRMED
    measure.reviewed_by = user if getattr(user, "is_authenticated", False) else None
    measure.reviewed_at = timezone.now()
    measure.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    from luoshi.oversight.services.evaluation import task_evaluate  # an app below: imported on call
    task_evaluate(task, reason="confirmed", user=user)
    return task


@transaction.atomic
def draft_measure_reject(*, measure: DraftMeasure, user: Any, note: str = "") -> DraftMeasure:
    if not can_review_drafts(user):
        raise PermissionDenied(MSG_NOT_ALLOWED_REVIEW)
    measure = DraftMeasure.objects.select_for_update().get(pk=measure.pk)
    if measure.status != DraftStatus.DRAFT:
        raise DomainError(MSG_ALREADY_REVIEWED, code="already_reviewed")
    measure.status = DraftStatus.REJECTED
    measure.reviewed_by = user if getattr(user, "is_authenticated", False) else None
    measure.reviewed_at = timezone.now()
    measure.review_note = note[:500]
    measure.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    return measure


@transaction.atomic
def draft_measures_confirm_bulk(*, measures: Iterable[DraftMeasure], user: Any) -> list[Task]:
    """Confirm several drafts at once: all or nothing."""
    return [draft_measure_confirm(measure=m, user=user) for m in measures if m.status == DraftStatus.DRAFT]


def person_create(*, name: str, role: str, unit: Unit | None = None, user: Any = None, post: str = "",
                  email: str = "") -> Person:
    person = Person(name=name, role=role, unit=unit, user=user, post=post, email=email)
    person.full_clean()
    person.save()
    return person

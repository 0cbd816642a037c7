"""Writes of the projects app: batches (confirmed from extraction or entered), the project list,
monthly investment, milestones and task links.

Every service is keyword-only, checks the acting user's permission (luoshi.projects.permissions),
validates with full_clean() and runs in a transaction; django-simple-history records each save
with the acting user and a reason. Excel imports live in luoshi.projects.imports.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from luoshi.core.bounds import id_or_none
from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.core.history import acting_user, recording, save_with_history
from luoshi.core.units import convert, normalize_unit
from luoshi.documents.choices import DraftStatus, ItemKind
from luoshi.documents.models import ExtractedItem
from luoshi.ledger.models import Task
from luoshi.projects import rules
from luoshi.projects.choices import PROGRAMMES, MilestoneKind, Pipeline
from luoshi.projects.constants import (
    INVESTMENT_MESSAGES,
    MSG_CODE_TAKEN,
    MSG_FUTURE_DATE,
    MSG_FUTURE_MONTH,
    MSG_MONTH_RANGE,
    MSG_NEGATIVE,
    MSG_NOT_ALLOWED_MANAGE,
    MSG_NOT_ALLOWED_REPORT,
)
from luoshi.projects.models import KeyProject, ProjectBatch, ProjectInvestment, ProjectMilestone
from luoshi.projects.permissions import can_edit_project, can_manage_projects

MONEY_UNIT = "万元"
TWO_PLACES = Decimal("0.01")

# Words that name a pipeline; when several occur, the one written last wins (the verb of the batch:
# "…等212个项目开工", "…等583个项目建设").
PIPELINE_WORDS = [("开工", Pipeline.NEW_START), ("竣工", Pipeline.COMPLETION), ("建成", Pipeline.COMPLETION),
                  ("投产", Pipeline.COMPLETION), ("在建", Pipeline.UNDER_CONSTRUCTION),
                  ("续建", Pipeline.UNDER_CONSTRUCTION), ("建设", Pipeline.UNDER_CONSTRUCTION),
                  ("推进", Pipeline.UNDER_CONSTRUCTION)]

EDITABLE_PROJECT_FIELDS = {
    "name", "pipeline", "programme", "lead_unit", "location", "industry", "description", "total_investment",
    "planned_investment", "batch",
}
EDITABLE_BATCH_FIELDS = {"name", "pipeline", "year", "programme", "promised_count", "promised_investment",
                         "statement"}




def _require_manager(user: Any) -> None:
    if user is not None and not can_manage_projects(user):
        raise PermissionDenied(MSG_NOT_ALLOWED_MANAGE)


def _money(value: Decimal | float | int | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return amount.quantize(TWO_PLACES)


def pipeline_for(text: str) -> str:
    """The pipeline a batch's wording names (the last pipeline word written), else OTHER."""
    best: tuple[int, str] | None = None
    for word, pipeline in PIPELINE_WORDS:
        position = text.rfind(word)
        if position >= 0 and (best is None or position > best[0]):
            best = (position, pipeline)
    return best[1] if best else Pipeline.OTHER


def _clause_after(item: ExtractedItem) -> str:
    """The words after an item up to the end of its clause: the verb of "…等212个项目|开工" often falls
    outside the quoted span."""
    tail = item.document.text[item.end : item.end + 12]
    return re.split(r"[,。;,;、\s]", tail, maxsplit=1)[0]


def programme_for(section_path: list[str] | None) -> str:
    """The programme (工程) whose name appears in the section titles, innermost first."""
    for title in reversed(section_path or []):
        for programme in PROGRAMMES:
            if programme in title:
                return programme
    return ""


# --- batches -------------------------------------------------------------------------------------

@transaction.atomic
def batch_confirm_from_item(*, item: ExtractedItem, user: Any = None) -> ProjectBatch | None:
    """Confirm an extracted project item into a batch (one per item; confirming again updates it).

    The investment comes from extraction in 元 and is kept in 万元. Returns None for an item that
    is not a project batch. Marks the item confirmed. Raises PermissionDenied for non-oversight.
    """
    if item.kind != ItemKind.PROJECT:
        return None
    _require_manager(user)
    batch = ProjectBatch.objects.select_for_update().filter(source_item=item).first() or ProjectBatch(
        source_item=item)
    batch.pipeline = pipeline_for(item.quote + _clause_after(item))
    name = (item.indicator or "").strip()
    # Extraction may name a batch just "项目"; the pipeline says more.
    batch.name = (name if len(name) > 2 else f"{Pipeline(batch.pipeline).label}{name or '项目'}")[:200]
    batch.year = id_or_none(item.period)
    batch.programme = programme_for(item.section_path) or batch.programme
    batch.promised_count = max(int(item.value), 0)
    batch.promised_investment = _money(convert(item.investment, "元", MONEY_UNIT)) if item.investment else None
    batch.statement = item.quote.strip()[:300]
    batch.source_document_id = item.document_id
    batch.source_start, batch.source_end = item.start, item.end
    batch.full_clean()
    save_with_history(batch, user, _("由文件抽取确认"))
    ExtractedItem.objects.filter(pk=item.pk).update(status=DraftStatus.CONFIRMED)
    return batch


@transaction.atomic
def batch_save(*, user: Any, batch: ProjectBatch | None = None, **fields: Any) -> ProjectBatch:
    """Create a batch, or change one (EDITABLE_BATCH_FIELDS). Oversight only."""
    _require_manager(user)
    unknown = set(fields) - EDITABLE_BATCH_FIELDS
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    target = ProjectBatch.objects.select_for_update().get(pk=batch.pk) if batch is not None else ProjectBatch()
    if "promised_investment" in fields:
        fields["promised_investment"] = _money(fields["promised_investment"])
    for field, value in fields.items():
        setattr(target, field, value)
    target.full_clean()
    save_with_history(target, user, _("维护项目批次") if batch is not None else _("新建项目批次"))
    return target


def batch_for(year: int, pipeline: str) -> ProjectBatch | None:
    """The batch a project of `year` and `pipeline` counts in: the one promising most projects."""
    return (ProjectBatch.objects.filter(year=year, pipeline=pipeline)
            .order_by("-promised_count", "pk").first())


# --- projects ------------------------------------------------------------------------------------

@transaction.atomic
def project_create(*, user: Any, year: int, code: str, name: str, pipeline: str = Pipeline.UNDER_CONSTRUCTION,
                   **fields: Any) -> KeyProject:
    """Add a project to a year's list. Oversight only. The batch defaults to batch_for(year, pipeline).
    Raises DomainError when the code is taken that year, ValidationError for invalid fields."""
    _require_manager(user)
    unknown = set(fields) - EDITABLE_PROJECT_FIELDS
    if unknown:
        raise DomainError(_("不能设置这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    code = code.strip()
    if KeyProject.objects.filter(year=year, code=code).exists():
        raise DomainError(MSG_CODE_TAKEN % {"year": year, "code": code}, field="code")
    for money in ("total_investment", "planned_investment"):
        if money in fields:
            fields[money] = _money(fields[money])
    fields.setdefault("batch", batch_for(year, pipeline))
    project = KeyProject(year=year, code=code, name=name.strip(), pipeline=pipeline, **fields)
    project.full_clean()
    save_with_history(project, user, _("新建项目"))
    return project


@transaction.atomic
def project_update(*, project: KeyProject, user: Any, **changes: Any) -> KeyProject:
    """Change catalogue fields of a project (EDITABLE_PROJECT_FIELDS). Oversight only.
    A change of pipeline moves the project to that pipeline's batch unless a batch is given."""
    _require_manager(user)
    unknown = set(changes) - EDITABLE_PROJECT_FIELDS
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = KeyProject.objects.select_for_update().get(pk=project.pk)
    for money in ("total_investment", "planned_investment"):
        if money in changes:
            changes[money] = _money(changes[money])
    if "pipeline" in changes and "batch" not in changes and changes["pipeline"] != locked.pipeline:
        changes["batch"] = batch_for(locked.year, changes["pipeline"])
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    save_with_history(locked, user, _("修改项目"))
    return locked


@transaction.atomic
def investment_record(*, project: KeyProject, year: int, month: int, amount: Decimal | float | int | str,
                      user: Any, unit: str | None = None, today: date | None = None) -> ProjectInvestment:
    """Enter or correct the investment a project completed in one month (in 万元, or converted from
    `unit`). Re-entering the same amount writes nothing. Raises PermissionDenied, DomainError
    (month outside 1–12 or not begun, negative amount, unit not convertible into 万元, the year's
    investment exceeding the project's total)."""
    if not can_edit_project(user, project):
        raise PermissionDenied(MSG_NOT_ALLOWED_REPORT)
    if not 1 <= int(month) <= 12:
        raise DomainError(MSG_MONTH_RANGE, field="month")
    today = today or business_today()
    if date(year, month, 1) > today:
        raise DomainError(MSG_FUTURE_MONTH % {"year": year, "month": month}, field="month")
    try:
        number = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation as exc:
        raise DomainError(_("完成投资应为数字。"), field="amount") from exc
    converted = convert(number, normalize_unit(unit) or MONEY_UNIT, MONEY_UNIT)
    if converted is None:
        raise DomainError(_("单位“%(unit)s”无法换算为万元。") % {"unit": unit}, field="unit")
    value = _money(converted)
    assert value is not None
    if value < 0:
        raise DomainError(MSG_NEGATIVE, field="amount")
    others = (ProjectInvestment.objects.filter(project=project, year=year).exclude(month=month)
              .aggregate(total=Sum("amount"))["total"] or Decimal(0))
    for code in rules.investment_problems(project.total_investment, None, others + value):
        raise DomainError(INVESTMENT_MESSAGES[code], field="amount")
    record = (ProjectInvestment.objects.select_for_update()
              .filter(project=project, year=year, month=month).first())
    if record is None:
        record = ProjectInvestment(project=project, year=year, month=month)
    elif record.amount == value:
        return record
    record.amount = value
    record.entered_by = acting_user(user)
    record.full_clean()
    save_with_history(record, user, _("页面填报"))
    return record


_UNSET: Any = object()


@transaction.atomic
def milestone_set(*, project: KeyProject, kind: str, user: Any, planned_date: date | None = _UNSET,
                  actual_date: date | None = _UNSET, note: str | None = None,
                  today: date | None = None) -> ProjectMilestone:
    """Set a milestone's planned date (oversight) and/or actual date and note (oversight or the lead
    unit's reporter). Arguments left out keep their value. Raises PermissionDenied, DomainError
    (actual date after today), ValidationError (unknown kind, both dates empty)."""
    if not can_edit_project(user, project):
        raise PermissionDenied(MSG_NOT_ALLOWED_REPORT)
    if kind not in MilestoneKind.values:
        raise DomainError(_("未知的项目节点“%(kind)s”。") % {"kind": kind}, field="kind")
    milestone = (ProjectMilestone.objects.select_for_update().filter(project=project, kind=kind).first()
                 or ProjectMilestone(project=project, kind=kind))
    if planned_date is not _UNSET and planned_date != milestone.planned_date:
        _require_manager(user)
        milestone.planned_date = planned_date
    if actual_date is not _UNSET:
        today = today or business_today()
        if actual_date is not None and actual_date > today:
            raise DomainError(MSG_FUTURE_DATE % {"date": actual_date.isoformat()}, field="actual_date")
        milestone.actual_date = actual_date
    if note is not None:
        milestone.note = note[:300]
    milestone.full_clean()
    save_with_history(milestone, user, _("维护项目节点"))
    return milestone


# --- task links ----------------------------------------------------------------------------------

@transaction.atomic
def project_task_link(*, project: KeyProject, task: Task, user: Any) -> None:
    """Record that `task` serves `project` (shown on both pages). Oversight only; idempotent."""
    _require_manager(user)
    with recording(user):
        project.tasks.add(task)


@transaction.atomic
def project_task_unlink(*, project: KeyProject, task: Task, user: Any) -> None:
    _require_manager(user)
    with recording(user):
        project.tasks.remove(task)


@transaction.atomic
def batch_task_link(*, batch: ProjectBatch, task: Task, user: Any) -> None:
    _require_manager(user)
    with recording(user):
        batch.tasks.add(task)


@transaction.atomic
def batch_task_unlink(*, batch: ProjectBatch, task: Task, user: Any) -> None:
    _require_manager(user)
    with recording(user):
        batch.tasks.remove(task)

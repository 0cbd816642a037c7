"""Review of extraction drafts: confirming a draft measure into a ledger task, or rejecting it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.history import acting_user
from luoshi.core.types import UserLike
from luoshi.documents.choices import DocumentKind, DraftStatus
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.choices import TaskLevel, UnitLevel
from luoshi.ledger.models import DraftParent, Task, Unit
from luoshi.ledger.models.tasks import LEVEL_ORDER
from luoshi.ledger.permissions import Action, require, task_get_visible
from luoshi.ledger.services.revisions import revision_confirm
from luoshi.ledger.services.tasks import UNIT_LEVEL_TO_TASK_LEVEL, task_create, unit_match

MSG_ALREADY_REVIEWED = _("该草稿已审核,不能重复处理。")
MSG_PARENT_LOWER_LEVEL = _("“%(title)s”的上级任务“%(parent)s”层级低于本文件,不能作为上级任务。")


def level_for_document(document: Document) -> str:
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


def draft_parent_of(measure: DraftMeasure) -> Task | None:
    """The task a confirmed `measure` will sit under: the higher-level task chosen for it, else
    the task its own heading became, else None."""
    link = DraftParent.objects.filter(measure=measure).select_related("parent").first()
    if link is not None and link.parent is not None:
        return link.parent
    heading = measure.parent
    if heading is not None:
        return Task.objects.filter(source_measure=heading).first()
    return None


@transaction.atomic
def draft_parent_set(*, measure: DraftMeasure, parent_id: int | None, user: UserLike) -> DraftParent:
    """Choose (or clear, with None) the higher-level task `measure` refines. The parent must be a
    task the user may see (else NotFound, as if it did not exist) at the plan's level or above."""
    require(user, Action.DRAFT_REVIEW)
    measure = DraftMeasure.objects.select_for_update().select_related("document").get(pk=measure.pk)
    if measure.status != DraftStatus.DRAFT:
        raise DomainError(MSG_ALREADY_REVIEWED, code="already_reviewed")
    parent = task_get_visible(user, parent_id) if parent_id is not None else None
    if parent is not None:
        level = level_for_document(measure.document)
        if LEVEL_ORDER.get(parent.level, 0) > LEVEL_ORDER.get(level, 0):
            raise DomainError(MSG_PARENT_LOWER_LEVEL % {"title": measure.title, "parent": parent.title},
                              code="parent_lower_level")
    link, _created = DraftParent.objects.get_or_create(measure=measure)
    link.parent = parent
    link.chosen_by = acting_user(user)
    link.chosen_at = timezone.now()
    link.save(update_fields=["parent", "chosen_by", "chosen_at", "updated_at"])
    return link


def _mark_confirmed(measure: DraftMeasure, user: UserLike) -> None:
    measure.status = DraftStatus.CONFIRMED
    measure.reviewed_by = acting_user(user)
    measure.reviewed_at = timezone.now()
    measure.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])


@transaction.atomic
def draft_measure_confirm(*, measure: DraftMeasure, user: UserLike, edits: dict[str, Any] | None = None,
                          parent: Task | None = None) -> Task:
    """Turn a draft measure into a ledger task, keeping its source span; edits override the draft.
    Without an explicit `parent`, the task takes the parent chosen for the draft (draft_parent_of)."""
    require(user, Action.DRAFT_REVIEW)
    measure = DraftMeasure.objects.select_for_update().select_related("document").get(pk=measure.pk)
    if measure.status != DraftStatus.DRAFT:
        raise DomainError(MSG_ALREADY_REVIEWED, code="already_reviewed")
    edits = dict(edits or {})
    document = measure.document
    # A draft of a revised plan that continues a task of the previous version updates that task.
    continued = revision_confirm(measure=measure, user=user, edits=edits)
    if continued is not None:
        _mark_confirmed(measure, user)
        from luoshi.oversight.services.evaluation import task_evaluate  # an app below: imported on call
        task_evaluate(continued, reason="edited", user=user)
        return continued
    if parent is None:
        parent = draft_parent_of(measure)
    speaker_unit = _speaker_unit(measure)
    lead_unit = (
        edits.pop("lead_unit", None)
        or (unit_match(measure.lead_unit_name) if measure.lead_unit_name else None)
        or speaker_unit
    )
    target = measure.target or {}
    level = edits.pop("level", None) or (
        UNIT_LEVEL_TO_TASK_LEVEL.get(UnitLevel(speaker_unit.level)) if speaker_unit else None
    ) or level_for_document(document)
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
    _mark_confirmed(measure, user)
    from luoshi.oversight.services.evaluation import task_evaluate  # an app below: imported on call
    task_evaluate(task, reason="confirmed", user=user)
    return task


@transaction.atomic
def draft_measure_reject(*, measure: DraftMeasure, user: UserLike, note: str = "") -> DraftMeasure:
    require(user, Action.DRAFT_REVIEW)
    measure = DraftMeasure.objects.select_for_update().get(pk=measure.pk)
    if measure.status != DraftStatus.DRAFT:
        raise DomainError(MSG_ALREADY_REVIEWED, code="already_reviewed")
    measure.status = DraftStatus.REJECTED
    measure.reviewed_by = acting_user(user)
    measure.reviewed_at = timezone.now()
    measure.review_note = note[:500]
    measure.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    return measure


@transaction.atomic
def draft_measures_confirm_bulk(*, measures: Iterable[DraftMeasure], user: UserLike) -> list[Task]:
    """Confirm several drafts at once: all or nothing."""
    return [draft_measure_confirm(measure=m, user=user) for m in measures if m.status == DraftStatus.DRAFT]

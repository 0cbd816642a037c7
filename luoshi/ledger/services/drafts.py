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
from luoshi.ledger.choices import Role, TaskKind, TaskLevel, UnitLevel
from luoshi.ledger.models import DraftParent, Person, Task, Unit
from luoshi.ledger.models.tasks import LEVEL_ORDER
from luoshi.ledger.permissions import Action, require, task_get_visible
from luoshi.ledger.services.revisions import revision_confirm
from luoshi.ledger.services.tasks import UNIT_LEVEL_TO_TASK_LEVEL, UnitResolver, task_create, unit_match

MSG_ALREADY_REVIEWED = _("该草稿已审核,不能重复处理。")
MSG_UNIT_UNRESOLVED = _("“%(title)s”的单位“%(units)s”不在单位名录中:请先新建该单位或将其对应到已有单位,再确认。")
MSG_UNIT_NAME_EMPTY = _("单位名称不能为空。")
MSG_UNIT_CHOICE = _("请选择新建单位或对应到已有单位,二者选一。")
MSG_UNIT_NAME_TAKEN = _("“%(name)s”已是单位“%(unit)s”的名称或别名。")
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
    measure = DraftMeasure.objects.select_for_update().select_related("document").get(pk=measure.pk)
    require(user, Action.DRAFT_REVIEW, measure)
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
    measure = DraftMeasure.objects.select_for_update().select_related("document").get(pk=measure.pk)
    require(user, Action.DRAFT_REVIEW, measure)
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
        if measure.parent is not None and measure.parent.status == DraftStatus.DRAFT:
            # A heading is confirmed with its first measure, as that measure's parent.
            draft_measure_confirm(measure=measure.parent, user=user)
        parent = draft_parent_of(measure)
    speaker_unit = _speaker_unit(measure)
    resolver = UnitResolver(task_level=level_for_document(document))
    lead_unit, co_units = _draft_units(measure, resolver, edits)
    lead_unit = lead_unit or speaker_unit
    person = edits.pop("responsible_person", None) or _draft_person(measure, lead_unit)
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
        # A heading of the plan (一、/（一）) is structure: in the tree, not in the totals.
        "kind": TaskKind.HEADING if measure.heading else TaskKind.MEASURE,
        "lead_unit": lead_unit,
        "responsible_person": person,
        "expected_outcome": measure.expected_outcome,
        "deadline": deadline,
        "ongoing": measure.ongoing and deadline is None,
        "target_indicator": str(target.get("indicator") or "")[:200],
        "target_value": target.get("value"),
        "target_unit": str(target.get("unit") or "")[:20],
        "target_comparator": target.get("comparator") or "eq",
        "source_document": document,
        "source_start": measure.start,
        "source_end": measure.end,
        "source_measure": measure,
        # A task confirmed from a document belongs to the document's office.
        "office": document.office,
    }
    fields.update(edits)
    title = str(fields.pop("title", measure.title))[:500]
    task = task_create(title=title, level=level, year=year, co_units=co_units, **fields)
    _mark_confirmed(measure, user)
    from luoshi.oversight.services.evaluation import task_evaluate  # an app below: imported on call
    task_evaluate(task, reason="confirmed", user=user)
    return task


def _draft_units(measure: DraftMeasure, resolver: UnitResolver, edits: dict[str, Any]) -> tuple[
    Unit | None, list[Unit]
]:
    """The lead unit and co-units a confirmed draft gets: the reviewer's choice (edits) where made,
    else every name the draft keeps resolved. A name that resolves to nothing refuses the
    confirmation (DomainError naming it): a unit is never dropped on the way to the ledger."""
    lead: Unit | None = edits.pop("lead_unit", None)
    chosen_co = edits.pop("co_units", None)
    names: list[str] = []
    if lead is None and measure.lead_unit_name:
        names.append(measure.lead_unit_name)
    if chosen_co is None:
        names.extend(measure.co_unit_names or [])
    missing = resolver.unresolved(names)
    if missing:
        field = "lead_unit" if measure.lead_unit_name.strip() in missing else "co_unit_names"
        raise DomainError(MSG_UNIT_UNRESOLVED % {"title": measure.title, "units": "、".join(missing)},
                          code="unit_unresolved", field=field)
    if lead is None and measure.lead_unit_name:
        lead = resolver.resolve(measure.lead_unit_name)
    co_units: list[Unit] = list(chosen_co) if chosen_co is not None else []
    if chosen_co is None:
        for name in measure.co_unit_names or []:
            unit = resolver.resolve(name)
            if unit is not None and unit != lead and unit not in co_units:
                co_units.append(unit)
    return lead, co_units


def _draft_person(measure: DraftMeasure, unit: Unit | None) -> Person | None:
    """The person a draft names as responsible: one of that name in the lead unit (or anywhere,
    when only one bears it), else a new entry in the directory so that the name is kept."""
    name = measure.responsible_person_name.strip()
    if not name:
        return None
    same_name = list(Person.objects.filter(name=name))
    in_unit = [p for p in same_name if unit is not None and p.unit_id == unit.pk]
    if in_unit:
        return in_unit[0]
    if len(same_name) == 1:
        return same_name[0]
    person = Person(name=name[:100], unit=unit, role=Role.LEADER,
                    post=str(_("任务责任人")))
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def unit_name_resolve(*, name: str, user: UserLike, map_to: Unit | None = None, level: str = "",
                      parent: Unit | None = None, full_name: str = "") -> Unit:
    """What a reviewer does, in one step, with a unit name a plan writes that the directory lacks:
    map it to an existing unit (`map_to`; the name is saved as that unit's alias) or create the
    unit (`level`, `parent`; `full_name` when the plan wrote an abbreviation, kept as its alias).
    Every draft naming it then resolves. Raises DomainError for neither or both choices, or a name
    some unit already bears."""
    require(user, Action.DRAFT_REVIEW)
    name = name.strip()
    if not name:
        raise DomainError(MSG_UNIT_NAME_EMPTY, code="unit_name_empty", field="name")
    if (map_to is None) == (not level):
        raise DomainError(MSG_UNIT_CHOICE, code="unit_choice")
    holder = next((u for u in Unit.objects.all() if name in u.all_names), None)
    if holder is not None:
        raise DomainError(MSG_UNIT_NAME_TAKEN % {"name": name, "unit": holder.name}, code="unit_name_taken")
    if map_to is not None:
        unit = Unit.objects.select_for_update().get(pk=map_to.pk)
        unit.aliases = "\n".join([*unit.aliases.splitlines(), name]).strip()
        unit.full_clean()
        unit.save(update_fields=["aliases", "updated_at"])
        return unit
    full_name = full_name.strip() or name
    unit = Unit(name=full_name[:200], level=level, parent=parent,
                short_name=name[:100] if full_name != name else "")
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def draft_measure_reject(*, measure: DraftMeasure, user: UserLike, note: str = "") -> DraftMeasure:
    measure = DraftMeasure.objects.select_for_update().select_related("document").get(pk=measure.pk)
    require(user, Action.DRAFT_REVIEW, measure)
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
    """Confirm several drafts at once: all or nothing. A heading already confirmed with a measure
    under it (earlier in `measures`) is skipped, not refused."""
    tasks = []
    for m in measures:
        if DraftMeasure.objects.filter(pk=m.pk, status=DraftStatus.DRAFT).exists():
            tasks.append(draft_measure_confirm(measure=m, user=user))
    return tasks

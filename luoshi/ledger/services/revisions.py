"""A revised plan updates the tasks of its previous version instead of duplicating them.

On ingest of a revision (`Document.previous_version`), `document_revision_match` matches its
drafts to the confirmed tasks of the previous version (the pure `ledger.linking.match_revision`)
and stores one RevisionMatch per revised draft and per dropped task:

- unchanged: the draft is settled at once (marked confirmed, naming the task); the task is untouched;
- changed: confirming the draft updates the existing task (the changed fields, its source now the
  revised text) with the change in its history, reason “文件修订”;
- new: an ordinary draft, confirmed into a new task;
- dropped: the task waits for a supervisor to close or keep it; nothing is deleted;
- ambiguous: the reviewer says which task the draft continues, or that it is new.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.history import acting_user, recording
from luoshi.core.types import UserLike
from luoshi.documents.choices import DraftStatus
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import DroppedDecision, RevisionKind, RevisionMatch, Task
from luoshi.ledger.permissions import Action, require
from luoshi.ledger.selectors.linking import previous_version_tasks, versioned_measures

REASON_REVISION = _("文件修订")
REASON_DROPPED = _("文件修订:新版本已删除此举措")
NOTE_UNCHANGED = _("与上一版本相同,沿用任务 %(code)s")
MSG_AMBIGUOUS = _("草稿“%(title)s”可能对应上一版本的多项任务,请先确定它延续哪项任务或作为新增举措。")
MSG_NOT_AMBIGUOUS = _("草稿“%(title)s”不需要确定对应任务。")
MSG_NOT_A_CANDIDATE = _("草稿“%(title)s”不能对应该任务:只能在列出的上一版本任务中选择。")
MSG_TASK_TAKEN = _("任务 %(code)s 已由本文件的另一条举措延续。")
MSG_NOT_DROPPED = _("该任务不是新版本删除的举措,无需处理。")
MSG_ALREADY_DECIDED = _("该删除举措已处理。")


def _mark_unchanged(measure: DraftMeasure, task: Task, user: UserLike, now: Any) -> None:
    measure.status = DraftStatus.CONFIRMED
    measure.reviewed_by = acting_user(user)
    measure.reviewed_at = now
    measure.review_note = str(NOTE_UNCHANGED % {"code": task.code})[:500]
    measure.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])


@transaction.atomic
def document_revision_match(document: Document, user: UserLike) -> int:
    """Match the open drafts of a revised `document` to the confirmed tasks of its previous
    version and store the outcome (RevisionMatch rows); unchanged drafts are settled at once.

    Does nothing (returns 0) for a document that is not a revision, whose previous version has
    no confirmed task, or that was matched already. Returns the number of rows stored.
    """
    require(user, Action.DRAFT_REVIEW)
    if document.previous_version is None or RevisionMatch.objects.filter(document=document).exists():
        return 0
    tasks = previous_version_tasks(document)
    if not tasks:
        return 0
    from luoshi.ledger.linking import match_revision  # rapidfuzz: loaded on call

    previous = document.previous_version
    before = list(previous.measures.filter(pk__in=tasks).order_by("start"))
    after = list(document.measures.filter(status=DraftStatus.DRAFT, heading=False).order_by("start"))
    plan = match_revision(versioned_measures(previous, before), versioned_measures(document, after))
    rows: list[RevisionMatch] = []
    for pair in plan.unchanged:
        rows.append(RevisionMatch(document=document, measure_id=pair.revised_key, task=tasks[pair.previous_key],
                                  kind=RevisionKind.UNCHANGED, similarity=pair.similarity))
    for pair in plan.changed:
        rows.append(RevisionMatch(
            document=document, measure_id=pair.revised_key, task=tasks[pair.previous_key], kind=RevisionKind.CHANGED,
            similarity=pair.similarity,
            changes=[{"field": c.field, "before": c.before, "after": c.after} for c in pair.changes],
        ))
    rows += [RevisionMatch(document=document, measure_id=key, kind=RevisionKind.NEW) for key in plan.new]
    rows += [RevisionMatch(document=document, task=tasks[key], kind=RevisionKind.DROPPED) for key in plan.dropped]
    for number, group in enumerate(plan.ambiguous, start=1):
        for key in group.revised_keys:
            candidates = [{"task_id": tasks[p].pk, "similarity": round(score, 3)}
                          for p, r, score in group.scores if r == key]
            rows.append(RevisionMatch(document=document, measure_id=key, kind=RevisionKind.AMBIGUOUS,
                                      candidates=candidates, group=number))
        rows += [RevisionMatch(document=document, task=tasks[key], kind=RevisionKind.AMBIGUOUS, group=number)
                 for key in group.previous_keys]
    RevisionMatch.objects.bulk_create(rows)
    now = timezone.now()
    unchanged = {pair.revised_key: tasks[pair.previous_key] for pair in plan.unchanged}
    with recording(user, REASON_REVISION):
        for measure in after:
            if measure.pk in unchanged:
                _mark_unchanged(measure, unchanged[measure.pk], user, now)
    return len(rows)


def _unit(name: str) -> Any:
    from luoshi.ledger.services.tasks import unit_match

    return unit_match(name) if name else None


def revision_confirm(*, measure: DraftMeasure, user: UserLike, edits: dict[str, Any]) -> Task | None:
    """Confirm a draft of a revised plan: update the task a changed draft continues and return it;
    None when the draft is an ordinary one (new, or not part of a revision), to be created as usual.

    Only the fields the revision changed are written (a reviewer's edit of them on the review page
    wins over the draft's value); the task's source becomes the revised text. Called by
    `draft_measure_confirm` inside its transaction, with the draft locked and still open.
    """
    match = RevisionMatch.objects.filter(measure=measure).select_related("task").first()
    document = measure.document
    if match is None and document.previous_version_id is not None and \
            not RevisionMatch.objects.filter(document=document).exists():
        # A revision read where nobody matched it (the ingest command, a spreadsheet): match now,
        # so that no path confirms a duplicate.
        document_revision_match(document, user)
        match = RevisionMatch.objects.filter(measure=measure).select_related("task").first()
    if match is None or match.kind == RevisionKind.NEW:
        return None
    if match.kind == RevisionKind.UNCHANGED and match.task is not None:
        return match.task  # the same measure: its task goes on untouched
    if match.kind == RevisionKind.AMBIGUOUS or match.task is None:
        raise DomainError(MSG_AMBIGUOUS % {"title": measure.title}, code="revision_ambiguous")
    task = Task.objects.select_for_update().get(pk=match.task.pk)
    changed = {change["field"] for change in match.changes}
    co_units = None
    if "title" in changed:
        task.title = str(edits.get("title") or measure.title)[:500]
    if "text" in changed:
        task.description = measure.text
    if "lead_units" in changed:
        task.lead_unit = edits.get("lead_unit") or _unit(measure.lead_unit_name)
    if "co_units" in changed:
        co_units = [unit for name in measure.co_unit_names or [] if (unit := _unit(str(name))) is not None]
    if "deadline" in changed:
        task.deadline = edits.get("deadline") or measure.deadline
    task.source_document = measure.document
    task.source_start, task.source_end = measure.start, measure.end
    task.source_measure = measure
    task.full_clean()
    task.version += 1
    with recording(user, REASON_REVISION):
        task.save()
        if co_units is not None:
            task.co_units.set(co_units)
    return task


def _settle_group(document: Document, group: int | None) -> None:
    """Once every draft of an ambiguous group is settled, the group's previous tasks that no
    draft continues are dropped (flagged for a supervisor), the others leave the group."""
    if group is None:
        return
    rows = RevisionMatch.objects.filter(document=document, group=group)
    if rows.filter(measure__isnull=False, kind=RevisionKind.AMBIGUOUS).exists():
        return
    taken = set(rows.filter(measure__isnull=False, task__isnull=False).values_list("task_id", flat=True))
    waiting = rows.filter(measure__isnull=True, kind=RevisionKind.AMBIGUOUS)
    waiting.filter(task_id__in=taken).delete()
    waiting.update(kind=RevisionKind.DROPPED)


@transaction.atomic
def revision_ambiguity_resolve(*, measure: DraftMeasure, task_id: int | None, user: UserLike) -> RevisionMatch:
    """Say which previous task an ambiguous draft continues (one of its candidates), or that it is
    new (None). A draft that continues an unchanged task is settled at once."""
    require(user, Action.DRAFT_REVIEW)
    match = RevisionMatch.objects.select_for_update(of=("self",)).select_related("document").filter(measure=measure).first()
    if match is None or match.kind != RevisionKind.AMBIGUOUS:
        raise DomainError(MSG_NOT_AMBIGUOUS % {"title": measure.title}, code="not_ambiguous")
    measure = DraftMeasure.objects.select_for_update().get(pk=measure.pk)
    now = timezone.now()
    match.decided_by, match.decided_at = acting_user(user), now
    if task_id is None:
        match.kind = RevisionKind.NEW
    else:
        if task_id not in {c["task_id"] for c in match.candidates}:
            raise DomainError(MSG_NOT_A_CANDIDATE % {"title": measure.title}, code="not_a_candidate")
        task = Task.objects.get(pk=task_id)
        if RevisionMatch.objects.filter(document=match.document, measure__isnull=False, task=task).exclude(
                pk=match.pk).exists():
            raise DomainError(MSG_TASK_TAKEN % {"code": task.code}, code="task_taken")
        from luoshi.ledger.linking.revision import field_changes

        document = match.document
        previous_draft = next(key for key, found in previous_version_tasks(document).items() if found.pk == task.pk)
        before = versioned_measures(document.previous_version, [DraftMeasure.objects.get(pk=previous_draft)])[0]  # type: ignore[arg-type]
        after = versioned_measures(document, [measure])[0]
        changes = field_changes(before, after)
        match.task = task
        match.changes = [{"field": c.field, "before": c.before, "after": c.after} for c in changes]
        match.kind = RevisionKind.CHANGED if changes else RevisionKind.UNCHANGED
        if not changes:
            with recording(user, REASON_REVISION):
                _mark_unchanged(measure, task, user, now)
    match.save()
    _settle_group(match.document, match.group)
    return match


@transaction.atomic
def revision_dropped_decide(*, match: RevisionMatch, decision: str, user: UserLike) -> RevisionMatch:
    """Close (cancel, with the reason in its history) or keep a task the revised plan no longer
    lists. The task is never deleted."""
    require(user, Action.TASK_EDIT_PLAN)
    match = RevisionMatch.objects.select_for_update(of=("self",)).select_related("task").get(pk=match.pk)
    if match.kind != RevisionKind.DROPPED or match.task is None:
        raise DomainError(MSG_NOT_DROPPED, code="not_dropped")
    if match.decision:
        raise DomainError(MSG_ALREADY_DECIDED, code="already_decided")
    if decision not in (DroppedDecision.CLOSE, DroppedDecision.KEEP):
        raise DomainError(_("请选择终止或保留该任务。"), code="invalid_decision")
    if decision == DroppedDecision.CLOSE:
        from luoshi.ledger.services.tasks import task_update

        task_update(task=match.task, user=user, reason=str(REASON_DROPPED), status=TaskStatus.CANCELLED)
    match.decision = decision
    match.decided_by, match.decided_at = acting_user(user), timezone.now()
    match.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])
    return match

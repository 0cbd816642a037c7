"""Writes that link a task to the higher-level task it refines: suggestions on ingest, a draft's
parent chosen one by one or in bulk, and a confirmed task's parent changed with a reason.

The ranking itself is the pure `ledger.linking.suggest_parents`; here it is fed from the
database and its answer stored on each draft (DraftParent.suggestions), best first, with the
reasons a reviewer reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import Conflict, DomainError, NotFound
from luoshi.core.history import acting_user, recording
from luoshi.core.types import UserLike
from luoshi.documents.choices import DraftStatus
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.models import DraftParent, Task
from luoshi.ledger.models.tasks import LEVEL_ORDER
from luoshi.ledger.permissions import Action, require, tasks_visible_to
from luoshi.ledger.selectors.linking import draft_texts, parent_candidates, task_chain
from luoshi.ledger.services.drafts import MSG_ALREADY_REVIEWED, MSG_PARENT_LOWER_LEVEL, level_for_document
from luoshi.ledger.services.rollup import task_rollups_refresh
from luoshi.ledger.services.tasks import MSG_CONFLICT

if TYPE_CHECKING:
    from luoshi.ledger.linking import Suggestion

SUGGESTIONS_PER_DRAFT = 3
# An explicit reference (对应…第3条) or the parent's code written in the text scores at least this
# (suggest.WEIGHT_REFERENCE); a plan that names exactly one such task has its parent preselected.
PRESELECT_SCORE = 60.0

MSG_DRAFT_FAILED = _("草稿“%(title)s”:%(reason)s")
MSG_NO_SUGGESTION = _("没有推荐的上级任务,请逐条选择。")
MSG_PARENT_NOT_FOUND = _("“%(title)s”的上级任务不存在或无权查看(%(parent)s)。")
MSG_PARENT_CYCLE = _("“%(task)s”不能以“%(parent)s”为上级任务:后者是本任务自身或其下级任务,会形成循环。")
MSG_PARENT_BELOW = _("“%(task)s”不能以“%(parent)s”为上级任务:后者的层级低于本任务。")
REASON_PARENT_DEFAULT = _("调整上级任务")


def _suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "task_id": suggestion.candidate_id,
        "score": suggestion.score,
        "reasons": [
            {"kind": r.kind, "text": r.detail, "template": r.template, "params": dict(r.params)}
            for r in suggestion.reasons
        ],
    }


def _clear_target(suggestions: Sequence[Suggestion]) -> int | None:
    """The one task an explicit reference or code in the draft names clearly, else None."""
    explicit = [s for s in suggestions if any(r.kind in ("code", "reference") for r in s.reasons)]
    if len(explicit) == 1 and explicit[0].score >= PRESELECT_SCORE:
        return explicit[0].candidate_id
    return None


@transaction.atomic
def draft_parents_suggest(document: Document, user: UserLike) -> int:
    """Suggest up to three parents for each open draft of `document`, among the higher-level
    tasks `user` may see, and store them on the draft (DraftParent.suggestions, best first).

    A draft whose text names exactly one task by an explicit reference or its code gets that task
    as its parent, preselected (no `chosen_by`), unless a parent was chosen already. Returns the
    number of drafts that got at least one suggestion.
    """
    require(user, Action.DRAFT_REVIEW)
    measures = list(document.measures.filter(status=DraftStatus.DRAFT, heading=False).order_by("start"))
    if not measures:
        return 0
    candidates = parent_candidates(user, level_for_document(document), exclude_document=document)
    if candidates:
        from luoshi.ledger.linking import suggest_parents  # numpy, jieba, bm25s: loaded on call

        ranked = suggest_parents(draft_texts(document, measures), candidates, limit=SUGGESTIONS_PER_DRAFT)
    else:
        ranked = [[] for _ in measures]
    existing = {link.measure_id: link for link in DraftParent.objects.filter(measure__in=measures)}
    now = timezone.now()
    created: list[DraftParent] = []
    updated: list[DraftParent] = []
    for measure, suggestions in zip(measures, ranked, strict=True):
        link = existing.get(measure.pk) or DraftParent(measure=measure)
        link.suggestions = [_suggestion_json(s) for s in suggestions]
        target = _clear_target(suggestions)
        if link.parent_id is None and target is not None:
            link.parent_id, link.chosen_by, link.chosen_at = target, None, now
        link.updated_at = now
        (updated if link.pk else created).append(link)
    DraftParent.objects.bulk_create(created, batch_size=500)
    for link in updated:  # a plan suggested again: one small UPDATE each (bulk_update's CASE is slower)
        DraftParent.objects.filter(pk=link.pk).update(
            suggestions=link.suggestions, parent_id=link.parent_id, chosen_by=link.chosen_by_id,
            chosen_at=link.chosen_at, updated_at=now)
    return sum(1 for suggestions in ranked if suggestions)


def _failed(measure: DraftMeasure, reason: Any) -> str:
    return str(MSG_DRAFT_FAILED % {"title": measure.title, "reason": reason})


@transaction.atomic
def draft_parents_set_bulk(*, measures: Sequence[DraftMeasure], parents: Mapping[int, int | None],
                           user: UserLike) -> int:
    """Give each draft the parent `parents[draft id]` (None clears it): all or nothing.

    The same rules as `draft_parent_set` (an open draft; a parent the user may see, at the plan's
    level or above), checked for every draft before anything is written; the first draft that
    breaks one is named in the error. A fixed number of queries per document, whatever the
    number of drafts. Returns the number of drafts written.
    """
    require(user, Action.DRAFT_REVIEW)
    locked = list(DraftMeasure.objects.select_for_update().only("pk", "title", "status", "document_id", "start")
                  .filter(pk__in=[m.pk for m in measures]).order_by("document_id", "start"))
    documents = Document.objects.only("pk", "issuer").in_bulk({m.document_id for m in locked})
    wanted = {pid for pid in parents.values() if pid is not None}
    visible = {t.pk: t for t in tasks_visible_to(user, Task.objects.filter(pk__in=wanted)).only("pk", "level", "title")}
    levels: dict[int, str] = {}
    for measure in locked:
        if measure.status != DraftStatus.DRAFT:
            raise DomainError(_failed(measure, MSG_ALREADY_REVIEWED), code="already_reviewed")
        parent_id = parents.get(measure.pk)
        if parent_id is None:
            continue
        parent = visible.get(parent_id)
        if parent is None:
            raise NotFound(MSG_PARENT_NOT_FOUND % {"title": measure.title, "parent": parent_id})
        if measure.document_id not in levels:
            levels[measure.document_id] = level_for_document(documents[measure.document_id])
        if LEVEL_ORDER.get(parent.level, 0) > LEVEL_ORDER.get(levels[measure.document_id], 0):
            raise DomainError(MSG_PARENT_LOWER_LEVEL % {"title": measure.title, "parent": parent.title},
                              code="parent_lower_level")
    existing = dict(DraftParent.objects.filter(measure__in=locked).values_list("measure_id", "pk"))
    now, actor = timezone.now(), acting_user(user)
    created: list[DraftParent] = []
    # One UPDATE per parent chosen (Django's bulk_update writes a CASE per row, far slower).
    by_parent: dict[int | None, list[int]] = defaultdict(list)
    for measure in locked:
        parent_id = parents.get(measure.pk)
        if measure.pk in existing:
            by_parent[parent_id].append(existing[measure.pk])
        else:
            created.append(DraftParent(measure=measure, parent_id=parent_id, chosen_by=actor, chosen_at=now))
    DraftParent.objects.bulk_create(created, batch_size=500)
    for parent_id, link_ids in by_parent.items():
        for start in range(0, len(link_ids), 500):
            DraftParent.objects.filter(pk__in=link_ids[start:start + 500]).update(
                parent_id=parent_id, chosen_by=actor, chosen_at=now, updated_at=now)
    return len(locked)


def draft_parents_accept_first(*, measures: Sequence[DraftMeasure], user: UserLike) -> int:
    """Give each draft its first suggestion as parent: all or nothing; a draft without a
    suggestion is named in the error and nothing is written."""
    require(user, Action.DRAFT_REVIEW)
    links = {link.measure_id: link for link in DraftParent.objects.filter(measure__in=measures)}
    parents: dict[int, int | None] = {}
    for measure in sorted(measures, key=lambda m: m.start):
        link = links.get(measure.pk)
        if link is None or not link.suggestions:
            raise DomainError(_failed(measure, MSG_NO_SUGGESTION), code="no_suggestion")
        parents[measure.pk] = int(link.suggestions[0]["task_id"])
    return draft_parents_set_bulk(measures=measures, parents=parents, user=user)


def _ancestor_ids(task: Task) -> set[int]:
    """The ids of `task` and every task above it (one query, at most MAX_DEPTH levels)."""
    return {task.pk} | {t.pk for t in task_chain(task.pk)}


@transaction.atomic
def task_parent_set(*, task: Task, parent_id: int | None, user: UserLike, reason: str = "",
                    expected_version: int | None = None) -> Task:
    """Set, change or clear (None) the task `task` refines; the change enters its history with
    `reason`.

    Refused, with a message naming the task and nothing written: a user who may not link tasks
    (PermissionDenied), a parent the user cannot see (NotFound), the task itself or one of its
    descendants (a cycle), a parent at a lower level than the task, a stale `expected_version`
    (Conflict).
    """
    require(user, Action.TASK_LINK, task)
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(MSG_CONFLICT % {"current": locked.version, "yours": expected_version})
    parent = None
    if parent_id is not None:
        parent = tasks_visible_to(user, Task.objects.filter(pk=parent_id)).first()
        if parent is None:
            raise NotFound(MSG_PARENT_NOT_FOUND % {"title": locked.title, "parent": parent_id})
        if locked.pk in _ancestor_ids(parent):
            raise DomainError(MSG_PARENT_CYCLE % {"task": locked.title, "parent": parent.title},
                              code="parent_cycle", field="parent_id")
        if LEVEL_ORDER.get(parent.level, 0) > LEVEL_ORDER.get(locked.level, 0):
            raise DomainError(MSG_PARENT_BELOW % {"task": locked.title, "parent": parent.title},
                              code="parent_lower_level", field="parent_id")
    if locked.parent_id == (parent.pk if parent is not None else None):
        return locked
    old_parent_id = locked.parent_id
    locked.parent = parent
    locked.version += 1  # the row is locked (select_for_update), so a plain increment is safe
    with recording(user, (reason or "").strip() or str(REASON_PARENT_DEFAULT)):
        locked.save(update_fields=["parent", "version", "updated_at"])
    # The old and the new parent's figures follow: the roll-up and the forecast drawn from children.
    parents = [pk for pk in (old_parent_id, locked.parent_id) if pk is not None]
    task_rollups_refresh(task_ids=parents)
    from luoshi.oversight.services.forecasts import forecasts_refresh  # an app below: imported on call
    forecasts_refresh(task_ids=parents)
    return locked


def document_links_prepare(document: Document, user: UserLike) -> None:
    """After a plan is ingested: match a revision to its previous version's tasks, then suggest
    parents for the drafts still open. The ingest page, the API and the demo loader call this."""
    from luoshi.ledger.services.revisions import document_revision_match

    document_revision_match(document, user)
    draft_parents_suggest(document, user)

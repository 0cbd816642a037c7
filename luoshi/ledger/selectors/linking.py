"""Reads for linking across levels and versions: the plain values the pure matching core
(ledger.linking) works on, the tasks a reviewer may choose as a parent, a task's ancestors, and
what a revised document changed.

The matching itself is pure and lives in ledger.linking; these functions turn rows into its
values in a fixed number of queries, whatever the number of drafts or candidates.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luoshi.core.types import UserLike
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.models import DraftParent, RevisionKind, RevisionMatch, Task
from luoshi.ledger.models.tasks import LEVEL_ORDER
from luoshi.ledger.permissions import tasks_visible_to

if TYPE_CHECKING:  # the matching core loads numpy and the extraction's word lists: imported on call
    from luoshi.ledger.linking import CandidateTask, DraftText, VersionedMeasure

# A chain of parents longer than this is a data error (a cycle written around the services);
# the breadcrumbs stop there rather than loop.
MAX_DEPTH = 20
FIELD_LABELS = {"title": _("任务名称"), "text": _("原文"), "lead_units": _("牵头单位"), "co_units": _("配合单位"),
                "deadline": _("完成时限"), "numbering": _("编号")}
SEARCH_LIMIT = 20


class SectionNumbering:
    """The numbering path (二、（三） → (2, 3)) of any position in one document, from the markers
    of the sections that contain it (document.structure["sections"])."""

    def __init__(self, structure: dict[str, Any] | None) -> None:
        sections = [s for s in (structure or {}).get("sections", []) if s.get("marker")]
        self.sections = sorted(sections, key=lambda s: (s["start"], -s["end"]))
        self.starts = [s["start"] for s in self.sections]

    def at(self, position: int | None) -> tuple[int, ...]:
        if position is None or not self.sections:
            return ()
        from luoshi.ledger.linking import numbering_from_markers

        upto = bisect_right(self.starts, position)
        markers = [s["marker"] for s in self.sections[:upto] if s["start"] <= position < s["end"]]
        return numbering_from_markers(markers)


def higher_levels(level: str) -> list[str]:
    """The task levels above `level` (national above city above district above zone)."""
    rank = LEVEL_ORDER.get(level, len(LEVEL_ORDER))
    return [name for name, order in LEVEL_ORDER.items() if order < rank]


def parent_candidates(user: UserLike, level: str, *, exclude_document: Document | None = None) -> list[CandidateTask]:
    """The higher-level tasks `user` may see, as the suggester's candidates, in code order.

    Their running number (第3条) is their order in their source plan, their numbering path the
    markers of the sections holding their source text. Four queries whatever their number.
    """
    from luoshi.ledger.linking import CandidateTask
    tasks = tasks_visible_to(user, Task.objects.filter(level__in=higher_levels(level)))
    if exclude_document is not None:
        tasks = tasks.exclude(source_document=exclude_document)
    rows: list[dict[str, Any]] = [dict(row) for row in tasks.order_by("code").values(
        "id", "code", "title", "description", "source_document_id", "source_start", "lead_unit__name",
    )]
    ids = [row["id"] for row in rows]
    co_units: dict[int, list[str]] = defaultdict(list)
    through = Task.co_units.through
    for start in range(0, len(ids), 2000):
        for task_id, name in through.objects.filter(task_id__in=ids[start:start + 2000]).values_list(
                "task_id", "unit__name"):
            co_units[task_id].append(name)
    documents = {row["source_document_id"] for row in rows if row["source_document_id"]}
    plans = {d.pk: (d.title, SectionNumbering(d.structure))
             for d in Document.objects.filter(pk__in=documents).only("title", "structure")}
    ordinal: dict[int, int] = {}
    by_document: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["source_document_id"] and row["source_start"] is not None:
            by_document[row["source_document_id"]].append(row)
    for members in by_document.values():
        for number, row in enumerate(sorted(members, key=lambda r: (r["source_start"], r["id"])), start=1):
            ordinal[row["id"]] = number
    candidates = []
    for row in rows:
        plan_title, numbering = plans.get(row["source_document_id"], ("", None))
        candidates.append(CandidateTask(
            id=row["id"], title=row["title"], text=row["description"] or "", code=row["code"],
            ordinal=ordinal.get(row["id"]),
            numbering=numbering.at(row["source_start"]) if numbering is not None else (),
            plan_title=plan_title, lead_unit=row["lead_unit__name"] or "", co_units=tuple(co_units.get(row["id"], ())),
        ))
    return candidates


def draft_texts(document: Document, measures: Sequence[DraftMeasure]) -> list[DraftText]:
    """The drafts as the suggester reads them: title, text, numbering path, lead units as written."""
    from luoshi.ledger.linking import DraftText
    numbering = SectionNumbering(document.structure)
    return [
        DraftText(title=m.title, text=m.text if m.text != m.title else "", numbering=numbering.at(m.start),
                  lead_units=tuple(name for name in [m.lead_unit_name] if name))
        for m in measures
    ]


def versioned_measures(document: Document, measures: Sequence[DraftMeasure]) -> list[VersionedMeasure]:
    """Drafts of one version of a plan as the revision matcher reads them, keyed by draft id."""
    from luoshi.ledger.linking import VersionedMeasure
    numbering = SectionNumbering(document.structure)
    return [
        VersionedMeasure(
            key=m.pk, position=position, title=m.title, text=m.text, numbering=numbering.at(m.start),
            lead_units=tuple(name for name in [m.lead_unit_name] if name),
            co_units=tuple(str(name) for name in (m.co_unit_names or [])), deadline=m.deadline,
        )
        for position, m in enumerate(measures)
    ]


def previous_version_tasks(document: Document) -> dict[int, Task]:
    """The confirmed tasks of `document`'s previous version, keyed by the previous version's draft
    each continues: the task confirmed from that draft, or the task that draft was found to
    continue when the previous version was itself a revision (unchanged, or changed and confirmed).
    """
    previous = document.previous_version
    if previous is None:
        return {}
    found: dict[int, Task] = {}
    for task in Task.objects.filter(source_measure__document=previous).select_related("source_measure"):
        found[task.source_measure_id] = task  # type: ignore[index]
    matches = RevisionMatch.objects.filter(
        document=previous, measure__isnull=False, task__isnull=False,
    ).filter(Q(kind=RevisionKind.UNCHANGED) | Q(kind=RevisionKind.CHANGED, measure__status="confirmed"))
    for match in matches.select_related("task"):
        found.setdefault(match.measure_id, match.task)  # type: ignore[arg-type]
    return found


def parent_search(user: UserLike, query: str, *, level: str, limit: int = SEARCH_LIMIT) -> QuerySet[Task]:
    """Visible tasks at a level above `level` whose code or title contains `query`, codes first."""
    query = query.strip()
    tasks = tasks_visible_to(user, Task.objects.filter(level__in=higher_levels(level)))
    if query:
        tasks = tasks.filter(Q(code__icontains=query) | Q(title__icontains=query))
    return tasks.select_related("lead_unit").order_by("code")[:limit]


def task_search(user: UserLike, query: str, *, below: Task, limit: int = SEARCH_LIMIT) -> QuerySet[Task]:
    """Visible tasks that may become `below`'s parent: at its level or above, not itself."""
    rank = LEVEL_ORDER.get(below.level, len(LEVEL_ORDER))
    levels = [name for name, order in LEVEL_ORDER.items() if order <= rank]
    tasks = tasks_visible_to(user, Task.objects.filter(level__in=levels)).exclude(pk=below.pk)
    query = query.strip()
    if query:
        tasks = tasks.filter(Q(code__icontains=query) | Q(title__icontains=query))
    return tasks.select_related("lead_unit").order_by("code")[:limit]


def _chain_sql() -> str:
    """A recursive query for a task and the tasks above it, nearest first, with their depth.

    One query however deep the chain; the depth bound stops a cycle written around the services
    (both databases accept WITH RECURSIVE)."""
    table = connection.ops.quote_name(Task._meta.db_table)
    return (f"WITH RECURSIVE chain (id, parent_id, depth) AS ("
            f" SELECT id, parent_id, 0 FROM {table} WHERE id = %s"
            f" UNION ALL SELECT t.id, t.parent_id, chain.depth + 1 FROM {table} t"
            f" JOIN chain ON t.id = chain.parent_id WHERE chain.depth < %s)"
            f" SELECT t.id, t.code, t.title, t.parent_id, chain.depth FROM chain JOIN {table} t ON t.id = chain.id"
            f" ORDER BY chain.depth")


def task_chain(task_id: int) -> list[Task]:
    """The task `task_id` and every task above it, nearest first, in one query; a repeated task
    (a cycle) ends the chain. The tasks carry id, code, title and parent only."""
    chain: list[Task] = []
    seen: set[int] = set()
    for row in Task.objects.raw(_chain_sql(), [task_id, MAX_DEPTH]):
        if row.pk in seen:
            break
        seen.add(row.pk)
        chain.append(row)
    return chain


def task_ancestors(task: Task) -> list[Task]:
    """The chain of parents above `task`, outermost first (breadcrumbs), in one query."""
    if task.parent_id is None:
        return []
    return list(reversed([t for t in task_chain(task.parent_id) if t.pk != task.pk]))


@dataclass
class ParentChoice:
    """A draft's parent as the review page shows it: the chosen task (`preselected` when chosen
    from an explicit reference, not by a person) and the suggestions with their tasks."""

    parent: Task | None = None
    preselected: bool = False
    suggestions: list[dict[str, Any]] = field(default_factory=list)


def _reason_text(reason: dict[str, Any]) -> str:
    """A stored reason in the reader's language: its template translated, then filled in."""
    template = reason.get("template")
    if not template:
        return str(reason.get("text", ""))
    try:
        return gettext(template).format(**reason.get("params", {}))
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return str(reason.get("text", ""))


def draft_parent_choices(measures: Iterable[DraftMeasure]) -> dict[int, ParentChoice]:
    """For each draft id: its chosen parent and suggestions, with their tasks (two queries)."""
    ids = [m.pk for m in measures]
    links = list(DraftParent.objects.filter(measure_id__in=ids).select_related("parent"))
    task_ids = {s["task_id"] for link in links for s in link.suggestions}
    tasks = Task.objects.select_related("lead_unit").in_bulk(task_ids)
    choices: dict[int, ParentChoice] = {}
    for link in links:
        suggestions = [{**s, "task": tasks[s["task_id"]], "reasons": [_reason_text(r) for r in s["reasons"]],
                        "reason_pairs": [(r.get("kind", ""), _reason_text(r)) for r in s["reasons"]]}
                       for s in link.suggestions if s["task_id"] in tasks]
        choices[link.measure_id] = ParentChoice(
            parent=link.parent, preselected=link.parent is not None and link.chosen_by_id is None,
            suggestions=suggestions,
        )
    return choices


@dataclass
class RevisionEntry:
    """One line of a revised plan's comparison: a revised draft (`measure`) and the task or
    previous draft it continues; a dropped line has no `measure`. `match` is the stored row the
    reviewer acts on (None in a preview of a plan whose previous version has no tasks yet)."""

    kind: str
    measure: DraftMeasure | None = None
    task: Task | None = None
    previous: DraftMeasure | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    match: RevisionMatch | None = None


@dataclass
class RevisionSummary:
    """What a revised document changes, for the review page. Every revised draft is in exactly one
    of unchanged, changed, new or ambiguous, every previous measure in one of unchanged, changed,
    dropped or ambiguous: none is listed as both added and removed."""

    unchanged: list[RevisionEntry] = field(default_factory=list)
    changed: list[RevisionEntry] = field(default_factory=list)
    new: list[RevisionEntry] = field(default_factory=list)
    dropped: list[RevisionEntry] = field(default_factory=list)
    ambiguous: list[RevisionEntry] = field(default_factory=list)
    stored: bool = False


def _labelled(changes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Field diffs with the field's name as a reader reads it."""
    return [{**c, "label": FIELD_LABELS.get(c.get("field", ""), c.get("field", ""))} for c in changes]


def revision_summary(document: Document) -> RevisionSummary:
    """The comparison with the previous version: the stored matching (its tasks), or, when the
    previous version has no confirmed task yet, a preview matching its drafts (nothing stored)."""
    summary = RevisionSummary()
    previous = document.previous_version
    if previous is None:
        return summary
    rows = list(RevisionMatch.objects.filter(document=document).select_related("measure", "task", "decided_by"))
    if rows:
        summary.stored = True
        tasks = Task.objects.in_bulk({c["task_id"] for r in rows for c in r.candidates})
        for row in sorted(rows, key=lambda r: (r.measure.start if r.measure else 10**9, r.pk)):
            candidates = [{**c, "task": tasks[c["task_id"]]} for c in row.candidates if c["task_id"] in tasks]
            getattr(summary, row.kind).append(RevisionEntry(
                row.kind, measure=row.measure, task=row.task, changes=_labelled(row.changes), candidates=candidates,
                match=row,
            ))
        return summary
    from luoshi.ledger.linking import match_revision

    before = list(previous.measures.filter(heading=False).order_by("start"))
    after = list(document.measures.filter(heading=False).order_by("start"))
    by_id = {m.pk: m for m in before + after}
    plan = match_revision(versioned_measures(previous, before), versioned_measures(document, after))
    for kind, pairs in (("unchanged", plan.unchanged), ("changed", plan.changed)):
        for pair in pairs:
            getattr(summary, kind).append(RevisionEntry(
                kind, measure=by_id[pair.revised_key], previous=by_id[pair.previous_key],
                changes=_labelled({"field": c.field, "before": c.before, "after": c.after} for c in pair.changes),
            ))
    summary.new = [RevisionEntry("new", measure=by_id[key]) for key in plan.new]
    summary.dropped = [RevisionEntry("dropped", previous=by_id[key]) for key in plan.dropped]
    for group in plan.ambiguous:
        summary.ambiguous += [RevisionEntry("ambiguous", measure=by_id[key]) for key in group.revised_keys]
        summary.ambiguous += [RevisionEntry("ambiguous", previous=by_id[key]) for key in group.previous_keys]
    return summary


def revision_matches_by_measure(measures: Iterable[DraftMeasure]) -> dict[int, RevisionMatch]:
    """The stored revision row of each draft that has one, by draft id."""
    ids = [m.pk for m in measures]
    found: dict[int, RevisionMatch] = {}
    for row in RevisionMatch.objects.filter(measure_id__in=ids).select_related("task"):
        row.changes = _labelled(row.changes)  # for display only; never saved
        if row.measure_id is not None:
            found[row.measure_id] = row
    return found

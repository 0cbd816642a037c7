"""Writes of the portal: what a supervisor publishes, and the search index that follows it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.ledger.choices import TaskLevel
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import is_oversight
from luoshi.ledger.services import task_update
from luoshi.portal import search
from luoshi.portal.models import PublishedMeasure, SearchToken

MSG_NOT_ALLOWED = _("只有督查人员可以决定公开哪些举措。")
MSG_EXPLANATION_REQUIRED = _("公开的举措须有面向公众的政策解读。")
PUBLIC_FIELDS = ("is_public", "public_explanation", "applies_to_industries", "applies_to_areas")


def measure_search_text(task: Task) -> str:
    """The search column of a task: its public words, segmented (see portal.search)."""
    unit = task.lead_unit
    parts = [
        task.title, task.code, task.category, task.public_explanation, task.expected_outcome,
        task.applies_to_industries, task.applies_to_areas, str(dict(TaskLevel.choices).get(task.level, "")),
        unit.name if unit else "", unit.short_name if unit else "",
    ]
    return search.index_text(parts)


def measure_index_sync(*, task: Task) -> PublishedMeasure | None:
    """Bring the search row of `task` and its index entries up to date: written for a public
    task, removed otherwise."""
    if not task.is_public:
        PublishedMeasure.objects.filter(task_id=task.pk).delete()  # its tokens go with it
        return None
    with transaction.atomic():
        row, _created = PublishedMeasure.objects.update_or_create(task_id=task.pk, defaults=_measure_fields(task))
        _tokens_replace([row])
    return row


def _measure_fields(task: Task) -> dict[str, str]:
    return {
        "search_text": measure_search_text(task),
        "industries": search.normalise_list(task.applies_to_industries)[:400],
        "areas": search.normalise_list(task.applies_to_areas)[:400],
    }


def _tokens_replace(rows: list[PublishedMeasure]) -> None:
    """Rewrite the index entries of `rows` from their stored columns (see search.token_set)."""
    SearchToken.objects.filter(measure_id__in=[r.task_id for r in rows]).delete()
    SearchToken.objects.bulk_create(
        [SearchToken(measure_id=r.task_id, token=token)
         for r in rows for token in sorted(search.token_set(r.search_text, r.industries, r.areas))],
        batch_size=5000,
    )


REINDEX_CHUNK = 500


def measures_reindex() -> tuple[int, int]:
    """Rebuild the whole index: rows and entries for every public task, none for the others.
    Returns (indexed, removed). Set-based per chunk of 500 tasks (100,000 measures in minutes)."""
    removed, _detail = PublishedMeasure.objects.exclude(task__is_public=True).delete()
    indexed = 0
    chunk: list[Task] = []
    for task in Task.objects.filter(is_public=True).select_related("lead_unit").order_by("pk").iterator(
            chunk_size=REINDEX_CHUNK):
        chunk.append(task)
        if len(chunk) == REINDEX_CHUNK:
            indexed += _reindex_chunk(chunk)
            chunk = []
    if chunk:
        indexed += _reindex_chunk(chunk)
    return indexed, removed


@transaction.atomic
def _reindex_chunk(tasks: list[Task]) -> int:
    ids = [t.pk for t in tasks]
    SearchToken.objects.filter(measure_id__in=ids).delete()
    PublishedMeasure.objects.filter(task_id__in=ids).delete()
    rows = PublishedMeasure.objects.bulk_create([PublishedMeasure(task_id=t.pk, **_measure_fields(t)) for t in tasks])
    _tokens_replace(rows)
    return len(rows)


@transaction.atomic
def task_publication_update(*, task: Task, user: Any, expected_version: int | None, is_public: bool,
                            public_explanation: str, applies_to_industries: str = "",
                            applies_to_areas: str = "") -> Task:
    """Publish or withdraw a task and edit its public explanation (政策解读) and the industries and
    areas it applies to; the search index follows.

    Only supervisors and admins decide what the public sees (a unit reporter may edit their
    unit's task, but not this). Raises PermissionDenied, DomainError (public without an
    explanation) or Conflict (someone saved the task since `expected_version`).
    """
    if not is_oversight(user):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    public_explanation = public_explanation.strip()
    if is_public and not public_explanation:
        raise DomainError(MSG_EXPLANATION_REQUIRED, code="explanation_required", field="public_explanation")
    updated = task_update(
        task=task, user=user, expected_version=expected_version, is_public=is_public,
        public_explanation=public_explanation, applies_to_industries=applies_to_industries.strip(),
        applies_to_areas=applies_to_areas.strip(),
    )
    measure_index_sync(task=updated)
    return updated

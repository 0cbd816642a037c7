"""Writes of the ledger, one module per sub-domain; the names other apps use are re-exported here.

- `tasks`: units, people and tasks, and the writes other apps make (progress, evaluated light);
- `drafts`: confirming or rejecting extraction drafts;
- `rollup`: a parent's progress, status and light from its children, stored on the parent;
- `taskforces`, `assignment`, `liaison`: the organise and liaise mechanisms (组织、对接).
"""

from luoshi.ledger.services.assignment import UNSET, tasks_assign
from luoshi.ledger.services.drafts import (
    draft_measure_confirm,
    draft_measure_reject,
    draft_measures_confirm_bulk,
    draft_parent_of,
    draft_parent_set,
    unit_name_resolve,
)
from luoshi.ledger.services.liaison import liaison_create, liaison_update
from luoshi.ledger.services.linking import (
    document_links_prepare,
    draft_parents_accept_first,
    draft_parents_set_bulk,
    draft_parents_suggest,
    task_parent_set,
)
from luoshi.ledger.services.revisions import (
    document_revision_match,
    revision_ambiguity_resolve,
    revision_dropped_decide,
)
from luoshi.ledger.services.rollup import rollups_fold, rollups_refresh_all, task_rollups_refresh
from luoshi.ledger.services.taskforces import (
    taskforce_create,
    taskforce_tasks_add,
    taskforce_tasks_remove,
    taskforce_update,
)
from luoshi.ledger.services.tasks import (
    UnitMatcher,
    UnitResolver,
    person_create,
    task_create,
    task_next_code,
    task_progress_record,
    task_update,
    tasks_light_set,
    unit_create,
    unit_directory,
    unit_match,
)

__all__ = [
    "document_links_prepare", "document_revision_match", "draft_parents_accept_first", "draft_parents_set_bulk",
    "draft_parents_suggest", "revision_ambiguity_resolve", "revision_dropped_decide", "task_parent_set",
    "UNSET", "UnitMatcher", "draft_measure_confirm", "draft_measure_reject", "draft_parent_of", "draft_parent_set", "draft_measures_confirm_bulk", "liaison_create",
    "liaison_update", "person_create", "rollups_fold", "rollups_refresh_all", "task_rollups_refresh", "task_create", "task_next_code", "task_progress_record", "task_update",
    "tasks_assign", "tasks_light_set", "taskforce_create", "taskforce_tasks_add", "taskforce_tasks_remove",
    "taskforce_update", "unit_create", "unit_directory", "unit_match", "unit_name_resolve", "UnitResolver",
]

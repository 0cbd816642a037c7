"""Reads of the ledger, one module per sub-domain; the names other apps use are re-exported here."""

from luoshi.ledger.selectors.liaison import liaison_get_visible, liaison_list
from luoshi.ledger.selectors.taskforces import (
    taskforce_get_visible,
    taskforce_list,
    taskforce_of_task,
    taskforce_people,
    taskforce_tasks,
    with_visible_task_links,
)
from luoshi.ledger.selectors.tasks import home_counts, task_counts_by, task_history, task_list, unit_list
from luoshi.ledger.selectors.workload import (
    PersonWorkload,
    UnitWorkload,
    WorkloadRow,
    person_workload,
    unit_workload,
    unit_workload_rows,
)

__all__ = [
    "PersonWorkload", "UnitWorkload", "WorkloadRow", "liaison_get_visible", "liaison_list", "person_workload",
    "home_counts", "task_counts_by", "task_history", "task_list", "taskforce_get_visible", "taskforce_list", "taskforce_of_task",
    "taskforce_people", "taskforce_tasks", "unit_list", "unit_workload", "unit_workload_rows",
    "with_visible_task_links",
]

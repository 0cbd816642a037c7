"""Printing an extraction in the evaluation's prediction format (see shared/eval/README.md)."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from .datatypes import Extraction, Item, Task


class EvalItem(TypedDict):
    kind: str
    value: float
    unit: str
    comparator: str
    indicator: str
    quote: str
    start: int
    end: int
    period: NotRequired[str]
    parts: NotRequired[dict[str, float]]
    investment: NotRequired[float]


class EvalTask(TypedDict):
    id: int
    parent: int | None
    heading: bool
    start: int
    end: int
    title: str
    category: list[str]
    lead_units: list[str]
    co_units: list[str]
    deadline: str | None
    deadline_text: str | None
    ongoing: bool
    responsible_person: str | None
    expected_outcome: str | None
    problems: list[str]


class EvalDocument(TypedDict):
    doc: str
    items: list[EvalItem]
    tasks: list[EvalTask]


def _number(value: float) -> float:
    """Whole numbers print without a decimal point, as the gold files write them."""
    return int(value) if float(value).is_integer() and abs(value) < 1e18 else value


def item_to_eval(item: Item) -> EvalItem:
    record: EvalItem = {
        "kind": item.kind,
        "value": _number(item.value),
        "unit": item.unit,
        "comparator": item.comparator,
        "indicator": item.indicator,
        "quote": item.quote,
        "start": item.start,
        "end": item.end,
    }
    if item.period is not None:
        record["period"] = item.period
    if item.parts is not None:
        record["parts"] = {key: _number(value) for key, value in item.parts.items()}
    if item.investment is not None:
        record["investment"] = _number(item.investment)
    return record


def task_to_eval(task: Task) -> EvalTask:
    """A task in the task scorer's format (offsets into the text as read, end exclusive)."""
    return {
        "id": task.id,
        "parent": task.parent_id,
        "heading": task.heading,
        "start": task.start,
        "end": task.end,
        "title": task.title,
        "category": list(task.category),
        "lead_units": list(task.lead_units),
        "co_units": list(task.co_units),
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "deadline_text": task.deadline_text,
        "ongoing": task.ongoing,
        "responsible_person": task.responsible_person,
        "expected_outcome": task.expected_outcome,
        "problems": list(task.problems),
    }


def to_eval_json(extraction: Extraction, doc_name: str) -> EvalDocument:
    """``{"doc": doc_name, "items": [...], "tasks": [...]}``: items with kind, value, unit,
    comparator, indicator, quote, start/end offsets and, where known, period, parts and
    investment; tasks in the task scorer's format."""
    return {
        "doc": doc_name,
        "items": [item_to_eval(item) for item in extraction.items],
        "tasks": [task_to_eval(task) for task in extraction.tasks],
    }

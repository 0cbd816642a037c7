"""Printing an extraction in the evaluation's prediction format (see shared/eval/README.md)."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from .types import Extraction, Item


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


class EvalDocument(TypedDict):
    doc: str
    items: list[EvalItem]


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


def to_eval_json(extraction: Extraction, doc_name: str) -> EvalDocument:
    """``{"doc": doc_name, "items": [...]}`` with kind, value, unit, comparator, indicator, quote,
    start/end offsets and, where known, period, parts and investment."""
    return {"doc": doc_name, "items": [item_to_eval(item) for item in extraction.items]}

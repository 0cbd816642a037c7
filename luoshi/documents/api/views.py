"""Document endpoints: list, detail with items and draft measures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from luoshi.documents.models import Document
from luoshi.documents.selectors import document_items, document_list, document_measures

router = Router()


class DocumentOut(Schema):
    id: int
    title: str
    issuer: str
    issued_on: date | None
    kind: str
    source_url: str
    filename: str
    content_hash: str
    item_count: int = 0
    measure_count: int = 0


class ItemOut(Schema):
    id: int
    kind: str
    indicator: str
    value: float
    unit: str
    comparator: str
    period: str
    quote: str
    start: int
    end: int
    parts: dict[str, float] | None
    parts_consistent: bool | None
    investment: float | None
    status: str


class MeasureOut(Schema):
    id: int
    title: str
    text: str
    start: int
    end: int
    category: str
    lead_unit_name: str
    deadline: date | None
    target: dict[str, Any] | None
    status: str


class DocumentDetailOut(DocumentOut):
    text: str
    structure: dict[str, Any]
    items: list[ItemOut]
    measures: list[MeasureOut]


@router.get("", response=list[DocumentOut], summary="文件列表")
def documents(request: HttpRequest) -> Any:
    return list(document_list())


@router.get("/{document_id}", response=DocumentDetailOut, summary="文件详情(含抽取条目与待审举措)")
def document(request: HttpRequest, document_id: int) -> Any:
    found = get_object_or_404(Document, pk=document_id)
    found.items_list = list(document_items(found))  # type: ignore[attr-defined]
    return {
        **{f: getattr(found, f) for f in DocumentOut.model_fields if hasattr(found, f)},
        "item_count": found.items.count(), "measure_count": found.measures.count(),
        "text": found.text, "structure": found.structure,
        "items": list(document_items(found)), "measures": list(document_measures(found)),
    }

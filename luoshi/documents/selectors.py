"""Reads of the documents app."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from luoshi.documents.choices import DraftStatus
from luoshi.documents.models import Document, DraftMeasure, ExtractedItem


def document_list() -> QuerySet[Document]:
    return Document.objects.defer("text", "structure").annotate(
        item_count=Count("items", distinct=True),
        draft_count=Count("measures", filter=Q(measures__status=DraftStatus.DRAFT), distinct=True),
        measure_count=Count("measures", distinct=True),
    )


def document_items(document: Document) -> QuerySet[ExtractedItem]:
    return document.items.order_by("start")


def document_measures(document: Document, status: str | None = None) -> QuerySet[DraftMeasure]:
    measures = document.measures.order_by("start")
    return measures.filter(status=status) if status else measures

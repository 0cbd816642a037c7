"""Ingest: drafts are stored with their spans, the same content twice is a no-op, bad files write nothing."""

from __future__ import annotations

import pytest

from luoshi.documents.errors import DocumentReadError
from luoshi.documents.models import Document, DraftMeasure, ExtractedItem
from luoshi.documents.services import document_ingest

from .extraction.shared import SHARED

pytestmark = pytest.mark.django_db

SEEDS = SHARED / "seeds"
REPORT = """某县2025年政府工作报告

2024年工作回顾

全县地区生产总值增长5.6%,城镇新增就业1.2万人。

2025年重点工作

地区生产总值增长5.5%左右。县发展改革局牵头,年内建成5G基站300个。加快建设产业园区。
"""


def test_ingesting_stores_items_and_drafts_that_quote_the_text_exactly() -> None:
    result = document_ingest(data=REPORT.encode("utf-8"), filename="county.txt")
    assert result.created
    document = result.document
    items = list(document.items.all())
    assert items and all(document.text[i.start:i.end] == i.quote for i in items)
    assert {(i.kind, i.value, i.unit) for i in items} >= {("target", 5.5, "%"), ("actual", 12000.0, "人")}
    measures = list(document.measures.all())
    assert measures and all(document.text[m.start:m.end] == m.text for m in measures)


def test_ingesting_the_same_content_twice_is_a_no_op() -> None:
    first = document_ingest(data=REPORT.encode("utf-8"), filename="a.txt")
    second = document_ingest(data=REPORT.encode("gb18030"), filename="same-in-gbk.txt")
    assert not second.created and second.document.pk == first.document.pk
    assert Document.objects.count() == 1
    assert ExtractedItem.objects.count() == first.item_count


def test_a_revised_document_points_at_its_previous_version() -> None:
    first = document_ingest(data=REPORT.encode("utf-8"), filename="v1.txt").document
    revised = REPORT.replace("加快建设产业园区。", "加快建设产业园区。启动老旧小区改造。")
    second = document_ingest(data=revised.encode("utf-8"), filename="v2.txt").document
    assert second.previous_version == first
    # What changed is the ledger's matching (ledger.selectors.linking.revision_summary), which
    # pairs a reworded measure with its previous version instead of listing it added and removed.
    from luoshi.ledger.selectors.linking import revision_summary

    changes = revision_summary(second)
    assert any("老旧小区" in entry.measure.text for entry in changes.new if entry.measure is not None)
    assert not changes.dropped


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "empty.txt", "read_empty"),
        (b"\x00\x01\x02\x03" * 100, "blob.txt", "read_binary"),
        (b"\xff\xfe\xfd" + bytes(range(128, 256)) * 3, "garbled.txt", "read_undecodable"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "read_corrupt"),
    ],
)
def test_bad_files_are_refused_with_a_message_naming_the_file_and_nothing_is_written(
    data: bytes, filename: str, code: str
) -> None:
    with pytest.raises(DocumentReadError) as error:
        document_ingest(data=data, filename=filename)
    assert error.value.code == code
    assert filename in str(error.value.message)
    assert Document.objects.count() == ExtractedItem.objects.count() == DraftMeasure.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(settings: object) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "MAX_DOCUMENT_BYTES": 100}  # type: ignore[attr-defined]
    with pytest.raises(DocumentReadError) as error:
        document_ingest(data=REPORT.encode("utf-8"), filename="big.txt")
    assert error.value.code == "read_too_large"
    assert Document.objects.count() == 0


def test_a_scanned_pdf_without_text_is_refused() -> None:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(DocumentReadError) as error:
        document_ingest(data=buffer.getvalue(), filename="scan.pdf")
    assert error.value.code == "read_no_text_layer"
    assert "scan.pdf" in str(error.value.message)


def test_both_seeds_ingest_with_their_quantities() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        result = document_ingest(data=path.read_bytes(), filename=path.name)
        assert result.item_count > 20 and result.measure_count > 10
    report = Document.objects.get(filename="001_520e196db07610e2.txt")
    assert report.kind == "work_report"
    assert report.items.filter(kind="project", value=583, investment=739160000000).exists()

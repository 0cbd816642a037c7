"""Office files are checked from their zip directory before any parser opens them (issue 13)."""

from __future__ import annotations

import io
import zipfile

import pytest

from luoshi.core.tests.zipbombs import bomb, docx_skeleton, with_entries, xlsx_skeleton
from luoshi.core.uploads import ArchiveLimits, ArchiveRefused, archive_check, archive_message


def test_a_normal_workbook_and_document_pass() -> None:
    archive_check(xlsx_skeleton())
    archive_check(docx_skeleton())


def test_a_workbook_bomb_is_refused_quickly_from_its_directory() -> None:
    """A 200 MB run of zeros deflated to a few hundred KB: refused without inflating it."""
    data = bomb(xlsx_skeleton(), part="xl/worksheets/sheet1.xml")
    assert len(data) < 1024 * 1024
    with pytest.raises(ArchiveRefused) as caught:
        archive_check(data)
    assert caught.value.code == "ratio"
    assert "压缩炸弹" in caught.value.message_zh and "sheet1.xml" in caught.value.message_zh


def test_a_document_bomb_is_refused() -> None:
    with pytest.raises(ArchiveRefused):
        archive_check(bomb(docx_skeleton(), part="word/document.xml", megabytes=50))


@pytest.mark.parametrize(("limits", "code"), [
    (ArchiveLimits(max_entries=5), "too_many_entries"),
    (ArchiveLimits(max_total_bytes=10_000), "too_large"),
    (ArchiveLimits(max_xml_part_bytes=1_000), "part_too_large"),
])
def test_each_limit_is_enforced(limits: ArchiveLimits, code: str) -> None:
    with pytest.raises(ArchiveRefused) as caught:
        archive_check(xlsx_skeleton(), limits)
    assert caught.value.code == code


def test_the_overall_ratio_counts_many_small_parts() -> None:
    """Fifty parts of 900 KB zeros: none alone passes the per-entry floor, together they do."""
    entries = {f"xl/media/filler{i}.bin": b"\0" * 900_000 for i in range(50)}
    with pytest.raises(ArchiveRefused) as caught:
        archive_check(with_entries(xlsx_skeleton(), entries))
    assert caught.value.code == "ratio"


def test_a_nested_archive_is_refused_outside_embeddings() -> None:
    inner = xlsx_skeleton()
    with pytest.raises(ArchiveRefused) as caught:
        archive_check(with_entries(docx_skeleton(), {"word/media/inner.zip": inner}))
    assert caught.value.code == "nested"


def test_an_embedded_workbook_is_checked_in_turn() -> None:
    """Charts in Word carry a workbook under word/embeddings/: allowed when it is clean, refused
    when it is itself a bomb."""
    clean = with_entries(docx_skeleton(), {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_skeleton()},
                         compression=zipfile.ZIP_STORED)
    archive_check(clean)
    inner_bomb = bomb(xlsx_skeleton(), part="xl/worksheets/sheet1.xml", megabytes=20)
    dirty = with_entries(docx_skeleton(), {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": inner_bomb},
                         compression=zipfile.ZIP_STORED)
    with pytest.raises(ArchiveRefused) as caught:
        archive_check(dirty)
    assert caught.value.code == "ratio"


def test_a_damaged_zip_is_refused() -> None:
    with pytest.raises(ArchiveRefused) as caught:
        archive_check(b"PK\x03\x04 not really a zip")
    assert caught.value.code == "not_zip"


def test_a_stream_is_left_at_its_start() -> None:
    stream = io.BytesIO(xlsx_skeleton())
    stream.seek(10)
    archive_check(stream)
    assert stream.tell() == 0


def test_the_refusal_reads_in_english_too() -> None:
    from django.utils import translation

    with pytest.raises(ArchiveRefused) as caught:
        archive_check(xlsx_skeleton(), ArchiveLimits(max_entries=1))
    with translation.override("en"):
        assert "limit" in archive_message(caught.value)
    with translation.override("zh-hans"):
        assert "上限" in archive_message(caught.value)


def test_the_word_reader_refuses_a_document_bomb_before_python_docx_opens_it() -> None:
    from luoshi.documents.extraction import ReadError, read_document

    data = bomb(docx_skeleton(), part="word/document.xml", megabytes=50)
    with pytest.raises(ReadError) as caught:
        read_document(data, "通知.docx")
    assert caught.value.code == "too_large" and "压缩炸弹" in caught.value.detail
    assert read_document(docx_skeleton(), "通知.docx").text == "关于推进重点任务的通知"

"""Evidence checks: extension and content must agree; size, emptiness and macros are refused."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from luoshi.core.errors import DomainError
from luoshi.core.tests.zipbombs import bomb, docx_skeleton, xlsx_skeleton
from luoshi.reports.files import evidence_check, sniff_kind
from luoshi.reports.tests.files import JPG, PDF, PNG, office_bytes

MB = 1024 * 1024


@pytest.mark.parametrize(("name", "content", "kind", "content_type"), [
    ("a.pdf", PDF, "pdf", "application/pdf"),
    ("照片.PNG", PNG, "png", "image/png"),
    ("现场.jpeg", JPG, "jpg", "image/jpeg"),
    ("方案.docx", office_bytes("docx"), "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("台账.xlsx", office_bytes("xlsx"), "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_it_accepts_each_allowed_kind(name: str, content: bytes, kind: str, content_type: str) -> None:
    checked = evidence_check(name=name, size=len(content), stream=io.BytesIO(content), max_bytes=MB)
    assert (checked.kind, checked.content_type, checked.size) == (kind, content_type, len(content))
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(("name", "content", "code"), [
    ("run.exe", b"MZ\x90\x00", "evidence_type"),
    ("page.html", b"<html><script>alert(1)</script>", "evidence_type"),
    ("noext", PDF, "evidence_type"),
    ("fake.pdf", b"<html><script>alert(1)</script></html>", "evidence_content"),
    ("fake.png", PDF, "evidence_content"),
    ("fake.docx", office_bytes("xlsx"), "evidence_content"),
    ("fake.xlsx", b"PK\x03\x04not really a zip", "evidence_content"),
    ("macro.docx", office_bytes("docx", macros=True), "evidence_macros"),
    ("empty.pdf", b"", "evidence_empty"),
])
def test_it_refuses_a_file_whose_type_or_content_is_wrong(name: str, content: bytes, code: str) -> None:
    with pytest.raises(DomainError) as error:
        evidence_check(name=name, size=len(content), stream=io.BytesIO(content), max_bytes=MB)
    assert error.value.code == code
    assert name in str(error.value.message)


def test_it_refuses_a_file_over_the_size_limit() -> None:
    content = PDF + b"0" * 2000
    with pytest.raises(DomainError) as error:
        evidence_check(name="big.pdf", size=len(content), stream=io.BytesIO(content), max_bytes=1000)
    assert error.value.code == "evidence_too_large"


def test_sniffing_reads_a_zip_directory_without_extracting() -> None:
    assert sniff_kind(b"PK\x03\x04", io.BytesIO(office_bytes("docx"))) == "docx"
    assert sniff_kind(b"PK\x03\x04", None) is None


@pytest.mark.parametrize(("name", "skeleton", "part"), [
    ("台账.xlsx", "xlsx", "xl/worksheets/sheet1.xml"), ("方案.docx", "docx", "word/document.xml"),
])
def test_it_refuses_a_zip_bomb_from_its_directory(name: str, skeleton: str, part: str) -> None:
    """An Office zip bomb is refused before anything inflates a part (issue 13)."""
    base = xlsx_skeleton() if skeleton == "xlsx" else docx_skeleton()
    data = bomb(base, part=part, megabytes=50)
    with translation.override("zh-hans"), pytest.raises(DomainError) as caught:
        evidence_check(name=name, size=len(data), stream=io.BytesIO(data), max_bytes=10 * MB)
    assert caught.value.code == "evidence_archive"
    assert name in str(caught.value.message) and "压缩炸弹" in str(caught.value.message)

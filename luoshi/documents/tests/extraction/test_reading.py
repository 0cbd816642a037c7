"""Reading files: encodings, kinds and every bad input, on real bytes made in the tests."""

from __future__ import annotations

import codecs
import io
import random

import pytest
from docx import Document
from pypdf import PdfWriter

from luoshi.documents.extraction import ReadError, read_document

CHINESE = "2024年政府工作报告\n城镇新增就业7.3万人。\n"


def _pdf(blank_pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(blank_pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("2024年重点工作")
    document.add_paragraph("新增城镇就业6500人。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "任务"
    table.rows[0].cells[1].text = "牵头单位"
    document.add_paragraph("改造老旧小区35个。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CHINESE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + CHINESE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + CHINESE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + CHINESE.encode("utf-16-be"), "utf-16-be"),
        (CHINESE.encode("gbk"), "gb18030"),
        (CHINESE.encode("gb2312"), "gb18030"),
    ],
)
def test_it_decodes_text_in_every_supported_encoding(data: bytes, encoding: str) -> None:
    source = read_document(data, "report.txt")
    assert (source.text, source.encoding, source.kind) == (CHINESE, encoding, "text")


def test_it_reads_the_visible_text_of_a_web_page() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>某区政府工作报告</title><style>p{color:red}</style>"
        "<script>var x = '新增99家';</script></head><body><nav>首页 &gt; 政务公开</nav>"
        "<div class='article'><h1>2024年政府工作报告</h1><p>城镇新增就业<b>7.3万人</b>。</p>"
        "<p>新增学位&nbsp;1.8万个。</p></div><footer>版权所有 某区人民政府</footer></body></html>"
    ).encode()
    source = read_document(page, "report.html")
    assert source.kind == "html"
    assert source.title_hint == "某区政府工作报告"
    assert source.text == "2024年政府工作报告\n城镇新增就业7.3万人。\n新增学位 1.8万个。"


def test_it_reads_paragraphs_and_table_cells_of_a_word_file() -> None:
    source = read_document(_docx(), "plan.docx")
    assert source.kind == "docx"
    assert source.text.split("\n") == [
        "2024年重点工作",
        "新增城镇就业6500人。",
        "任务",
        "牵头单位",
        "改造老旧小区35个。",
    ]


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "empty.txt", "empty"),
        (b"   \n\t  ", "blank.txt", "empty"),
        (b"x" * 100_001, "big.txt", "too_large"),
        (b"abc\x00\x01\x02def", "nul.txt", "binary"),
        (random.Random(7).randbytes(4096), "random.bin", "binary"),
        (b"abc \x80\x80 def \xff", "latin.txt", "undecodable"),
        (_pdf(), "scan.pdf", "no_text_layer"),
        (b"%PDF-1.7\n garbage that is not a pdf", "broken.pdf", "corrupt"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.doc", "unsupported"),
        (b"plain words", "sheet.xlsx", "unsupported"),
    ],
)
def test_it_refuses_bad_input_with_a_stable_code(data: bytes, filename: str, code: str) -> None:
    with pytest.raises(ReadError) as raised:
        read_document(data, filename, max_bytes=100_000)
    assert raised.value.code == code
    assert raised.value.filename == filename


def test_a_scanned_pdf_error_explains_itself_in_chinese() -> None:
    with pytest.raises(ReadError) as raised:
        read_document(_pdf(2), "x.pdf")
    assert (
        raised.value.message_zh
        == "文件“x.pdf”没有可提取的文字层（可能是扫描件），请上传带文字层的PDF或文本。"
    )


def test_the_size_limit_is_checked_before_anything_else() -> None:
    with pytest.raises(ReadError) as raised:
        read_document(_docx(), "plan.docx", max_bytes=10)
    assert raised.value.code == "too_large"

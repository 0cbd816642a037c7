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


def _text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a text layer: each page's lines drawn one under another in a CJK font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for lines in pages:
        page.setFont("STSong-Light", 12)
        for row, line in enumerate(lines):
            page.drawString(50, 800 - 20 * row, line)
        page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_pdf_line_wrapped_inside_a_sentence_or_a_note_is_joined() -> None:
    data = _text_pdf(
        [
            [
                "一、推进数字政府建设",
                "1.建设全省一体化政务云平台，推动省市两级政务云资源统一",
                "调度。（牵头单位：省数据局；配合单位：省发展改革",
                "委、省财政厅）",
                "2.完善电子政务外网，实现省、市、县、乡四级全覆盖。",
                "（牵头单位：省数据局）",
                "— 1 —",
            ]
        ]
    )
    source = read_document(data, "plan.pdf")
    assert source.text.split("\n") == [
        "一、推进数字政府建设",
        "1.建设全省一体化政务云平台，推动省市两级政务云资源统一调度。（牵头单位：省数据局；配合单位：省发展改革委、省财政厅）",
        "2.完善电子政务外网，实现省、市、县、乡四级全覆盖。",
        "（牵头单位：省数据局）",
    ]


def test_a_pdf_note_broken_across_a_page_is_read_whole() -> None:
    from luoshi.documents.extraction import extract

    data = _text_pdf(
        [
            ["一、优化营商环境", "1.压缩企业开办时间，全面推行一网通办，开办时间压缩至", "一个工作日内。（牵头单位：市市场监管局；配合单位："],
            ["市公安局、市税务局）", "2.推进电子证照应用。（市数据局负责）"],
        ]
    )
    source = read_document(data, "plan.pdf")
    tasks = extract(source.text).tasks
    assert [(task.title, task.lead_units, task.co_units) for task in tasks[1:]] == [
        ("压缩企业开办时间", ("市市场监管局",), ("市公安局", "市税务局")),
        ("推进电子证照应用", ("市数据局",), ()),
    ]
    assert all(source.text[task.start : task.end].startswith(("一、", "1.", "2.")) for task in tasks)


def test_a_web_pages_text_is_its_main_content_not_its_navigation() -> None:
    links = "".join(f"<li><a href='/{index}'>栏目{index}</a></li>" for index in range(12))
    page = (
        "<html><head><title>关于印发某县2025年工作要点的通知_某县人民政府门户网站</title></head><body>"
        "<div class='logo'><h1>某县人民政府门户网站</h1></div>"
        f"<div class='top'><div class='menu'><ul>{links}</ul></div><div>当前位置：首页 > 政务公开 > 通知公告</div></div>"
        "<div class='detail'><div class='title'><h1>关于印发某县2025年工作要点的通知</h1></div>"
        "<div id='zoom'><p>各乡镇人民政府，县直各部门：</p><p>现将《某县2025年工作要点》印发给你们，请认真贯彻落实。</p>"
        "<p>一、提升政务服务效能</p><p>1.深化一件事一次办改革。（县政务服务中心负责）</p></div></div>"
        f"<div class='side'><ul>{links}</ul></div><div class='foot'>主办单位：某县人民政府办公室</div></body></html>"
    ).encode()
    source = read_document(page, "notice.html")
    assert source.text.split("\n") == [
        "关于印发某县2025年工作要点的通知",
        "各乡镇人民政府，县直各部门：",
        "现将《某县2025年工作要点》印发给你们，请认真贯彻落实。",
        "一、提升政务服务效能",
        "1.深化一件事一次办改革。（县政务服务中心负责）",
    ]


@pytest.mark.parametrize(
    ("pages", "lines"),
    [
        (["短标题\n第二行"], ["短标题", "第二行"]),
        (["一、总体要求\n（一）指导思想。坚持稳中求进工作总基调\n（二）工作目标"], ["一、总体要求", "（一）指导思想。坚持稳中求进工作总基调", "（二）工作目标"]),
        (["这是一个很长的句子被页面折行到了下一\n行继续写完。\n短行\n牵头单位：市发改委"], ["这是一个很长的句子被页面折行到了下一行继续写完。", "短行", "牵头单位：市发改委"]),
        (
            ["Luoshi reads the page text and joins\nwrapped words back together here.\nEnd.\n- 2 -"],
            ["Luoshi reads the page text and joins wrapped words back together here.", "End."],
        ),
        (["说明（未闭合的括号" + "很长" * 100 + "\n下一行"], ["说明（未闭合的括号" + "很长" * 100, "下一行"]),
    ],
)
def test_wrapped_lines_are_joined_and_others_kept(pages: list[str], lines: list[str]) -> None:
    from luoshi.documents.extraction.reading import join_wrapped_lines

    assert join_wrapped_lines(pages).split("\n") == lines

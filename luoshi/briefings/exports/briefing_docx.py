"""A briefing as a Word document laid out as a Chinese official document (GB/T 9704-2012).

What the standard asks and where it is done here:
- A4, text area 156 mm × 225 mm: margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
  a page grid of 22 lines of 28 characters (§5.2.1, §7.1);
- title in 2号 (22 pt) 小标宋 centred (§7.3.3); 主送机关 on the line below, flush left, with a
  full-width colon (§7.3.4); body in 3号 (16 pt) 仿宋, first lines indented two characters;
  first-level headings "一、" in 3号 黑体 (§7.3.5);
- 落款 (the issuing office) and the date right-aligned under the text, the date in Arabic
  numerals (§7.3.5.1); page numbers in 4号 Arabic numerals between dashes, "— 1 —" (§7.5).

The trap: the fonts offices use (仿宋_GB2312, 方正小标宋简体) are missing on most machines, and a
Word run names one East Asian font only. So each font name is declared in the document's font
table with an alternative and the GB2312 character set, which Word and LibreOffice use to pick
a substitute: 仿宋_GB2312 → 仿宋 → FangSong → STFangsong; 方正小标宋简体 → 华文中宋; 黑体 → SimHei.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from luoshi.briefings.exports.briefing_content import BriefingView
from luoshi.briefings.exports.charts import RoadmapSpec, chart_png

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# Each font and the one a reader without it should use instead (font table altName).
FONT_FALLBACKS = {
    "仿宋_GB2312": "仿宋", "仿宋": "FangSong", "FangSong": "STFangsong",
    "方正小标宋简体": "华文中宋", "华文中宋": "STZhongsong", "黑体": "SimHei",
}
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
TEXT_HEIGHT_MM, TEXT_WIDTH_MM = 225, 156


def _fonts(run_or_style: object, east_asian: str) -> None:
    """Set the East Asian font (and Times New Roman for Latin letters and digits)."""
    element = run_or_style.element  # type: ignore[attr-defined]  # python-docx run or style
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _font_table(document: object) -> None:
    """Declare each Chinese font with its alternative and the GB2312 character set."""
    part = document.part  # type: ignore[attr-defined]
    table_part = next(rel.target_part for rel in part.rels.values() if rel.reltype.endswith("/fontTable"))
    root = etree.fromstring(table_part.blob)
    for name, alternative in FONT_FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alternative), ("w:charset", "86"), ("w:family", "auto"),
                           ("w:pitch", "variable")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        root.append(font)
    # The font table is a plain part in python-docx: its bytes are replaced, not an object tree.
    table_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_grid(section: object) -> None:
    """The 22 × 28 grid: line pitch = text height / 22; characters squeezed to 28 per line."""
    sect = section._sectPr  # type: ignore[attr-defined]
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    line_pitch = round(TEXT_HEIGHT_MM / LINES_PER_PAGE / 25.4 * 1440)  # twips
    # charSpace: extra space per character in 1/4096 pt relative to the font size.
    pitch_pt = TEXT_WIDTH_MM / CHARS_PER_LINE / 25.4 * 72
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(round((pitch_pt - BODY_SIZE.pt) * 4096)))


def _page_number(paragraph: object) -> None:
    """"— PAGE —" with a PAGE field Word and LibreOffice fill in."""
    p = paragraph
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    before = p.add_run("— ")  # type: ignore[attr-defined]
    field_begin = p.add_run()  # type: ignore[attr-defined]
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    field_begin._r.append(begin)
    instruction = p.add_run()  # type: ignore[attr-defined]
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction._r.append(text)
    field_end = p.add_run()  # type: ignore[attr-defined]
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    field_end._r.append(end)
    after = p.add_run(" —")  # type: ignore[attr-defined]
    for run in (before, field_begin, instruction, field_end, after):
        run.font.size = PAGE_NUMBER_SIZE
        _fonts(run, "宋体")


def _body_paragraph(document: object, text: str, *, indent: bool = True) -> object:
    paragraph = document.add_paragraph(text)  # type: ignore[attr-defined]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE.pt * 2)  # two characters
    return paragraph


def briefing_docx(view: BriefingView) -> bytes:
    """The .docx bytes of `view`."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_grid(section)
    _font_table(document)
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    _fonts(normal, BODY_FONT)
    spacing = normal.paragraph_format
    spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacing.line_spacing = Pt(TEXT_HEIGHT_MM / LINES_PER_PAGE / 25.4 * 72)
    spacing.space_before = spacing.space_after = Pt(0)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(35)  # a 22-point title needs more than one grid line
    run = title.add_run(view.title)
    run.font.size = TITLE_SIZE
    _fonts(run, TITLE_FONT)
    if view.subtitle:
        subtitle = document.add_paragraph()
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(subtitle.add_run(view.subtitle), "楷体_GB2312")
    document.add_paragraph()  # one empty line between title and 主送 (§7.3.4)
    if view.recipients:
        recipients = _body_paragraph(document, f"{_recipients_label()}{view.recipients}：", indent=False)
        recipients.alignment = WD_ALIGN_PARAGRAPH.LEFT  # type: ignore[attr-defined]

    for index, part in enumerate(view.sections):
        heading = _body_paragraph(document, "")
        heading_run = heading.add_run(part["heading"])  # type: ignore[attr-defined]
        _fonts(heading_run, HEADING_FONT)
        for line in part["body"].splitlines():
            if line.strip():
                _body_paragraph(document, line.strip())
        if index == 0:
            _charts_and_tables(document, view)

    if view.footer:  # the source of the figures, as a note in parentheses (附注)
        _body_paragraph(document, f"（{view.footer}）")
    document.add_paragraph()
    for text in (view.signer, view.date_label):
        if text:
            closing = document.add_paragraph(text)
            closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            closing.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 4)  # 右空四字 (§7.3.5.1)
    _page_number(section.footer.paragraphs[0])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _recipients_label() -> str:
    return _("主送：")


def _charts_and_tables(document: object, view: BriefingView) -> None:
    for chart in view.charts:
        document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(15.5))  # type: ignore[attr-defined]
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
        document.paragraphs[-1].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # type: ignore[attr-defined]
        if isinstance(chart, RoadmapSpec) and chart.caption:
            caption = document.add_paragraph()  # type: ignore[attr-defined]
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            caption_run = caption.add_run(chart.caption)
            caption_run.font.size = Pt(10.5)
            _fonts(caption_run, BODY_FONT)
    for spec in view.tables:
        caption = document.add_paragraph()  # type: ignore[attr-defined]
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption_run = caption.add_run(spec.title)
        _fonts(caption_run, HEADING_FONT)
        table = document.add_table(rows=1, cols=len(spec.header))  # type: ignore[attr-defined]
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, spec.header, strict=True):
            cell.text = text
            for p in cell.paragraphs:
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                for r in p.runs:
                    r.bold, r.font.size = True, Pt(10.5)
        for row in spec.rows:
            added = table.add_row()
            # A row stays on one page: a task's name split over a page break reads as two names.
            added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            cells = added.cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
                for p in cell.paragraphs:
                    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                    for r in p.runs:
                        r.font.size = Pt(10.5)

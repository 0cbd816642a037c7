"""A briefing as a Word document (python-docx), with chart images and tables."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from luoshi.briefings.exports.briefing_content import BriefingView
from luoshi.briefings.exports.charts import bar_chart_png

BODY_FONT = "仿宋"     # the fonts Chinese official documents use; a reader without them falls back
TITLE_FONT = "黑体"


def _east_asian(run_or_style: object, name: str) -> None:
    element = run_or_style.element  # type: ignore[attr-defined]  # python-docx run or style
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def briefing_docx(view: BriefingView) -> bytes:
    """The .docx bytes of `view`."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    _east_asian(normal, BODY_FONT)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(view.title)
    run.bold, run.font.size = True, Pt(20)
    run.font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
    _east_asian(run, TITLE_FONT)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub_run = subtitle.add_run(view.subtitle)
    sub_run.font.size = Pt(11)

    for index, part in enumerate(view.sections):
        heading = document.add_paragraph()
        heading_run = heading.add_run(part["heading"])
        heading_run.bold = True
        _east_asian(heading_run, TITLE_FONT)
        for line in part["body"].splitlines():
            if line.strip():
                paragraph = document.add_paragraph(line.strip())
                paragraph.paragraph_format.first_line_indent = Pt(28)
        if index == 0:
            for chart in view.charts:
                document.add_picture(io.BytesIO(bar_chart_png(chart)), width=Cm(15.5))
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            for spec in view.tables:
                caption = document.add_paragraph()
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
                caption_run = caption.add_run(spec.title)
                caption_run.bold, caption_run.font.size = True, Pt(12)
                table = document.add_table(rows=1, cols=len(spec.header))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, spec.header, strict=True):
                    cell.text = text
                    for p in cell.paragraphs:
                        for r in p.runs:
                            r.bold, r.font.size = True, Pt(10.5)
                for row in spec.rows:
                    cells = table.add_row().cells
                    for cell, text in zip(cells, row, strict=True):
                        cell.text = text
                        for p in cell.paragraphs:
                            for r in p.runs:
                                r.font.size = Pt(10.5)
    footer = section.footer.paragraphs[0]
    footer.text = view.footer
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

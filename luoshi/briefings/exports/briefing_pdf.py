"""A briefing as PDF (reportlab), with its CJK font embedded as a subset (see exports.fonts)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from luoshi.briefings.exports.briefing_content import BriefingView
from luoshi.briefings.exports.charts import RoadmapSpec, chart_drawing
from luoshi.briefings.exports.fonts import pdf_font


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=TA_CENTER,
                                textColor=colors.HexColor("#b71c1c"), firstLineIndent=0, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, alignment=TA_CENTER, firstLineIndent=0,
                                   textColor=colors.HexColor("#616e7c"), spaceAfter=12),
        "heading": ParagraphStyle("heading", parent=base, fontSize=14, leading=22, firstLineIndent=0,
                                  spaceBefore=10, spaceAfter=4),
        "body": base,
        "caption": ParagraphStyle("caption", parent=base, fontSize=11, alignment=TA_CENTER, firstLineIndent=0,
                                  spaceBefore=8, spaceAfter=4),
        "note": ParagraphStyle("note", parent=base, fontSize=9, leading=13, alignment=TA_CENTER, firstLineIndent=0,
                               textColor=colors.HexColor("#616e7c"), spaceAfter=6),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12, firstLineIndent=0),
    }


def briefing_pdf(view: BriefingView) -> bytes:
    """The PDF bytes of `view`."""
    font = pdf_font()
    styles = _styles(font)
    story: list[Any] = [Paragraph(escape(view.title), styles["title"]),
                        Paragraph(escape(view.subtitle), styles["subtitle"])]
    for index, part in enumerate(view.sections):
        story.append(Paragraph(escape(part["heading"]), styles["heading"]))
        for line in part["body"].splitlines():
            if line.strip():
                story.append(Paragraph(escape(line.strip()), styles["body"]))
        if index == 0:
            for chart in view.charts:
                story += [Spacer(1, 6), chart_drawing(chart, font=font)]
                if isinstance(chart, RoadmapSpec) and chart.caption:
                    story.append(Paragraph(escape(chart.caption), styles["note"]))
            for spec in view.tables:
                story.append(Paragraph(escape(spec.title), styles["caption"]))
                data = [[Paragraph(escape(text), styles["cell"]) for text in row] for row in [spec.header, *spec.rows]]
                table = Table(data, repeatRows=1, hAlign="CENTER")
                table.setStyle(TableStyle([
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde3ea")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]))
                story.append(table)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"{view.footer}  {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.4 * cm, rightMargin=2.4 * cm,
                                 topMargin=2.2 * cm, bottomMargin=2.2 * cm, title=view.title)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()

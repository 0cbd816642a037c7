"""Simple charts for Word and PDF briefings, drawn without any system binary.

reportlab's bitmap renderer (renderPM) needs the rlPyCairo/pycairo extension, which does not
install cleanly from PyPI without Cairo's C headers; so the PDF gets the chart as a reportlab
vector Drawing (in the PDF's embedded CJK font, see exports.fonts), and the Word file
gets a PNG drawn with Pillow (already installed as reportlab's dependency). Pillow needs a font
file for Chinese labels: settings.LUOSHI["CJK_FONT"] or a Noto/WenQuanYi font where Debian puts
them; without one the PNG labels bars with numbers, and the table under each chart (always
there) names them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

PALETTE = ["#1565c0", "#2e7d32", "#f9a825", "#c62828", "#6a1b9a", "#00838f"]
FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
]


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    color: str = PALETTE[0]


@dataclass(frozen=True)
class BarChartSpec:
    """Grouped vertical bars: one group per label, one bar per series."""

    title: str
    labels: list[str]
    series: list[Series] = field(default_factory=list)
    value_suffix: str = ""


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    configured = settings.LUOSHI.get("CJK_FONT")
    for candidate in [str(configured) if configured else None, *FONT_CANDIDATES]:
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = cjk_font_path()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _short(label: str, limit: int = 8) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart_png(spec: BarChartSpec, *, width: int = 1200, height: int = 560) -> bytes:
    """The chart as PNG bytes (for Word)."""
    has_cjk = cjk_font_path() is not None
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, label_font, small = _font(30), _font(20), _font(18)
    draw.text((width // 2, 24), spec.title if has_cjk else "", fill="#1f2933", font=title_font, anchor="mt")
    left, right, top, bottom = 90, width - 30, 90, height - 110
    values = [v for s in spec.series for v in s.values] or [0]
    peak = max(max(values), 1)
    # Axis and four grid lines.
    for step in range(5):
        y = bottom - (bottom - top) * step / 4
        draw.line([(left, y), (right, y)], fill="#d9dee4", width=1)
        draw.text((left - 10, y), _tick(peak * step / 4), fill="#616e7c", font=small, anchor="rm")
    groups = max(len(spec.labels), 1)
    group_width = (right - left) / groups
    bar_width = max(4, group_width * 0.7 / max(len(spec.series), 1))
    for g, label in enumerate(spec.labels):
        x0 = left + g * group_width + group_width * 0.15
        for s_index, series in enumerate(spec.series):
            value = series.values[g] if g < len(series.values) else 0
            bar_height = (bottom - top) * value / peak
            x = x0 + s_index * bar_width
            draw.rectangle([x, bottom - bar_height, x + bar_width - 2, bottom], fill=series.color)
            draw.text((x + bar_width / 2, bottom - bar_height - 4), _tick(value), fill="#1f2933", font=small,
                      anchor="mb")
        text = _short(label) if has_cjk else str(g + 1)
        draw.text((left + g * group_width + group_width / 2, bottom + 10), text, fill="#1f2933", font=label_font,
                  anchor="mt")
    # Legend.
    x = left
    for series in spec.series:
        draw.rectangle([x, height - 50, x + 18, height - 32], fill=series.color)
        name = series.name if has_cjk else ""
        draw.text((x + 26, height - 41), name, fill="#1f2933", font=label_font, anchor="lm")
        x += 40 + int(draw.textlength(name, font=label_font))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _tick(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() or value >= 10 else f"{value:.1f}"


def bar_chart_drawing(spec: BarChartSpec, *, font: str, width: float = 440, height: float = 220) -> Drawing:
    """The chart as a reportlab Drawing (vector, for PDF), labelled with the CJK CID font."""
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 14, spec.title, fontName=font, fontSize=11, textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 50, width - 60, height - 90
    chart.data = [s.values or [0] for s in spec.series] or [[0]]
    chart.categoryAxis.categoryNames = [_short(label, 6) for label in spec.labels] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 6
    for index, series in enumerate(spec.series):
        chart.bars[index].fillColor = colors.HexColor(series.color)
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 40, 18
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.colorNamePairs = [(colors.HexColor(s.color), s.name) for s in spec.series]
    drawing.add(legend)
    return drawing

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
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

PALETTE = ["#1565c0", "#2e7d32", "#f9a825", "#c62828", "#6a1b9a", "#00838f"]
# The battle map's colour of each light (briefings/static/briefings/dashboard.js, LIGHT_COLORS).
LIGHT_COLORS = {"done": "#1565c0", "green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828", "unreported": "#8e24aa",
                "none": "#b0bec5"}
OVERDUE_COLOR = "#c62828"  # overdue is drawn red and hatched, as on the timeline page
MILESTONE_COLORS = {"reached": "#2e7d32", "late": "#c62828", "open": "#455a64"}
TODAY_COLOR = "#d32f2f"
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


@dataclass(frozen=True)
class RoadmapBar:
    """One bar of a roadmap: positions in percent of the axis; milestones as (left percent, colour)."""

    label: str
    left: float
    width: float
    color: str
    hatched: bool = False
    progress: int = 0
    milestones: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class RoadmapSpec:
    """Horizontal bars (start → deadline) in groups, with month ticks, today's line and a legend."""

    title: str
    groups: list[tuple[str, list[RoadmapBar]]]
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (left percent, label or "")
    today_left: float | None = None
    today_label: str = ""
    legend: list[tuple[str, str, bool]] = field(default_factory=list)  # (name, colour, hatched)
    milestone_label: str = ""
    caption: str = ""


Chart = BarChartSpec | RoadmapSpec


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


def chart_png(spec: Chart) -> bytes:
    """Any chart of a briefing as PNG bytes (for Word)."""
    return roadmap_png(spec) if isinstance(spec, RoadmapSpec) else bar_chart_png(spec)


def chart_drawing(spec: Chart, *, font: str) -> Drawing:
    """Any chart of a briefing as a reportlab Drawing (for PDF)."""
    return roadmap_drawing(spec, font=font) if isinstance(spec, RoadmapSpec) else bar_chart_drawing(spec, font=font)


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


def _hatch(x0: float, y0: float, x1: float, y1: float, step: float) -> list[tuple[float, float, float, float]]:
    """Diagonal (45°) segments filling the box x0..x1, y0..y1, `step` apart, clipped to the box."""
    height = y1 - y0
    segments = []
    start = x0 - height
    while start < x1:
        # The segment from (start, y1) to (start + height, y0), cut to x0..x1.
        a, b = max(start, x0), min(start + height, x1)
        if a < b:
            segments.append((a, y1 - (a - start), b, y1 - (b - start)))
        start += step
    return segments


def _roadmap_rows(spec: RoadmapSpec) -> list[tuple[str, RoadmapBar | None]]:
    """The rows top to bottom: a group's heading (bar None), then its bars."""
    rows: list[tuple[str, RoadmapBar | None]] = []
    for name, bars in spec.groups:
        rows.append((name, None))
        rows += [(bar.label, bar) for bar in bars]
    return rows


def roadmap_png(spec: RoadmapSpec, *, width: int = 1600) -> bytes:
    """The roadmap as PNG bytes (for Word): labels on the left, bars on the month axis."""
    has_cjk = cjk_font_path() is not None
    rows = _roadmap_rows(spec)
    row_height, top, label_width = 34, 120, 470
    legend_height = 70
    height = top + row_height * max(len(rows), 1) + legend_height
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, label_font, small = _font(30), _font(20), _font(17)
    draw.text((width // 2, 20), spec.title if has_cjk else "", fill="#1f2933", font=title_font, anchor="mt")
    left, right, bottom = label_width, width - 30, top + row_height * max(len(rows), 1)

    def x_of(percent: float) -> float:
        return left + (right - left) * percent / 100

    for percent, label in spec.ticks:
        x = x_of(percent)
        draw.line([(x, top - 6), (x, bottom)], fill="#d9dee4", width=1)
        if label:
            draw.text((x + 3, top - 10), label, fill="#616e7c", font=small, anchor="lb")
    draw.line([(left, top), (right, top)], fill="#90a4ae", width=1)
    for index, (label, bar) in enumerate(rows):
        y = top + index * row_height
        if bar is None:
            draw.rectangle([10, y + 2, right, y + row_height - 2], fill="#f1f4f7")
            draw.text((16, y + row_height / 2), label if has_cjk else "", fill="#1f2933", font=label_font,
                      anchor="lm")
            continue
        draw.text((30, y + row_height / 2), (_short(label, 19) if has_cjk else ""), fill="#1f2933",
                  font=label_font, anchor="lm")
        x0, x1 = x_of(bar.left), max(x_of(bar.left + bar.width), x_of(bar.left) + 3)
        y0, y1 = y + 8, y + row_height - 8
        draw.rectangle([x0, y0, x1, y1], fill=bar.color)
        if bar.hatched:
            for a, b, c, d in _hatch(x0, y0, x1, y1, 9):
                draw.line([(a, b), (c, d)], fill="#5d0f0f", width=2)
        if bar.progress:
            draw.rectangle([x0, y1 - 4, x0 + (x1 - x0) * min(bar.progress, 100) / 100, y1], fill="#263238")
        for percent, color in bar.milestones:
            cx, cy, r = x_of(percent), y + row_height / 2, 9
            draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=color, outline="white")
    if spec.today_left is not None:
        x = x_of(spec.today_left)
        draw.line([(x, top - 24), (x, bottom)], fill=TODAY_COLOR, width=3)
        near_right = spec.today_left > 70  # the label goes left of the line, where it has room
        draw.text((x - 4 if near_right else x + 4, top - 24), spec.today_label if has_cjk else "", fill=TODAY_COLOR,
                  font=small, anchor="rb" if near_right else "lb")
    lx, ly = 30.0, bottom + legend_height / 2
    for name, color, hatched in spec.legend:
        draw.rectangle([lx, ly - 9, lx + 30, ly + 9], fill=color)
        if hatched:
            for a, b, c, d in _hatch(lx, ly - 9, lx + 30, ly + 9, 9):
                draw.line([(a, b), (c, d)], fill="#5d0f0f", width=2)
        text = name if has_cjk else ""
        draw.text((lx + 38, ly), text, fill="#1f2933", font=label_font, anchor="lm")
        lx += 60 + draw.textlength(text, font=label_font)
    if spec.milestone_label:
        draw.polygon([(lx + 9, ly - 9), (lx + 18, ly), (lx + 9, ly + 9), (lx, ly)], fill=MILESTONE_COLORS["open"])
        draw.text((lx + 26, ly), spec.milestone_label if has_cjk else "", fill="#1f2933", font=label_font,
                  anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def roadmap_drawing(spec: RoadmapSpec, *, font: str, width: float = 450) -> Drawing:
    """The roadmap as a reportlab Drawing (vector, for PDF), labelled with the CJK CID font."""
    rows = _roadmap_rows(spec)
    row_height, head, legend_height, label_width = 11.0, 34.0, 22.0, 135.0
    height = head + row_height * max(len(rows), 1) + legend_height
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 12, spec.title, fontName=font, fontSize=10, textAnchor="middle"))
    left, right = label_width, width - 5
    axis_top = height - head  # y grows upwards in reportlab
    axis_bottom = axis_top - row_height * max(len(rows), 1)

    def x_of(percent: float) -> float:
        return left + (right - left) * percent / 100

    labelled = -100.0
    for percent, label in spec.ticks:
        x = x_of(percent)
        drawing.add(Line(x, axis_bottom, x, axis_top + 2, strokeColor=colors.HexColor("#d9dee4"), strokeWidth=0.4))
        if label and x - labelled >= 24:  # "2024-07" in 5.5 pt needs about 22 pt
            labelled = x
            drawing.add(String(x + 1, axis_top + 3, label, fontName=font, fontSize=5.5,
                               fillColor=colors.HexColor("#616e7c")))
    for index, (label, bar) in enumerate(rows):
        y_top = axis_top - index * row_height
        if bar is None:
            drawing.add(Rect(0, y_top - row_height + 0.5, right, row_height - 1, fillColor=colors.HexColor("#f1f4f7"),
                             strokeColor=None))
            drawing.add(String(2, y_top - row_height + 3, label, fontName=font, fontSize=6.5))
            continue
        drawing.add(String(8, y_top - row_height + 3, _short(label, 20), fontName=font, fontSize=6))
        x0 = x_of(bar.left)
        x1 = max(x_of(bar.left + bar.width), x0 + 1)
        y0, y1 = y_top - row_height + 2.5, y_top - 2.5
        drawing.add(Rect(x0, y0, x1 - x0, y1 - y0, fillColor=colors.HexColor(bar.color), strokeColor=None))
        if bar.hatched:
            for a, b, c, d in _hatch(x0, y0, x1, y1, 3):
                drawing.add(Line(a, b, c, d, strokeColor=colors.HexColor("#5d0f0f"), strokeWidth=0.5))
        for percent, color in bar.milestones:
            cx, cy, r = x_of(percent), (y0 + y1) / 2, 3
            drawing.add(Polygon([cx, cy + r, cx + r, cy, cx, cy - r, cx - r, cy], fillColor=colors.HexColor(color),
                                strokeColor=colors.white, strokeWidth=0.3))
    if spec.today_left is not None:
        x = x_of(spec.today_left)
        drawing.add(Line(x, axis_bottom, x, axis_top + 10, strokeColor=colors.HexColor(TODAY_COLOR), strokeWidth=1))
        near_right = spec.today_left > 70
        drawing.add(String(x - 2 if near_right else x + 2, axis_top + 10, spec.today_label, fontName=font, fontSize=6,
                           fillColor=colors.HexColor(TODAY_COLOR), textAnchor="end" if near_right else "start"))
    x, y = 8.0, axis_bottom - legend_height + 6
    for name, color, hatched in spec.legend:
        drawing.add(Rect(x, y, 12, 6, fillColor=colors.HexColor(color), strokeColor=None))
        if hatched:
            for a, b, c, d in _hatch(x, y, x + 12, y + 6, 3):
                drawing.add(Line(a, b, c, d, strokeColor=colors.HexColor("#5d0f0f"), strokeWidth=0.5))
        drawing.add(String(x + 15, y + 0.5, name, fontName=font, fontSize=6.5))
        x += 24 + 6.5 * len(name)
    if spec.milestone_label:
        drawing.add(Polygon([x + 3, y + 6, x + 6, y + 3, x + 3, y, x, y + 3],
                            fillColor=colors.HexColor(MILESTONE_COLORS["open"]), strokeColor=None))
        drawing.add(String(x + 9, y + 0.5, spec.milestone_label, fontName=font, fontSize=6.5))
    return drawing

"""Step: page furniture.

Needs: the text.
Adds: ``furniture``, spans of whole lines that belong to the web page or the file rather than
to the document: site navigation, 字号 and 扫一扫 tools, 稿源/编辑/发布日期 bylines, copyright and
licence lines, report hotlines, ICP/公网安备 lines, query-string debris (checktaskdate=...),
bare long digit ids and picture captions. Later steps find no items or measures inside them.
"""

from __future__ import annotations

from dataclasses import replace

from .datatypes import Span, WorkingDocument
from .resources import FURNITURE_ANY_LENGTH, FURNITURE_LINE_RES, FURNITURE_MAX_LINE
from .textspans import iter_lines


def furniture_label(line: str) -> str | None:
    """The furniture label of one stripped line, or None when the line is document text."""
    for label, pattern in FURNITURE_LINE_RES:
        if len(line) > FURNITURE_MAX_LINE and label not in FURNITURE_ANY_LENGTH:
            continue
        if pattern.search(line):
            return label
    return None


def find_furniture(document: WorkingDocument) -> WorkingDocument:
    """Mark page-furniture lines: one span per line, labelled ``furniture:<kind>``."""
    spans: list[Span] = []
    for start, end, line in iter_lines(document.text):
        label = furniture_label(line)
        if label is not None:
            spans.append(Span(start, end, f"furniture:{label}", line))
    return replace(document, furniture=tuple(spans))

"""Rendering a document's text with spans marked, escaping everything else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    css_class: str = "source"
    element_id: str = ""
    title: str = ""


def highlight_text(text: str, highlights: Iterable[Highlight]) -> SafeString:
    """HTML of `text` with each highlight wrapped in <mark>; overlapping spans are clipped
    to the earlier one so the markup stays well-formed."""
    parts: list[str] = []
    position = 0
    for h in sorted(highlights, key=lambda h: (h.start, -h.end)):
        start, end = max(h.start, position), min(h.end, len(text))
        if start >= end:
            continue
        parts.append(escape(text[position:start]))
        attrs = f' class="{escape(h.css_class)}"'
        if h.element_id:
            attrs += f' id="{escape(h.element_id)}"'
        if h.title:
            attrs += f' title="{escape(h.title)}"'
        parts.append(f"<mark{attrs}>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped

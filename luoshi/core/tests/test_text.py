"""Highlighting a document's text: everything escaped, spans marked, overlaps kept well-formed."""

from __future__ import annotations

import pytest

from luoshi.core.text import Highlight, highlight_text


@pytest.mark.parametrize(
    ("text", "highlights", "expected"),
    [
        ("推动<b>建设</b>", [], "推动&lt;b&gt;建设&lt;/b&gt;"),
        ("实施7个片区改造", [Highlight(2, 5)], '实施<mark class="source">7个片</mark>区改造'),
        ("甲乙丙丁", [Highlight(0, 3), Highlight(1, 4, "item")], '<mark class="source">甲乙丙</mark><mark class="item">丁</mark>'),
        ("甲乙", [Highlight(1, 99)], '甲<mark class="source">乙</mark>'),
        ("甲乙", [Highlight(1, 1)], "甲乙"),
        ("a&b", [Highlight(0, 3, "x", "id-1", 't"q')], '<mark class="x" id="id-1" title="t&quot;q">a&amp;b</mark>'),
    ],
)
def test_highlight_text(text: str, highlights: list[Highlight], expected: str) -> None:
    assert str(highlight_text(text, highlights)) == expected

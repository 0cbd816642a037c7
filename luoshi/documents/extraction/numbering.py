"""The numbered units of a plan and their levels: 第一部分 > 一、 > （一）/(一) > 1. > （1）/(1) > ①.

Not a step of its own: :mod:`tasklist` builds the task list on it. A numbered unit starts a
line; it runs until the next numbered unit. It is a heading when the next numbered unit is
deeper, and its parent is the nearest unit before it of a shallower level.
"""

from __future__ import annotations

from dataclasses import dataclass

from .task_resources import NUMBERING_RE, RANK_GROUPS


@dataclass(frozen=True, slots=True)
class NumberedUnit:
    """One numbered unit. ``start`` is where its number starts, ``body_start`` where its text
    starts, ``line_end`` where its first line ends and ``block_end`` where the next unit starts
    (or the text ends). ``rank`` is 0 for 第一部分, 1 for 一、 down to 5 for ①; ``parent`` indexes the units."""

    start: int
    body_start: int
    line_end: int
    block_end: int
    rank: int
    marker: str
    heading: bool
    parent: int | None


def find_numbered_units(text: str) -> tuple[NumberedUnit, ...]:
    """Every numbered unit of ``text`` in order, with its level, heading flag and parent."""
    found: list[tuple[int, int, int, str]] = []
    for match in NUMBERING_RE.finditer(text):
        rank = next(index for index, group in enumerate(RANK_GROUPS) if match[group])
        marker = match[RANK_GROUPS[rank]]
        found.append((match.start(RANK_GROUPS[rank]), match.end(), rank, marker.strip()))
    units: list[NumberedUnit] = []
    stack: list[int] = []
    for index, (start, body_start, rank, marker) in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        line_end = text.find("\n", body_start)
        line_end = len(text) if line_end < 0 else line_end
        while line_end > body_start and text[line_end - 1] in " \t\u3000\r":
            line_end -= 1
        while stack and units[stack[-1]].rank >= rank:
            stack.pop()
        units.append(
            NumberedUnit(
                start=start,
                body_start=body_start,
                line_end=line_end,
                block_end=following[0] if following else len(text),
                rank=rank,
                marker=marker,
                heading=following is not None and following[2] > rank,
                parent=stack[-1] if stack else None,
            )
        )
        stack.append(index)
    return tuple(units)

"""Helpers over offsets of the text: lines, clause and sentence boundaries, span membership.

These are not steps; steps use them to find where a clause starts or whether an offset lies in
page furniture without looping over characters in Python.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache

from .resources import CLAUSE_BOUNDARY_RE, SENTENCE_BOUNDARY_RE


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) for each non-blank line; start/end cover the stripped text."""
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            offset = raw.index(stripped[0])
            start = position + offset
            yield start, start + len(stripped), stripped
        position += len(raw) + 1


class Boundaries:
    """Positions of separator characters, to find the clause or sentence around an offset.

    ``start_of(i)`` is the offset just after the last separator before ``i``; ``end_of(i)`` the
    offset of the first separator at or after ``i`` (or the text's length).
    """

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.positions: list[int] = [match.start() for match in pattern.finditer(text)]
        self.length = len(text)

    def start_of(self, offset: int) -> int:
        index = bisect_left(self.positions, offset) - 1
        return self.positions[index] + 1 if index >= 0 else 0

    def end_of(self, offset: int) -> int:
        index = bisect_left(self.positions, offset)
        return self.positions[index] if index < len(self.positions) else self.length

    def previous_start(self, offset: int) -> int:
        """The start of the clause before the one that holds ``offset``."""
        return self.start_of(max(self.start_of(offset) - 1, 0))

    def next_end(self, offset: int) -> int:
        """The end of the clause after the one that holds ``offset``."""
        end = self.end_of(offset)
        return self.end_of(end + 1) if end < self.length else end


# Several steps need the same boundaries of the same text; strings cache their hash, so the
# cache costs one dictionary look-up. Boundaries are never mutated after construction.
@lru_cache(maxsize=4)
def clause_boundaries(text: str) -> Boundaries:
    return Boundaries(text, CLAUSE_BOUNDARY_RE)


@lru_cache(maxsize=4)
def sentence_boundaries(text: str) -> Boundaries:
    return Boundaries(text, SENTENCE_BOUNDARY_RE)


class SpanSet:
    """Sorted, non-overlapping (start, end) spans; tells whether an offset or a range touches one."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def contains(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, end - 1) - 1
        return index >= 0 and self.ends[index] > start

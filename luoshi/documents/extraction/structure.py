"""Step: document structure.

Needs: the text and ``furniture``.
Adds: ``sections`` (headings, enumerations in all their forms, numbered question-and-answer
blocks with their question and answering official), ``meta.speakers`` and ``meta.title_span``
(the first line of text when it reads as a title).

Each section has a rank that says how deep its kind of marker nests: 一、 (1), （一） (2), an
unnumbered heading (2, or 1 for a part heading such as 2023年工作回顾), 1. (3), （1） (4), ① (5),
一是 (6); a Q&A block ranks 1. A section ends where the next section of the same or a higher
rank starts, and an enumeration written inside a paragraph ends with the paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from .datatypes import Section, SectionKind, Span, Speaker, WorkingDocument
from .resources import (
    BYLINE_SPEAKER_RE,
    CJK,
    ENUMERATION_MARKERS,
    ENUMERATION_RANK,
    GOVERNMENT_UNIT_RE,
    HEADING_FORBIDDEN_END,
    HEADING_MAX_CHARS,
    INLINE_ENUMERATION_RE,
    PART_HEADING_RANK,
    PART_HEADING_RE,
    PLAIN_HEADING_RANK,
    POST_RE,
    QA_NUMBER_LINE_RE,
    QA_QUESTION_LINE_RE,
    QA_RANK,
    QUESTION_END_RE,
    SPEAKER_LINE_RE,
    SPEAKER_NAME_MAX,
)
from .textspans import SpanSet, iter_lines

TITLE_MAX_CHARS = 100
ENUMERATION_TITLE_MAX = 40
_TITLE_STOP = frozenset("。；;：:！!？?")
_CJK_LOW, _CJK_HIGH = CJK.split("-")
_SUBTITLE_START_RE = re.compile(r"^(?:——|--|—|[（(]\s*(?:19|20)[0-9]{2}年)")


@dataclass
class _Opening:
    """A section found while scanning, before its end and place in the tree are known."""

    kind: SectionKind
    rank: int
    marker: str
    title: str
    start: int
    paragraph_end: int | None  # set for enumerations written inside a paragraph
    question: str | None = None
    speaker: Speaker | None = None


def parse_speaker(who: str, start: int) -> Speaker | None:
    """Split 市发改委党组书记、主任戴永康 into unit 市发改委, post 党组书记、主任 and name 戴永康."""
    post_match = POST_RE.search(who)
    if post_match is None:
        return None
    name = who[post_match.end() :].strip()
    if not 2 <= len(name) <= SPEAKER_NAME_MAX or not all(_CJK_LOW <= char <= _CJK_HIGH for char in name):
        return None
    unit = who[: post_match.start()].strip() or None
    post = post_match.group().rstrip("、") or None
    return Speaker(unit=unit, post=post, name=name, span=Span(start, start + len(who), "speaker", who))


def _title_until_stop(text: str, limit: int = ENUMERATION_TITLE_MAX) -> str:
    for index, char in enumerate(text[:limit]):
        if char in _TITLE_STOP:
            return text[:index].strip()
    return text[:limit].strip()


def _is_plain_heading(line: str) -> bool:
    if len(line) > HEADING_MAX_CHARS or len(line) < 2 or line[-1] in HEADING_FORBIDDEN_END:
        return False
    if "。" in line or " " in line or "\u3000" in line or "\t" in line:
        return False
    if GOVERNMENT_UNIT_RE.match(line):
        return False  # a signature (青山区人民政府办公室), not a heading
    cjk = sum(1 for char in line if _CJK_LOW <= char <= _CJK_HIGH)
    return cjk >= 4 and cjk * 2 >= len(line)


def _scan(
    document: WorkingDocument,
) -> tuple[list[_Opening], list[Speaker], Span | None, list[int], set[int]]:
    """Find section openings, speakers and the title line, with the content lines' ends and starts."""
    furniture = SpanSet([(span.start, span.end) for span in document.furniture])
    openings: list[_Opening] = []
    speakers: list[Speaker] = []
    title_span: Span | None = None
    line_ends: list[int] = []
    line_starts: set[int] = set()
    awaiting_question: _Opening | None = None
    first_content = True
    for start, end, line in iter_lines(document.text):
        if furniture.contains(start):
            continue
        line_ends.append(end)
        line_starts.add(start)
        if first_content:
            first_content = False
            if (
                len(line) <= TITLE_MAX_CHARS
                and line[-1] not in "。；;"
                and not any(pattern.match(line) for _, pattern in ENUMERATION_MARKERS)
            ):
                title_span = Span(start, end, "title", line)
                continue
        if title_span is not None and not openings and _SUBTITLE_START_RE.match(line):
            continue  # ——2024年1月8日在…会议上: the title's second line
        byline = BYLINE_SPEAKER_RE.match(line)
        if byline is not None and not openings:
            speakers.append(
                Speaker(
                    byline.group("unit"),
                    byline.group("post"),
                    byline.group("name"),
                    Span(start, end, "speaker", line),
                )
            )
            continue
        if awaiting_question is not None:
            awaiting_question.title = line
            awaiting_question.question = line
            awaiting_question = None
            continue
        if QA_NUMBER_LINE_RE.match(line):
            opening = _Opening("qa", QA_RANK, line, "", start, None)
            openings.append(opening)
            awaiting_question = opening
            continue
        question = QA_QUESTION_LINE_RE.match(line)
        if question is not None and QUESTION_END_RE.search(line):
            text = line[question.end() :].strip()
            openings.append(
                _Opening("qa", QA_RANK, question.group("marker"), text, start, None, question=text)
            )
            continue
        speaker_line = SPEAKER_LINE_RE.match(line)
        if speaker_line is not None:
            speaker = parse_speaker(speaker_line.group("who"), start)
            if speaker is not None:
                speakers.append(speaker)
                for opening in reversed(openings):
                    if opening.kind == "qa":
                        if opening.speaker is None:
                            opening.speaker = speaker
                        break
                continue
        numbered_end = 0
        for rank, pattern in ENUMERATION_MARKERS:
            match = pattern.match(line)
            if match is not None:
                marker = match.group("marker")
                title = _title_until_stop(line[len(marker) :].strip())
                openings.append(_Opening("enumeration", rank, marker, title, start, None))
                numbered_end = len(marker)
                break
        inline = [
            match for match in INLINE_ENUMERATION_RE.finditer(line) if match.start("marker") >= numbered_end
        ]
        for match in inline:
            marker = match.group("marker")
            at_line_start = not line[: match.start("marker")].strip()
            openings.append(
                _Opening(
                    "enumeration",
                    ENUMERATION_RANK,
                    marker.rstrip("，,、"),
                    _title_until_stop(line[match.end() :]),
                    start + match.start("marker"),
                    None if at_line_start else end,
                )
            )
        if numbered_end or inline:
            continue
        if _is_plain_heading(line) and not QUESTION_END_RE.search(line):
            rank = PART_HEADING_RANK if PART_HEADING_RE.search(line) else PLAIN_HEADING_RANK
            openings.append(_Opening("heading", rank, "", line, start, None))
    return openings, speakers, title_span, line_ends, line_starts


def _content_end_before(line_ends: list[int], position: int) -> int:
    """The end of the last content line that ends at or before ``position``."""
    index = bisect_left(line_ends, position + 1) - 1
    return line_ends[index] if index >= 0 else position


def _closed_by(open_section: _Opening, opening: _Opening) -> bool:
    """Whether ``opening`` ends ``open_section``: same or higher rank, or past its paragraph."""
    if open_section.rank >= opening.rank:
        return True
    return open_section.paragraph_end is not None and open_section.paragraph_end <= opening.start


def build_sections(
    openings: list[_Opening], line_ends: list[int], line_starts: set[int], text_end: int
) -> tuple[Section, ...]:
    """Place openings in a tree by rank and give each its end, level, parent and path.

    A section closed by an opening in the middle of a line ends where that opening starts;
    one closed by an opening at a line start ends with the last content line before it.
    """
    content_end = line_ends[-1] if line_ends else text_end
    ends: list[int] = [content_end] * len(openings)
    parents: list[int | None] = [None] * len(openings)
    stack: list[int] = []
    for index, opening in enumerate(openings):
        while stack and _closed_by(openings[stack[-1]], opening):
            closed = stack.pop()
            ends[closed] = (
                _content_end_before(line_ends, opening.start)
                if opening.start in line_starts
                else opening.start
            )
        parents[index] = stack[-1] if stack else None
        stack.append(index)
    sections: list[Section] = []
    for index, opening in enumerate(openings):
        end = ends[index]
        if opening.paragraph_end is not None:
            end = min(end, opening.paragraph_end)
        parent = parents[index]
        if parent is not None:
            end = min(end, sections[parent].end)
        end = max(end, opening.start)
        parent_section = sections[parent] if parent is not None else None
        sections.append(
            Section(
                id=f"s{index + 1}",
                parent_id=parent_section.id if parent_section else None,
                level=parent_section.level + 1 if parent_section else 1,
                kind=opening.kind,
                marker=opening.marker,
                title=opening.title,
                start=opening.start,
                end=end,
                path=(parent_section.path if parent_section else ()) + (opening.title,),
                question=opening.question,
                speaker=opening.speaker,
                rank=opening.rank,
            )
        )
    return tuple(sections)


def find_structure(document: WorkingDocument) -> WorkingDocument:
    """Find the title line, sections (headings, enumerations, Q&A blocks) and speakers."""
    openings, speakers, title_span, line_ends, line_starts = _scan(document)
    sections = build_sections(openings, line_ends, line_starts, len(document.text))
    meta = replace(document.meta, speakers=tuple(speakers), title_span=title_span)
    return replace(document, sections=sections, meta=meta)

"""Explicit references written in a measure's text: the parent's code, or its number in a plan.

    >>> find_references("推动保税维修扩围（对应国家政策措施第3条）")[0].path
    (3,)
    >>> find_references("落实《若干政策措施》第二部分第（三）项")[0].path
    (2, 3)
    >>> find_codes("承接2024-N-0003任务")
    ('2024-N-0003',)

A number counts as a reference only after a word that says so (对应, 落实, 承接, …) in the
same clause, or right after a title in 《》, so that 第一批 or 第三季度 in ordinary prose is
not taken for one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from luoshi.documents.extraction.numerals import parse_chinese_numeral

CODE_RE: Final = re.compile(r"(?<![0-9A-Za-z])(\d{4}-[A-Za-z]{1,3}-\d{2,6})(?![0-9A-Za-z])")

_NUMERAL: Final = r"[0-9一二三四五六七八九十百零〇两]+"
ITEM_RE: Final = re.compile(rf"第\s*[（(]?\s*({_NUMERAL})\s*[）)]?\s*(?:部分|方面|章|节|条|项|款|点|个方面)")
CHAIN_RE: Final = re.compile(rf"(?:{ITEM_RE.pattern}\s*)+")
TRIGGER_RE: Final = re.compile(r"对应|落实|承接|细化|分解|贯彻|根据|依据|按照|参照|围绕")
TITLE_RE: Final = re.compile(r"《([^《》]{1,60})》\s*$")
CLAUSE_END: Final = re.compile(r"[。；;！!？?\n]")
# How far back from the number a trigger word may stand.
TRIGGER_WINDOW: Final = 40


@dataclass(frozen=True)
class Reference:
    """A reference as written: its snippet, the numbers it names (outermost first) and the plan it
    names, if any (the words between the trigger and the number, or the title in 《》)."""

    snippet: str
    path: tuple[int, ...]
    plan: str


def _number(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    value = parse_chinese_numeral(numeral)
    return int(value) if value is not None and value >= 1 and value == int(value) else None


def find_codes(text: str) -> tuple[str, ...]:
    """Task codes written in the text (2024-N-0003), upper-cased, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in CODE_RE.finditer(unicodedata.normalize("NFKC", text)):
        seen.setdefault(match.group(1).upper(), None)
    return tuple(seen)


def find_references(text: str) -> tuple[Reference, ...]:
    """The numbered references in the text (第3条, 第二部分第（三）项), in order.

    A chain of 第…部分/条/项 is one reference with a path of several numbers. It counts only
    when a trigger word (对应, 落实, …) stands before it in the same clause, within
    TRIGGER_WINDOW characters, or when it follows a title in 《》. Snippets are quoted after
    NFKC normalisation (full-width digits and brackets as half-width).
    """
    text = unicodedata.normalize("NFKC", text)  # full-width digits and brackets
    references: list[Reference] = []
    for chain in CHAIN_RE.finditer(text):
        before = text[max(0, chain.start() - TRIGGER_WINDOW) : chain.start()]
        clause_ends = list(CLAUSE_END.finditer(before))
        if clause_ends:
            before = before[clause_ends[-1].end() :]
        triggers = list(TRIGGER_RE.finditer(before))
        title = TITLE_RE.search(before)
        if not triggers and title is None:
            continue
        path: list[int] = []
        for item in ITEM_RE.finditer(chain.group(0)):
            number = _number(item.group(1))
            if number is None:
                break
            path.append(number)
        if not path:
            continue
        if title is not None:
            plan = title.group(1)
            start = title.start()
        else:
            plan = before[triggers[-1].end() :]
            start = triggers[-1].start()
        # In a list (对应第4条、第3条) the words before are earlier references, not a plan's name.
        plan = CHAIN_RE.sub("", plan).strip(" 　，,、：:的和及与")
        if not plan and references and triggers:
            plan = references[-1].plan
        snippet = (before[start:] + chain.group(0)).strip()
        references.append(Reference(snippet=snippet, path=tuple(path), plan=plan))
    return tuple(references)


def strip_references(text: str) -> str:
    """The text without its codes and reference chains, so that 第3条 adds nothing to key phrases."""
    return CHAIN_RE.sub(" ", CODE_RE.sub(" ", text))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def plan_matches(named: str, plan_title: str) -> bool:
    """Whether the plan a reference names may be `plan_title`.

    True when either is unknown (empty) or when at least half of the named plan's character pairs
    occur in the title (国家政策措施 against 《关于支持天津滨海新区高质量发展的若干政策措施》).
    """
    if not named or not plan_title:
        return True
    wanted = _bigrams(named)
    if not wanted:
        return True
    return len(wanted & _bigrams(plan_title)) * 2 >= len(wanted)


MARKER_RE: Final = re.compile(rf"^\s*(?:第\s*)?[（(]?\s*({_NUMERAL})\s*[）)]?\s*(?:部分|方面|章|节|条|项|是)?\s*[、.．,，:：]?\s*$")


def read_marker(marker: str) -> int | None:
    """The number of a structure marker as plans write them: 一、 → 1, （三） → 3, 3. → 3,
    第二部分 → 2, 四是 → 4. None for anything else."""
    match = MARKER_RE.match(unicodedata.normalize("NFKC", marker))
    return _number(match.group(1)) if match else None


def numbering_from_markers(markers: tuple[str, ...] | list[str]) -> tuple[int, ...]:
    """A numbering path from the markers of a measure's sections, outermost first:
    ("二、", "（三）", "1.") → (2, 3, 1). Markers that are not numbers are skipped."""
    numbers = (read_marker(marker) for marker in markers)
    return tuple(number for number in numbers if number is not None)

"""Reading the words around a quantity: its head noun, its indicator name, its quote span.

Not a step: pure helpers used by the classification and parts steps. They never change the
text; names are normalised copies of snippets.
"""

from __future__ import annotations

import re

from .datatypes import Quantity
from .resources import (
    GROWTH_CLAUSE_START_RE,
    GROWTH_WORD_RE,
    HEAD_MAX_CHARS,
    HEAD_STOP_RE,
    LEADING_CUE_RE,
    LIST_MARKER_RE,
    QUOTE_MAX_BEFORE,
    TRAILING_VERB_RE,
)
from .textspans import Boundaries

_DECLINE_RE = re.compile(r"下降|降低|减少|回落")
_EDGE_PUNCTUATION = "，,。；;、：:“”\"'（）() \u3000"
INDICATOR_MAX_CHARS = 30
_FIRST_NUMBER_RE = re.compile(r"[0-9０-９]")
_SHORT_VERB_RE = re.compile(
    r"(?:新增|新建|建成|完成|实施|培育|打造|引进|引育|创建|组建|成立|推出|新设|改造|建设|开工|竣工)$"
)


def noun_after(text: str, position: int, clause_end: int) -> str:
    """The noun written from ``position`` up to the predicate or punctuation, or ''."""
    window = text[position : min(clause_end, position + HEAD_MAX_CHARS)]
    stop = HEAD_STOP_RE.search(window)
    return (window[: stop.start()] if stop else window).strip()


def head_after(text: str, quantity: Quantity, clause_end: int) -> str:
    """The noun written right after a count (3家全国重点实验室 -> 全国重点实验室), or ''."""
    return noun_after(text, quantity.end, clause_end)


def text_before(text: str, quantity: Quantity, clause_start: int) -> str:
    """The clause text before the number, without the predicate words next to it (达到, 超过…)."""
    before = text[clause_start : quantity.number_start]
    return TRAILING_VERB_RE.sub("", before).strip()


def _subject_of_previous_clause(text: str, clause_start: int, clauses: Boundaries) -> str:
    """The words before the first number of the clause before ``clause_start`` (its subject)."""
    if clause_start <= 0 or text[clause_start - 1] not in ",，":
        return ""
    previous = text[clauses.start_of(clause_start - 1) : clause_start - 1]
    number = _FIRST_NUMBER_RE.search(previous)
    subject = LEADING_CUE_RE.sub("", previous[: number.start()] if number else previous)
    return TRAILING_VERB_RE.sub("", subject).strip(_EDGE_PUNCTUATION)


def indicator_name(text: str, quantity: Quantity, clauses: Boundaries, head: str) -> str:
    """A short name for what the number measures, read from its clause.

    一般公共预算收入同比增长11.9% -> 一般公共预算收入增速; 新增3家全国重点实验室 -> 新增全国重点实验室;
    城镇新增就业9.6万人 -> 城镇新增就业; …18.3亿元，增长8.5% -> 一般公共预算收入增速 (the subject of
    a growth rate written alone in its clause comes from the clause before).
    """
    clause_start = clauses.start_of(quantity.number_start)
    before = text[clause_start : quantity.number_start]
    before = LEADING_CUE_RE.sub("", before.strip())
    growth = GROWTH_WORD_RE.search(before)
    if growth is not None and quantity.unit_class == "rate":
        subject = TRAILING_VERB_RE.sub("", before[: growth.start()]).strip(_EDGE_PUNCTUATION)
        subject = subject or _subject_of_previous_clause(text, clause_start, clauses)
        suffix = "降幅" if _DECLINE_RE.search(growth.group()) else "增速"
        name = subject + suffix if subject else growth.group()
    else:
        subject = TRAILING_VERB_RE.sub("", before).strip(_EDGE_PUNCTUATION)
        if head:
            verb = _SHORT_VERB_RE.search(subject)
            prefix = verb.group() if verb and len(subject) <= 6 else ""
            name = prefix + head if len(subject) > 6 or verb else subject + head
        else:
            name = subject
    name = name.strip(_EDGE_PUNCTUATION)
    return name[-INDICATOR_MAX_CHARS:]


def quote_span(text: str, quantity: Quantity, clauses: Boundaries, head: str) -> tuple[int, int]:
    """The clause-level quote around a quantity: from the clause start to the unit (and its noun).

    A growth rate whose clause has no subject (…,同比增长5.5%) takes in the clause before it.
    """
    start = clauses.start_of(quantity.number_start)
    lead = text[start : quantity.number_start]
    if start > 0 and text[start - 1] in ",，" and (GROWTH_CLAUSE_START_RE.match(lead) or not lead.strip()):
        start = clauses.previous_start(quantity.number_start)
    start = max(start, quantity.number_start - QUOTE_MAX_BEFORE)
    marker = LIST_MARKER_RE.match(text, start, quantity.number_start)
    if marker is not None:
        start = marker.end()
    end = quantity.end + len(head) if head and text.startswith(head, quantity.end) else quantity.end
    return start, end

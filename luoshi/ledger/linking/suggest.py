"""Suggested parents: for each draft measure, up to three higher-level tasks it may refine.

The score of a candidate is a sum of points, one term per signal (weights below):

    code        the candidate's code is written in the draft                     100
    reference   “对应…第3条”: the number is the candidate's (running number or path) 60
                (the path only ends with the candidate's, or names another plan: 30)
    numbering   the draft's numbering path equals the candidate's                   10
    phrases     shared key words: 30 × the candidate's BM25 score / the best BM25 score
                among the candidates for this draft                                ≤ 30
    lead_unit   the same lead unit (names normalised): 8; a unit of the same line of
                work at another level (区商务局 under 市商务局): 5; the draft's lead unit's
                line of work among the candidate's co-units: 3

so an explicit reference outweighs everything else and the phrases order the rest. A
candidate with no code, reference or numbering evidence is suggested only when it shares at
least MIN_SHARED_PHRASES phrases covering MIN_COVERAGE of the draft's key words (weighted by
rarity), or one
phrase of MIN_LONG_PHRASE characters or more (跨境电商): the same lead unit alone never suggests a parent. Ties keep the candidates' order, so
the result is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from . import messages
from .phrases import PhraseIndex, key_words, precise_words, shared_phrases
from .references import find_codes, find_references, plan_matches, strip_references
from .types import CandidateTask, DraftText, Reason, Suggestion
from .units import normalise_unit_name, unit_function

WEIGHT_CODE: Final = 100.0
WEIGHT_REFERENCE: Final = 60.0
WEIGHT_REFERENCE_PARTIAL: Final = 30.0
WEIGHT_NUMBERING: Final = 10.0
WEIGHT_PHRASES: Final = 30.0
WEIGHT_SAME_LEAD: Final = 8.0
WEIGHT_COUNTERPART_LEAD: Final = 5.0
WEIGHT_COUNTERPART_CO_UNIT: Final = 3.0

MIN_SHARED_PHRASES: Final = 2
MIN_COVERAGE: Final = 0.2
MIN_LONG_PHRASE: Final = 4
# Candidates scored in full per draft: those with explicit evidence plus the best by BM25.
SHORTLIST: Final = 30
SHOWN_PHRASES: Final = 4


@dataclass
class _Evidence:
    points: float = 0.0
    explicit: bool = False
    reasons: list[Reason] = field(default_factory=list)

    def add(self, points: float, reason: Reason, *, explicit: bool = False) -> None:
        self.points += points
        self.explicit = self.explicit or explicit
        self.reasons.append(reason)


class _Candidates:
    """The candidates with their look-up tables, built once per call."""

    def __init__(self, candidates: Sequence[CandidateTask]) -> None:
        self.items = candidates
        self.by_code: dict[str, list[int]] = defaultdict(list)
        self.by_ordinal: dict[int, list[int]] = defaultdict(list)
        self.by_path: dict[tuple[int, ...], list[int]] = defaultdict(list)
        self.by_path_end: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for index, candidate in enumerate(candidates):
            if candidate.code:
                self.by_code[candidate.code.upper()].append(index)
            if candidate.ordinal is not None:
                self.by_ordinal[candidate.ordinal].append(index)
            if candidate.numbering:
                self.by_path[candidate.numbering].append(index)
                for cut in range(1, len(candidate.numbering)):
                    self.by_path_end[candidate.numbering[cut:]].append(index)
        self.lead = [normalise_unit_name(c.lead_unit) if c.lead_unit else "" for c in candidates]
        self.lead_function = [unit_function(c.lead_unit) if c.lead_unit else "" for c in candidates]
        self.co_functions = [frozenset(unit_function(name) for name in c.co_units) for c in candidates]
        self.index = PhraseIndex([key_words(f"{c.title} {c.text}") for c in candidates])


def _explicit_evidence(draft: DraftText, table: _Candidates, evidence: dict[int, _Evidence]) -> None:
    text = f"{draft.title} {draft.text}"
    for code in find_codes(text):
        for index in table.by_code.get(code, []):
            evidence[index].add(WEIGHT_CODE, Reason("code", messages.CODE, (("code", code),)), explicit=True)
    for reference in find_references(text):
        full = set(table.by_path.get(reference.path, []))
        if len(reference.path) == 1:
            full.update(table.by_ordinal.get(reference.path[0], []))
        partial = set(table.by_path_end.get(reference.path, [])) - full
        for index in sorted(full | partial):
            named_plan = plan_matches(reference.plan, table.items[index].plan_title)
            points = WEIGHT_REFERENCE if index in full and named_plan else WEIGHT_REFERENCE_PARTIAL
            evidence[index].add(points, Reason("reference", messages.REFERENCE, (("snippet", reference.snippet),)), explicit=True)
    if draft.numbering:
        for index in table.by_path.get(draft.numbering, []):
            evidence[index].add(WEIGHT_NUMBERING, _numbering_reason(draft.numbering), explicit=True)


def _numbering_reason(path: tuple[int, ...]) -> Reason:
    if len(path) == 1:
        return Reason("numbering", messages.NUMBERING_ITEM, (("item", str(path[0])),))
    if len(path) == 2:
        return Reason("numbering", messages.NUMBERING_PART_ITEM, (("part", str(path[0])), ("item", str(path[1]))))
    return Reason("numbering", messages.NUMBERING_PATH, (("path", ".".join(map(str, path))),))


def _lead_unit_evidence(draft: DraftText, index: int, table: _Candidates, evidence: _Evidence) -> None:
    candidate = table.items[index]
    best: tuple[float, Reason] | None = None
    for name in draft.lead_units:
        if table.lead[index] and normalise_unit_name(name) == table.lead[index]:
            found = (WEIGHT_SAME_LEAD, Reason("lead_unit", messages.SAME_LEAD, (("unit", candidate.lead_unit),)))
        elif table.lead_function[index] and unit_function(name) == table.lead_function[index]:
            found = (
                WEIGHT_COUNTERPART_LEAD,
                Reason(
                    "lead_unit", messages.COUNTERPART_LEAD, (("unit", name), ("parent_unit", candidate.lead_unit))
                ),
            )
        elif unit_function(name) in table.co_functions[index]:
            found = (WEIGHT_COUNTERPART_CO_UNIT, Reason("lead_unit", messages.COUNTERPART_CO_UNIT, (("unit", name),)))
        else:
            continue
        if best is None or found[0] > best[0]:
            best = found
    if best is not None:
        evidence.add(best[0], best[1])


def _rank_one(draft: DraftText, table: _Candidates, limit: int) -> list[Suggestion]:
    evidence: dict[int, _Evidence] = defaultdict(_Evidence)
    _explicit_evidence(draft, table, evidence)

    phrase_text = strip_references(f"{draft.title} {draft.text}")
    query = key_words(phrase_text)
    bm25 = table.index.scores(query)
    top = float(bm25.max()) if len(bm25) else 0.0
    shortlist = set(evidence)
    if top > 0:
        count = min(SHORTLIST, len(bm25))
        best = np.argpartition(-bm25, count - 1)[:count]
        shortlist.update(int(i) for i in best if bm25[i] > 0)

    query_set = frozenset(query)
    query_weight = sum(table.index.idf(word) for word in query_set) or 1.0
    draft_words = precise_words(phrase_text)
    for index in shortlist:
        found = evidence[index]
        shared = query_set & table.index.words_of(index)
        coverage = sum(table.index.idf(word) for word in shared) / query_weight
        if shared and top > 0:
            phrases = shared_phrases(draft_words, table.index.words_of(index), table.index) or sorted(shared)
            qualifies = coverage >= MIN_COVERAGE and (
                len(phrases) >= MIN_SHARED_PHRASES or max(map(len, phrases)) >= MIN_LONG_PHRASE
            )
            if qualifies or found.explicit:
                found.add(
                    WEIGHT_PHRASES * float(bm25[index]) / top,
                    Reason("phrases", messages.PHRASES, (("phrases", "、".join(phrases[:SHOWN_PHRASES])),)),
                )
        if found.reasons:
            _lead_unit_evidence(draft, index, table, found)

    ranked = sorted(
        (index for index, found in evidence.items() if found.reasons),
        key=lambda index: (-round(evidence[index].points, 6), index),
    )
    return [
        Suggestion(
            candidate_id=table.items[index].id,
            score=round(evidence[index].points, 2),
            reasons=tuple(evidence[index].reasons),
        )
        for index in ranked[:limit]
    ]


def suggest_parents(
    drafts: Sequence[DraftText], candidates: Sequence[CandidateTask], *, limit: int = 3
) -> list[list[Suggestion]]:
    """Up to `limit` suggested parents for each draft, best first, with their reasons.

    `candidates` are the higher-level tasks that fall to the drafts' office. Returns one list per
    draft, in the drafts' order; a list is empty when no candidate has enough evidence. Raises
    ValueError when `limit` is below 1.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if not candidates:
        return [[] for _ in drafts]
    table = _Candidates(candidates)
    return [_rank_one(draft, table, limit) for draft in drafts]

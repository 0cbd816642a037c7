"""Step: parts of counts.

Needs: ``items`` (counts among them) and ``sections``.
Adds: for a count followed by its breakdown ("提出259项具体落实举措…其中，围绕产业创新提出101项举措…
围绕港航功能提出49项举措…"), the breakdown as the count's ``parts`` and whether the parts add
up (``consistent``). The breakdown's counts are removed from ``items``: they are parts, not
items. A breakdown that does not add up adds a warning.

A breakdown is a run of figures with the same unit after the total, in the same section, each
introduced by 围绕/聚焦/针对/在…方面 or listed after 其中/包括/分别 (政务服务方面8条、要素保障方面6条),
whose sum does not pass the total.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .datatypes import Item, WorkingDocument
from .textspans import clause_boundaries

FIRST_PART_MAX_DISTANCE = 400
NEXT_PART_MAX_DISTANCE = 600
_LIST_CUE_RE = re.compile(r"其中|包括|分别|具体为|分为|涵盖")
_PART_KEY_RE = re.compile(
    r"(?:其中[，,：:]?\s*)?(?:围绕|聚焦|针对|在|涉及|关于|面向)(?P<key>[^，,。；;：:]{2,16}?)"
    r"(?:方面|领域)?(?:提出|制定|明确|出台|推出|形成|部署|安排|梳理|细化|共有|共|有)?$"
)
_CLASS_KEY_RE = re.compile(
    r"(?:其中[，,：:]?\s*)?(?P<key>[^，,。；;：:、]{2,12}?)(?:类|方面|领域)?(?:共|有)?$"
)


def part_key(text: str, item: Item, clause_start: int, listed: bool) -> str | None:
    """The name of the area a part belongs to (产业创新 in 围绕产业创新提出101项举措), or None."""
    before = text[clause_start : item.number_start]
    match = _PART_KEY_RE.search(before)
    if match is not None:
        return match.group("key")
    if listed:
        match = _CLASS_KEY_RE.search(before)
        if match is not None:
            return match.group("key")
    return None


def find_parts(document: WorkingDocument) -> WorkingDocument:
    """Attach breakdowns to counts, remove the parts from the items and warn when they do not add up."""
    text = document.text
    clauses = clause_boundaries(text)
    items = list(document.items)
    consumed: set[int] = set()
    warnings = list(document.warnings)
    for index, total in enumerate(items):
        if total.kind != "count" or index in consumed:
            continue
        parts: dict[str, float] = {}
        part_indexes: list[int] = []
        running = 0.0
        last_end = total.end
        for other in range(index + 1, len(items)):
            candidate = items[other]
            if candidate.kind == "project" or candidate.unit != total.unit:
                continue
            limit = FIRST_PART_MAX_DISTANCE if not parts else NEXT_PART_MAX_DISTANCE
            if candidate.number_start - last_end > limit or candidate.section_id != total.section_id:
                break
            listed = bool(_LIST_CUE_RE.search(text[total.number_end : candidate.number_start]))
            key = part_key(text, candidate, clauses.start_of(candidate.number_start), listed)
            if key is None or running + candidate.value > total.value or key in parts:
                break
            parts[key] = candidate.value
            part_indexes.append(other)
            running += candidate.value
            last_end = candidate.end
            if running == total.value:
                break
        if len(parts) < 2:
            continue
        consistent = running == total.value
        consumed.update(part_indexes)
        items[index] = replace(total, parts=parts, consistent=consistent)
        if not consistent:
            warnings.append(
                f"count {total.value:g} {total.unit} ({total.indicator}) at {total.number_start}: "
                f"parts sum to {running:g}"
            )
    kept = tuple(item for position, item in enumerate(items) if position not in consumed)
    return replace(document, items=kept, warnings=tuple(warnings))

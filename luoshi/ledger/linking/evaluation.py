"""Measuring the suggester on composed pairs of plans whose true links are known.

A pair is a folder with two tab-separated files (lines starting with # are comments, the first
other line is the header):

- `higher.tsv`: 序号, 编号, 结构编号 (1.3), 牵头单位, 配合单位 (、-separated), 任务内容;
- `lower.tsv`: 编号 (1.3), 牵头单位, 举措内容, 上级编号 (the true parent's code, empty for a
  measure with no parent).

Used by the benchmark (bench/bench_linking.py) and by the accuracy guard in the tests.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .types import CandidateTask, DraftText, Suggestion
from .units import split_unit_names


@dataclass(frozen=True)
class ComposedPair:
    """A higher-level list, a lower-level plan, and the true parent of each lower measure (its
    index in `candidates`, or None)."""

    name: str
    plan_title: str
    candidates: tuple[CandidateTask, ...]
    drafts: tuple[DraftText, ...]
    truth: tuple[int | None, ...]


@dataclass(frozen=True)
class Accuracy:
    """Top-1 and top-3 accuracy over the measures that have a true parent; for the others, the
    share left without any suggestion (`abstained`)."""

    linked: int
    top1: float
    top3: float
    unlinked: int
    abstained: float


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    header, *rows = list(csv.reader(lines, delimiter="\t"))
    return header, rows


def _comment(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    return first.lstrip("#").split("；")[0].replace("计划：", "").strip() if first.startswith("#") else ""


def _path(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.strip()) if text.strip() else ()


def read_pair(directory: Path) -> ComposedPair:
    """The composed pair in `directory`. Raises ValueError naming the file and line of an unknown
    parent code."""
    plan_title = _comment(directory / "higher.tsv")
    _, higher = _rows(directory / "higher.tsv")
    candidates = tuple(
        CandidateTask(
            id=number,
            code=code,
            title=content,
            ordinal=int(ordinal),
            numbering=_path(numbering),
            plan_title=plan_title,
            lead_unit=lead,
            co_units=split_unit_names(co_units),
        )
        for number, (ordinal, code, numbering, lead, co_units, content) in enumerate(higher, start=1)
    )
    index_of = {candidate.code: index for index, candidate in enumerate(candidates)}
    _, lower = _rows(directory / "lower.tsv")
    drafts: list[DraftText] = []
    truth: list[int | None] = []
    for line, (numbering, lead, content, parent) in enumerate(lower, start=1):
        if parent and parent not in index_of:
            raise ValueError(f"{directory.name}/lower.tsv, measure {line}: unknown parent code {parent}")
        drafts.append(DraftText(title=content, numbering=_path(numbering), lead_units=split_unit_names(lead)))
        truth.append(index_of[parent] if parent else None)
    return ComposedPair(directory.name, plan_title, candidates, tuple(drafts), tuple(truth))


def accuracy(pair: ComposedPair, suggestions: Sequence[Sequence[Suggestion]]) -> Accuracy:
    """Top-1 and top-3 accuracy of `suggestions` (one list per draft of `pair`)."""
    linked = top1 = top3 = unlinked = abstained = 0
    for truth, ranked in zip(pair.truth, suggestions, strict=True):
        if truth is None:
            unlinked += 1
            abstained += not ranked
            continue
        linked += 1
        ids = [suggestion.candidate_id for suggestion in ranked]
        wanted = pair.candidates[truth].id
        top1 += ids[:1] == [wanted]
        top3 += wanted in ids[:3]
    return Accuracy(
        linked=linked,
        top1=top1 / linked if linked else 0.0,
        top3=top3 / linked if linked else 0.0,
        unlinked=unlinked,
        abstained=abstained / unlinked if unlinked else 0.0,
    )

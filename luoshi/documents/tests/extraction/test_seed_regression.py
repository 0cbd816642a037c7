"""Regression guard: the scorer's figures on the two seed documents stay near a recorded baseline.

The rule it protects: extraction quality measured by shared/eval/score.py on the seeds does not
fall (issue: extraction pipeline acceptance). It is a guard against regressions, not a target to
tune to: held-out documents decide. The scorer is imported from shared/ beside the repository;
the test fails, never skips, when it is missing.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType

import pytest

from luoshi.documents.extraction import extract, read_document, to_eval_json

from .shared import SHARED

SCORER = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "gold"
SEEDS = SHARED / "seeds"

# Recorded on the seeds when the pipeline was accepted (see docs/extraction.md). The guard holds
# the recorded score minus a small tolerance, so that a rule that generalises better may lose a
# seed item: overall and agreement by TOLERANCE; a kind by KIND_TOLERANCE, one item's worth of the
# smallest kind (12 gold counts: one miss costs 0.045 F1).
BASELINE_F1 = {"overall": 1.0, "target": 1.0, "actual": 1.0, "count": 1.0, "project": 1.0}
BASELINE_AGREEMENT = {"comparator": 1.0, "period": 1.0, "parts": 1.0}
TOLERANCE = 0.03
KIND_TOLERANCE = 0.05
# The acceptance bar of strict F1 on the seeds.
BAR_F1 = 0.95


def _scorer() -> ModuleType:
    assert SCORER.is_file(), f"the scorer is missing: {SCORER} (shared/ must sit beside the repository)"
    spec = importlib.util.spec_from_file_location("luoshi_eval_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    scorer = _scorer()
    gold_files = sorted(GOLD.glob("*.json"))
    assert len(gold_files) >= 2, f"no gold files in {GOLD}"
    predictions = tmp_path_factory.mktemp("predictions")
    for gold_file in gold_files:
        name = json.loads(gold_file.read_text(encoding="utf-8"))["doc"]
        source = read_document((SEEDS / name).read_bytes(), name)
        prediction = to_eval_json(extract(source.text), name)
        (predictions / gold_file.name).write_text(
            json.dumps(prediction, ensure_ascii=False), encoding="utf-8"
        )
    result: dict[str, object] = scorer.score(GOLD, predictions, SEEDS, 0)
    return result


def test_overall_f1_stays_at_or_above_the_baseline(scores: dict[str, object]) -> None:
    overall = scores["overall"]
    assert isinstance(overall, dict)
    assert overall["f1"] >= BASELINE_F1["overall"] - TOLERANCE, overall
    assert overall["f1"] >= BAR_F1, overall


@pytest.mark.parametrize("kind", ["target", "actual", "count", "project"])
def test_each_kinds_f1_stays_at_or_above_the_baseline(scores: dict[str, object], kind: str) -> None:
    per_kind = scores["per_kind"]
    assert isinstance(per_kind, dict)
    assert per_kind[kind]["f1"] >= BASELINE_F1[kind] - KIND_TOLERANCE, per_kind[kind]


@pytest.mark.parametrize("attribute", ["comparator", "period", "parts"])
def test_attribute_agreement_stays_at_or_above_the_baseline(
    scores: dict[str, object], attribute: str
) -> None:
    agreement = scores["attribute_agreement"]
    assert isinstance(agreement, dict)
    assert agreement[attribute] >= BASELINE_AGREEMENT[attribute] - TOLERANCE, agreement

"""`luoshi extract FILE --json` prints items and tasks; `luoshi eval` prints both scorers' tables."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .extraction.composed_plans import COUNTY_WORK_POINTS
from .extraction.shared import SHARED


def test_extract_json_prints_doc_items_and_tasks_in_the_scorers_format(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(COUNTY_WORK_POINTS, encoding="utf-8")
    out = StringIO()
    call_command("extract", str(path), "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert set(printed) == {"doc", "items", "tasks"} and printed["doc"] == "plan.txt"
    task = printed["tasks"][1]
    assert COUNTY_WORK_POINTS[task["start"] : task["end"]].startswith("1.深化")
    assert {key: task[key] for key in ("id", "parent", "heading", "lead_units", "co_units", "deadline", "ongoing")} == {
        "id": 2,
        "parent": 1,
        "heading": False,
        "lead_units": ["县政务服务中心", "县数据局"],
        "co_units": [],
        "deadline": "2025-06-30",
        "ongoing": False,
    }


def test_extract_lists_the_tasks_in_its_summary(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(COUNTY_WORK_POINTS, encoding="utf-8")
    out = StringIO()
    call_command("extract", str(path), stdout=out)
    assert "提升政务服务效能 > 推行惠企政策“免申即享” [县发改局 / 县财政局、县经济和信息化局] (2025-12-31)" in out.getvalue()


def test_eval_prints_the_items_table_and_the_tasks_table() -> None:
    out = StringIO()
    tasks = SHARED / "eval" / "tasks"
    call_command(
        "eval",
        "--gold", str(SHARED / "eval" / "gold"),
        "--docs", str(SHARED / "seeds"),
        "--scorer", str(SHARED / "eval" / "score.py"),
        "--tasks-gold", str(tasks / "gold"),
        "--tasks-docs", str(tasks / "docs"),
        "--tasks-scorer", str(tasks / "score_tasks.py"),
        stdout=out,
    )
    printed = out.getvalue()
    assert "== items ==" in printed and "== tasks ==" in printed
    assert "all (strict)" in printed and "OVERALL" in printed


def test_eval_names_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="找不到"):
        call_command("eval", "--gold", str(tmp_path / "nowhere"), stdout=StringIO())

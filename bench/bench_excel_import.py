"""Benchmark of the Excel imports of issue #5: a year of monthly observations for 200 indicators and
1,000 key projects with monthly investment and milestones, from one workbook.

It builds one .xlsx with two sheets in the office layout — "指标实际值" (200 indicators × 12 months =
2,400 rows) and "重点项目清单" (1,000 projects, each with 12 monthly-investment columns and 8
milestone dates) — and times, through the same services the pages and the API call,

* import:   parse + validate + commit of the whole workbook into an empty year (creates 2,400
            observations, 1,000 projects, 12,000 monthly investments, 3,000 milestones, with history);
* preview:  parse + validate only (what the preview page costs);
* re-import: the same workbook again (every row unchanged: nothing written);

each the median of --runs runs (the data written by a run is removed before the next). It runs in a
throwaway database: a temporary SQLite file, or, with DATABASE_URL set, the test database
"test_<name>" on that PostgreSQL server (created and dropped here; the named database is untouched).

    .venv/bin/python bench/bench_excel_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_h5 .venv/bin/python bench/bench_excel_import.py

Options: --runs N (default 5), --indicators N (default 200), --projects N (default 1000).
The figures go into docs/performance.md, section "Indicators and projects".
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_SCRATCH = tempfile.mkdtemp(prefix="luoshi-bench-")
os.environ.setdefault("LUOSHI_VAR_DIR", _SCRATCH)  # SQLite: never the laptop database under var/

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

YEAR = 2024
TODAY = date(YEAR + 1, 1, 15)  # every month of the year has begun
MONEY_HEADERS = [f"{m}月完成投资(万元)" for m in range(1, 13)]
MILESTONES = ["计划开工", "实际开工", "计划主体完工", "实际主体完工", "计划竣工", "实际竣工"]


def build_workbook(n_indicators: int, n_projects: int, units: list[str]) -> bytes:
    """The two sheets, each under a merged title row, as an office would send them."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("指标实际值")
    sheet.append([f"{YEAR}年主要指标月度完成情况"])
    sheet.append(["序号", "指标名称", "统计期", "实际值", "计量单位", "备注"])
    number = 0
    for i in range(n_indicators):
        for month in range(1, 13):
            number += 1
            sheet.append([number, f"基准指标{i:04d}", f"{YEAR}-{month:02d}", round(10 + i * 0.5 + month * 1.37, 2),
                          "万元", ""])
    sheet = book.create_sheet("重点项目清单")
    sheet.append([f"{YEAR}年重点项目清单(金额单位:万元)"])
    sheet.append(["序号", "项目编号", "项目名称", "年度", "项目类型", "所属工程", "牵头单位", "建设地点", "所属行业",
                  "总投资(万元)", "年度计划投资(万元)", *MONEY_HEADERS, *MILESTONES])
    pipelines = ["在建", "新开工", "竣工"]
    for i in range(n_projects):
        planned = 12000 + (i % 50) * 100
        row: list[Any] = [i + 1, f"BENCH-{i:05d}", f"基准项目{i:05d}", YEAR, pipelines[i % 3],
                          "现代化产业聚集区建设工程", units[i % len(units)], "滨海新区", "先进制造",
                          planned * 10, planned]
        row += [round(planned / 12 * (0.8 + (i + m) % 5 * 0.1), 2) for m in range(1, 13)]
        row += [date(YEAR, 3, 1), date(YEAR, 3, 5 + i % 20), date(YEAR, 9, 30), None, date(YEAR + 1, 6, 30), None]
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def seed_catalogue(n_indicators: int) -> tuple[Any, list[str]]:
    """A supervisor, 20 units and the indicator catalogue with 2024 targets (what exists before the import)."""
    from luoshi.indicators.models import Indicator, IndicatorTarget
    from luoshi.ledger.choices import Role, UnitLevel
    from luoshi.ledger.models import Person, Unit
    from luoshi.projects.models import ProjectBatch

    units = [Unit.objects.create(name=f"基准单位{i:02d}", short_name=f"基准单位{i:02d}", level=UnitLevel.DEPARTMENT)
             for i in range(20)]
    user = get_user_model().objects.create_user(username="bench_supervisor", password="bench-password-123")
    Person.objects.create(user=user, name="基准督查员", role=Role.SUPERVISOR)
    indicators = Indicator.objects.bulk_create([
        Indicator(name=f"基准指标{i:04d}", unit="万元", responsible_unit=units[i % 20]) for i in range(n_indicators)])
    IndicatorTarget.objects.bulk_create([
        IndicatorTarget(indicator=ind, year=YEAR, comparator="eq", value=Decimal(200)) for ind in indicators])
    for pipeline, count in (("under_construction", 583), ("new_start", 212), ("completion", 197)):
        ProjectBatch.objects.create(name=pipeline, pipeline=pipeline, year=YEAR, promised_count=count)
    return user, [u.short_name for u in units]


def clear_imported() -> None:
    """Remove what an import wrote (rows and their history) without signals, so every run starts equal."""
    from luoshi.indicators.models import Observation
    from luoshi.projects.models import KeyProject, ProjectInvestment, ProjectMilestone

    for model in (Observation, ProjectInvestment, ProjectMilestone, KeyProject):
        model.history.all()._raw_delete(model.history.db)  # type: ignore[attr-defined]
        model.objects.all()._raw_delete(model.objects.db)


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()
    logging.disable(logging.INFO)

    from luoshi.indicators.imports import observations_import
    from luoshi.projects.imports import projects_import

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(_SCRATCH) / "bench.sqlite3")  # a file, not :memory:
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        user, units = seed_catalogue(args.indicators)
        started = time.perf_counter()
        data = build_workbook(args.indicators, args.projects, units)
        build_seconds = time.perf_counter() - started

        def run(commit: bool) -> tuple[Any, Any]:
            obs = observations_import(data=data, user=user, filename="bench.xlsx", commit=commit, today=TODAY)
            proj = projects_import(data=data, user=user, year=YEAR, filename="bench.xlsx", commit=commit, today=TODAY)
            assert obs.ok and proj.ok, (obs.problems[:3], proj.problems[:3])
            return obs, proj

        imports, previews, reimports = [], [], []
        for _ in range(args.runs):
            clear_imported()
            previews.append(timed(lambda: run(False)))
            imports.append(timed(lambda: run(True)))
            reimports.append(timed(lambda: run(True)))
        obs, proj = run(False)
        from luoshi.indicators.models import Observation
        from luoshi.projects.models import KeyProject, ProjectInvestment, ProjectMilestone

        counts = (Observation.objects.count(), KeyProject.objects.count(), ProjectInvestment.objects.count(),
                  ProjectMilestone.objects.count())
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)
        shutil.rmtree(_SCRATCH, ignore_errors=True)

    database = f"{connection.vendor} {'(' + test_name + ')' if connection.vendor != 'sqlite' else '(temporary file)'}"
    command = " ".join(["DATABASE_URL=…" if os.environ.get("DATABASE_URL") else ""] +
                       [".venv/bin/python bench/bench_excel_import.py", *sys.argv[1:]]).strip()
    print(f"command:   {command}")
    print(f"database:  {database}")
    print(f"workbook:  {len(data) / 1e6:.2f} MB, {args.indicators * 12} observation rows + {args.projects} project rows"
          f" (built in {build_seconds:.1f} s)")
    print(f"written:   {counts[0]} observations, {counts[1]} projects, {counts[2]} monthly investments, "
          f"{counts[3]} milestones")
    print(f"import   (parse+validate+commit, empty year): median {statistics.median(imports):.2f} s  "
          f"runs {', '.join(f'{t:.2f}' for t in imports)}")
    print(f"preview  (parse+validate, nothing written):   median {statistics.median(previews):.2f} s")
    print(f"re-import (same workbook, all rows unchanged): median {statistics.median(reimports):.2f} s "
          f"({obs.unchanged} + {proj.unchanged} rows unchanged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

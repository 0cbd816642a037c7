"""Builders for project tests."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from luoshi.ledger.models import Unit
from luoshi.projects.models import KeyProject, ProjectBatch, ProjectInvestment, ProjectMilestone

_sequence = itertools.count(1)
TODAY = date(2024, 11, 15)


def batch_factory(pipeline: str = "under_construction", year: int = 2024, count: int = 10,
                  investment: float | None = 100000, **fields: Any) -> ProjectBatch:
    return ProjectBatch.objects.create(name=fields.pop("name", f"批次{next(_sequence)}"), pipeline=pipeline,
                                       year=year, promised_count=count,
                                       promised_investment=None if investment is None else Decimal(str(investment)),
                                       **fields)


def project_factory(name: str | None = None, *, year: int = 2024, code: str | None = None,
                    pipeline: str = "under_construction", lead_unit: Unit | None = None, total: float | None = 10000,
                    planned: float | None = 1200, **fields: Any) -> KeyProject:
    n = next(_sequence)
    return KeyProject.objects.create(
        year=year, code=code or f"P{n:04d}", name=name or f"测试项目{n}", pipeline=pipeline, lead_unit=lead_unit,
        total_investment=None if total is None else Decimal(str(total)),
        planned_investment=None if planned is None else Decimal(str(planned)), **fields)


def invest(project: KeyProject, amounts: dict[int, float], year: int | None = None) -> None:
    for month, amount in amounts.items():
        ProjectInvestment.objects.create(project=project, year=year or project.year, month=month,
                                         amount=Decimal(str(amount)))


def milestone(project: KeyProject, kind: str, planned: date | None = None, actual: date | None = None
              ) -> ProjectMilestone:
    return ProjectMilestone.objects.create(project=project, kind=kind, planned_date=planned, actual_date=actual)

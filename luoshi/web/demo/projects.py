"""Demo data: the three 2024 pipelines of the Binhai work report and a few dozen of their projects.

Pipelines: 583 projects under construction with 7391.6亿元 of total investment, 212 to start with
2515.5亿元, 197 to complete with 1236亿元 — confirmed from the document when extraction found them,
else created here with the report's wording. Projects are the ones the report names (诺和诺德扩建,
三峡南港海上风电, 海工装备二期 …) with invented but plausible money, monthly investment for
January to October 2024 and milestones. Idempotent: batches are matched by year and pipeline,
projects by year and code, investment by month, milestones by kind.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from luoshi.core.history import recording
from luoshi.documents.models import Document
from luoshi.ledger.models import Task, Unit
from luoshi.projects.choices import Pipeline
from luoshi.projects.models import KeyProject, ProjectBatch, ProjectInvestment, ProjectMilestone

YEAR = 2024
LAST_MONTH = 10
INDUSTRY = "现代化产业聚集区建设工程"
SHIPPING = "北方国际航运核心区建设工程"
LIVING = "城乡高品质生活样板区建设工程"
GREEN = "绿色低碳发展新模式试验区建设工程"
JJJ = "京津冀协同发展战略合作功能区建设工程"
INNOVATION = "创新驱动发展示范区建设工程"

# (pipeline, name, statement, promised count, promised investment in 万元)
BATCHES = (
    (Pipeline.UNDER_CONSTRUCTION, "在建项目", "加快总投资7391.6亿元的诺和诺德扩建、大聚合物电池快充产线等583个项目建设",
     583, Decimal("73916000")),
    (Pipeline.NEW_START, "开工项目", "推动总投资2515.5亿元的三峡南港海上风电、海特飞机基地三期等212个项目开工",
     212, Decimal("25155000")),
    (Pipeline.COMPLETION, "竣工项目", "抓好总投资1236亿元的海工装备二期、隐山冷链物流基地等197个项目竣工",
     197, Decimal("12360000")),
)


@dataclass(frozen=True)
class DemoProject:
    name: str
    pipeline: str
    programme: str
    unit: str  # short name in the unit directory
    location: str
    industry: str
    total: int  # 万元
    planned: int  # 万元, this year
    pace: float = 1.0  # how well it keeps to plan (1.0 on plan, 0.6 lagging)
    keywords: tuple[str, ...] = ()


U, N, C = Pipeline.UNDER_CONSTRUCTION, Pipeline.NEW_START, Pipeline.COMPLETION

PROJECTS: tuple[DemoProject, ...] = (
    DemoProject("诺和诺德扩建项目", U, INDUSTRY, "天津港保税区", "天津港保税区", "生物医药", 560000, 120000, 1.05),
    DemoProject("大聚合物电池快充产线项目", U, INDUSTRY, "高新区", "滨海高新区", "新能源", 320000, 90000, 0.95),
    DemoProject("洁美电子北方总部项目", U, INDUSTRY, "经开区", "经开区", "电子信息", 150000, 40000, 0.8),
    DemoProject("光电聚能产研基地", U, INDUSTRY, "高新区", "滨海高新区", "光电", 86000, 30000, 1.0),
    DemoProject("波音三期扩建项目", U, INDUSTRY, "天津港保税区", "临空产业区", "航空航天", 210000, 60000, 0.9),
    DemoProject("北燃LNG二期", U, INDUSTRY, "区发展改革委", "南港工业区", "能源", 1200000, 260000, 1.1),
    DemoProject("渤海海域油气勘探与开发", U, INDUSTRY, "区发展改革委", "渤海海域", "油气", 2800000, 450000, 0.95),
    DemoProject("中石化英力士ABS生产基地", U, INDUSTRY, "区工业和信息化局", "南港工业区", "绿色石化", 980000, 220000,
                0.65),
    DemoProject("GE医疗核磁东半球总部", U, INDUSTRY, "天津港保税区", "天津港保税区", "医疗器械", 120000, 35000, 1.0),
    DemoProject("中国医学科学院细胞产业转化基地", U, INNOVATION, "区科技局", "滨海高新区", "细胞与基因治疗",
                95000, 28000, 0.85, ("细胞",)),
    DemoProject("京滨城际(南段)", U, JJJ, "区交通运输局", "滨海新区", "轨道交通", 1550000, 300000, 1.0),
    DemoProject("津潍高铁(天津段)", U, JJJ, "区交通运输局", "滨海新区", "轨道交通", 2100000, 380000, 0.9),
    DemoProject("京津塘高速改扩建工程", U, JJJ, "区交通运输局", "滨海新区", "公路", 1350000, 240000, 0.75),
    DemoProject("兴港高速", U, SHIPPING, "区交通运输局", "天津港", "公路", 680000, 150000, 1.0),
    DemoProject("天津港北港路南延工程", U, SHIPPING, "区交通运输局", "天津港", "港口集疏运", 240000, 60000, 0.6),
    DemoProject("黄万铁路电气化改造工程(天津段)", U, SHIPPING, "区交通运输局", "滨海新区", "铁路", 310000, 70000, 0.9),
    DemoProject("车站北路跨海河桥", U, LIVING, "区住房建设委", "塘沽", "市政", 290000, 80000, 1.0),
    DemoProject("汉南路改线工程", U, LIVING, "区住房建设委", "塘沽", "市政", 88000, 25000, 0.7),
    DemoProject("塘沽一中新校区", U, LIVING, "区教体局", "塘沽", "教育", 120000, 45000, 1.0, ("学校", "学位")),
    DemoProject("南开大学滨海校区", U, LIVING, "区教体局", "滨海新区", "教育", 450000, 90000, 0.95, ("高等教育",)),
    DemoProject("南港海上光伏项目", U, GREEN, "区生态环境局", "南港工业区", "新能源", 360000, 110000, 0.85, ("光伏",)),
    DemoProject("“大同—天津南”输变电工程", U, GREEN, "区发展改革委", "滨海新区", "电网", 520000, 120000, 1.0),
    DemoProject("临海新城人工减排湿地", U, GREEN, "区生态环境局", "临海新城", "生态修复", 42000, 15000, 0.6,
                ("湿地",)),
    DemoProject("三峡南港海上风电项目", N, GREEN, "区发展改革委", "南港海域", "新能源", 1100000, 80000, 1.0),
    DemoProject("海特飞机基地三期", N, INDUSTRY, "天津港保税区", "临空产业区", "航空维修", 180000, 40000, 0.9),
    DemoProject("恒瑞医药肿瘤创新药项目", N, INDUSTRY, "经开区", "经开区", "生物医药", 160000, 30000, 1.0),
    DemoProject("云南白药核药研发中心", N, INNOVATION, "区科技局", "滨海高新区", "核医药", 65000, 12000, 0.5,
                ("研发",)),
    DemoProject("力容新能源高端利用项目", N, INDUSTRY, "区工业和信息化局", "南港工业区", "新能源", 90000, 20000, 1.0),
    DemoProject("赛德美新能源综合利用基地", N, INDUSTRY, "区工业和信息化局", "临港经济区", "循环经济", 75000, 15000,
                0.7),
    DemoProject("恒河碳五碳九综合利用项目", N, INDUSTRY, "区工业和信息化局", "南港工业区", "绿色石化", 130000, 25000,
                1.0),
    DemoProject("滨唐高速", N, JJJ, "区交通运输局", "滨海新区", "公路", 1480000, 90000, 0.8),
    DemoProject("武警部队博物馆", N, LIVING, "区住房建设委", "于家堡", "文化", 60000, 10000, 1.0),
    DemoProject("滨海国际机场扩建(三期)工程", N, SHIPPING, "区交通运输局", "东丽机场片区", "航空枢纽", 1800000, 60000,
                0.9),
    DemoProject("城市内涝治理三期工程", N, LIVING, "区住房建设委", "塘沽", "排水", 150000, 35000, 1.0, ("内涝",)),
    DemoProject("大港油田殡仪服务中心", N, LIVING, "区住房建设委", "大港", "民生", 18000, 6000, 0.6),
    DemoProject("海工装备二期", C, INDUSTRY, "区工业和信息化局", "临港经济区", "海洋工程装备", 260000, 50000, 1.0),
    DemoProject("隐山冷链物流基地", C, SHIPPING, "东疆", "东疆", "冷链物流", 110000, 30000, 0.9),
    DemoProject("TCL中环叠瓦二期", C, INDUSTRY, "高新区", "滨海高新区", "光伏", 420000, 70000, 1.0),
    DemoProject("亿利催化器项目", C, INDUSTRY, "经开区", "经开区", "汽车零部件", 55000, 12000, 0.65),
    DemoProject("吉利远程新能源商用车工厂", C, INDUSTRY, "经开区", "经开区", "新能源汽车", 300000, 40000, 1.0),
    DemoProject("天智信息项目", C, INDUSTRY, "高新区", "滨海高新区", "人工智能", 90000, 20000, 1.0),
    DemoProject("长城服务器项目", C, INDUSTRY, "高新区", "滨海高新区", "信创", 70000, 18000, 0.85),
    DemoProject("市中心妇产科医院滨海院区", C, LIVING, "区卫生健康委", "于家堡", "医疗", 160000, 25000, 1.0,
                ("医院",)),
    DemoProject("水产品综合交易展示中心", C, LIVING, "区农业农村委", "北塘", "农业", 32000, 9000, 0.8),
    DemoProject("北塘码头提升改造工程", C, LIVING, "区农业农村委", "北塘", "渔港", 26000, 8000, 1.0),
)

MONTHLY_PROFILE = (0.03, 0.04, 0.08, 0.09, 0.09, 0.10, 0.09, 0.09, 0.10, 0.10, 0.10, 0.09)


def project_list_source_among(documents: Iterable[Document]) -> bool:
    """Whether the work report the project list comes from is among `documents` (it states the pipelines)."""
    return any(statement in document.text for document in documents for _p, _n, statement, _c, _i in BATCHES)


def _find_span(statement: str) -> tuple[Document, int, int] | None:
    for document in Document.objects.only("pk", "text"):
        start = document.text.find(statement)
        if start >= 0:
            return document, start, start + len(statement)
    return None


def _batches(user: Any) -> dict[str, ProjectBatch]:
    found: dict[str, ProjectBatch] = {}
    for pipeline, name, statement, count, investment in BATCHES:
        batch = (ProjectBatch.objects.filter(year=YEAR, pipeline=pipeline).order_by("-promised_count").first())
        if batch is None:
            batch = ProjectBatch(year=YEAR, pipeline=pipeline, name=name, statement=statement, promised_count=count,
                                 promised_investment=investment, programme=INDUSTRY)
            span = _find_span(statement)
            if span is not None:
                batch.source_document, batch.source_start, batch.source_end = span
            batch.full_clean()
            with recording(user):
                batch.save()
        elif not batch.programme:
            # The pipelines sit in the report's 现代化产业聚集区建设工程 section ("强化产业链项目拉动支撑").
            ProjectBatch.objects.filter(pk=batch.pk).update(programme=INDUSTRY)
        found[pipeline] = batch
    return found


def start_month(spec: DemoProject, rng: random.Random) -> int:
    """The planned start of a new project: spring to summer (lagging projects later)."""
    return rng.randint(2, 6) if spec.pace >= 0.9 else rng.randint(5, 9)


def _milestones(spec: DemoProject, rng: random.Random) -> list[tuple[str, date | None, date | None]]:
    """(kind, planned, actual) for a project of the demo year, as of the end of October."""
    as_of = date(YEAR, LAST_MONTH, 31)
    lag = 0 if spec.pace >= 0.9 else int((1 - spec.pace) * 120)

    def actual(planned: date) -> date | None:
        done = planned + timedelta(days=lag + rng.randint(-10, 10))
        return done if done <= as_of else None

    if spec.pipeline == Pipeline.NEW_START:
        start = date(YEAR, start_month(spec, rng), rng.randint(1, 28))
        return [("start", start, actual(start)), ("structure", date(YEAR + 1, rng.randint(3, 12), 15), None),
                ("completion", date(YEAR + 2, rng.randint(1, 12), 28), None)]
    if spec.pipeline == Pipeline.COMPLETION:
        start = date(YEAR - 2, rng.randint(1, 12), 10)
        structure = date(YEAR - 1, rng.randint(3, 12), 20)
        completion = date(YEAR, rng.randint(3, 12), rng.randint(1, 28))
        return [("start", start, start), ("structure", structure, structure),
                ("completion", completion, actual(completion)),
                ("operation", completion + timedelta(days=45), actual(completion + timedelta(days=45)))]
    start = date(YEAR - 1, rng.randint(1, 12), 15)
    structure = date(YEAR, rng.randint(4, 12), rng.randint(1, 28))
    return [("start", start, start), ("structure", structure, actual(structure)),
            ("completion", date(YEAR + 1, rng.randint(6, 12), 30), None)]


def projects_demo_load(user: Any = None) -> int:
    """Add the 2024 batches, the demo projects, their investment to October and their milestones;
    returns the number of projects created. Called at the end of the demo loader. Safe to rerun."""
    batches = _batches(user)
    units = {u.short_name: u for u in Unit.objects.all()}
    existing = {p.code: p for p in KeyProject.objects.filter(year=YEAR)}
    created = 0
    reason = _("演示数据")
    for number, spec in enumerate(PROJECTS, start=1):
        code = f"BH{YEAR}-{number:03d}"
        rng = random.Random(zlib.crc32(code.encode()))  # deterministic: a rerun computes the same figures
        project = existing.get(code)
        if project is None:
            project = KeyProject(
                year=YEAR, code=code, name=spec.name, pipeline=spec.pipeline, batch=batches.get(spec.pipeline),
                programme=spec.programme, lead_unit=units.get(spec.unit), location=spec.location,
                industry=spec.industry, total_investment=Decimal(spec.total), planned_investment=Decimal(spec.planned),
                description=_("《2024年政府工作报告》点名的重点项目;金额、进度为演示数据。"),
            )
            project.full_clean()
            with recording(user, reason):
                project.save()
            created += 1
        milestones = _milestones(spec, rng)
        # A new project invests from its start: the year's plan is spread over the months left.
        first = milestones[0][1].month if spec.pipeline == Pipeline.NEW_START and milestones[0][1] else 1
        profile_left = sum(MONTHLY_PROFILE[first - 1:])
        stored_months = set(project.investments.filter(year=YEAR).values_list("month", flat=True))
        for month in range(first, LAST_MONTH + 1):
            if month in stored_months:
                continue
            share = MONTHLY_PROFILE[month - 1] / profile_left * spec.pace * rng.uniform(0.85, 1.15)
            amount = (Decimal(spec.planned) * Decimal(str(round(share, 4)))).quantize(Decimal("0.01"))
            record = ProjectInvestment(project=project, year=YEAR, month=month, amount=amount, entered_by=user)
            with recording(reason=reason):
                record.save()
        stored_kinds = set(project.milestones.values_list("kind", flat=True))
        for kind, planned, actual in milestones:
            if kind in stored_kinds:
                continue
            milestone = ProjectMilestone(project=project, kind=kind, planned_date=planned, actual_date=actual)
            with recording(reason=reason):
                milestone.save()
        for word in spec.keywords or (spec.name[:4],):
            for task in Task.objects.filter(title__contains=word).order_by("code")[:2]:
                project.tasks.add(task)
    for batch in batches.values():
        for task in Task.objects.filter(title__contains="项目").order_by("code")[:1]:
            batch.tasks.add(task)
    return created

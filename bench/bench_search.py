"""Benchmark of the public search (portal.selectors.measure_search) at 100,000 published measures.

Builds, once per database, 100,000 published tasks whose titles and public explanations are
drawn from phrase pools (so words recur the way they do in a province's plans), indexes them
with the portal's own `measures_reindex` (jieba, then the token table), and times a mix of
searches through the public page and the API: a two-character word, a longer word, two words, a
single character, a word no measure holds, and the enterprise finder (industry + area). Each
search is also run in the LIKE form the index replaced, for comparison.

    .venv/bin/python bench/bench_search.py                                   # SQLite, a file under /tmp
    createdb -h 127.0.0.1 -U postgres luoshi_scale                           # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_scale .venv/bin/python bench/bench_search.py

Options: --measures N (default 100000), --runs N (default 15), --no-like (skip the LIKE form).
The figures go into docs/performance.md ("Public search").
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from typing import Any

import page_setup  # bench/ is the script's folder

page_setup.setup("sqlite:////tmp/luoshi_bench_search.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from luoshi.ledger.choices import TaskLevel, TaskStatus, UnitLevel  # noqa: E402
from luoshi.ledger.models import Task, Unit  # noqa: E402
from luoshi.portal import search  # noqa: E402
from luoshi.portal.models import PublishedMeasure, SearchToken  # noqa: E402
from luoshi.portal.selectors import measure_search, published_tasks  # noqa: E402
from luoshi.portal.services import measures_reindex  # noqa: E402

PREFIX = "SRCH-"
VERBS = ["推进", "建设", "实施", "支持", "培育", "完善", "推动", "加快", "深化", "优化", "落实", "打造"]
OBJECTS = ["海河实验室", "港口航运枢纽", "绿色低碳转型", "数字经济核心产业", "营商环境改革", "人才引育计划",
           "科技成果转化", "先进制造业集群", "生物医药产业园", "跨境电商综合试验区", "城市更新项目", "乡村振兴示范区",
           "新能源汽车产业链", "智慧港口", "普惠金融服务", "医疗卫生服务体系", "职业教育改革", "文化旅游融合",
           "5G基站", "氢能示范应用"]
EXPLANATIONS = ["对符合条件的企业给予最高{n}万元补助。", "面向全市中小企业开放申报,每年评审两次。",
                "企业可通过政务服务网在线申请,{n}个工作日内办结。", "对新认定的项目按投资额的百分之{n}给予奖励。",
                "支持企业与高校、科研院所联合开展技术攻关。", "优先保障用地、用能和融资需求。"]
INDUSTRIES = ["生物医药", "智能制造", "新材料", "新能源", "航运物流", "金融", "软件和信息服务", "文化旅游"]
AREAS = ["滨海新区", "和平区", "河西区", "南开区", "武清区", "宝坻区", "临港经济区", "滨海高新区"]
BATCH = 5000

SEARCHES: list[tuple[str, dict[str, str]]] = [
    ("two-character word", {"q": "港口"}),
    ("longer word", {"q": "海河实验室"}),
    ("two words", {"q": "人才 补助"}),
    ("single character", {"q": "氢"}),
    ("word no measure holds", {"q": "量子计算"}),
    ("finder: industry + area", {"industry": "生物医药", "area": "滨海新区"}),
]


def build(n: int) -> None:
    if Task.objects.filter(code__startswith=PREFIX).exists():
        print(f"reusing {Task.objects.filter(code__startswith=PREFIX).count():,} tasks", flush=True)
        return
    rng = random.Random(15)
    units = [Unit.objects.get_or_create(name=f"检索测试单位{i:02d}",
                                        defaults={"level": UnitLevel.DISTRICT, "code": f"SRCH{i:02d}"})[0]
             for i in range(40)]
    started = time.perf_counter()
    rows: list[Task] = []
    for i in range(n):
        obj = rng.choice(OBJECTS)
        explanation = "".join(rng.choice(EXPLANATIONS).format(n=rng.randint(2, 50)) for _ in range(2))
        rows.append(Task(
            code=f"{PREFIX}{i:06d}", title=f"{rng.choice(VERBS)}{obj}第{i}项举措", level=TaskLevel.DISTRICT,
            category=obj[:4], lead_unit=rng.choice(units), status=rng.choice(list(TaskStatus.values)),
            is_public=True, public_explanation=f"{obj}:{explanation}",
            applies_to_industries="、".join(rng.sample(INDUSTRIES, rng.randint(0, 2))),
            applies_to_areas="、".join(rng.sample(AREAS, rng.randint(0, 2)))))
        if len(rows) == BATCH:
            Task.objects.bulk_create(rows)
            rows = []
    Task.objects.bulk_create(rows)
    print(f"tasks: {n:,} in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    indexed, _removed = measures_reindex()
    print(f"index: {indexed:,} measures, {SearchToken.objects.count():,} entries in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def like_rows(params: dict[str, str]) -> Any:
    """The LIKE form the index replaced (for comparison): a scan of every published row."""
    rows = published_tasks().select_related("lead_unit")
    query = search.parse_query(params.get("q", ""))
    if not query.empty:
        rows = rows.filter(search.query_condition(query, "published__search_text"))
    if params.get("industry"):
        rows = rows.filter(search.any_of("published__industries", [params["industry"]])
                           | search.Q(published__industries=""))
    if params.get("area"):
        rows = rows.filter(search.any_of("published__areas", [params["area"]]) | search.Q(published__areas=""))
    return rows.order_by("code")


def timed(action: Any, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-like", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    build(args.measures)
    search.parse_query("预热")  # load jieba's dictionary before timing
    client = Client()
    print(f"\n{connection.vendor}, {PublishedMeasure.objects.count():,} published measures, "
          f"{SearchToken.objects.count():,} index entries, load average {os.getloadavg()[0]:.1f}\n")
    print("| search | matches | page (median / p90) | API (median / p90) | LIKE form, first page |")
    print("| --- | --- | --- | --- | --- |")
    for label, params in SEARCHES:
        matches = measure_search(q=params.get("q", ""), industry=params.get("industry", ""),
                                 area=params.get("area", "")).count()
        page = timed(lambda p=params: client.get("/public/measures/", p), args.runs)
        api = timed(lambda p=params: client.get("/api/v1/public/measures", p), args.runs)
        like = "—"
        if not args.no_like:  # what the page did before: a capped count and the first page, by LIKE
            before = timed(lambda p=params: (like_rows(p)[:10001].count(), list(like_rows(p)[:20])),
                           max(3, args.runs // 5))
            like = f"{before[0]:.0f} ms"
        print(f"| {label} | {matches:,} | {page[0]:.0f} / {page[1]:.0f} ms | {api[0]:.0f} / {api[1]:.0f} ms | {like} |",
              flush=True)


if __name__ == "__main__":
    main()

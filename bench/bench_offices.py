"""Benchmark of office-scoped visibility (ledger.offices, ledger.permissions) at province scale.

Builds, in a fresh database of its own (SQLite in a temporary folder unless DATABASE_URL is set),
a unit tree of about 200 offices — a national commission, a province and 15 cities (each a
government with its commission), 180 district governments each with its supervision office and
15 bureaus, about 3,100 units — and N tasks (default 100,000) over four levels, each owned by an
office, led by a bureau and with up to two co-units. Then times, per request as a page pays
it (the office's scope is computed afresh each time), the median of `--runs` rounds of:

- the scope itself (the jurisdiction's unit ids, one query over the unit tree);
- counting the tasks a district supervisor, a city supervisor and a reporter may see, and
  reading the first page of 50 by code (`tasks_visible_to`: one UNION of index scans);
- for comparison, the same counts written the other ways: the reporter's as it was before
  offices (a join over co-units with DISTINCT), the three conditions OR-ed with the co-units as a
  semi-join (the form before the UNION), and every scope with a correlated EXISTS over the
  co-units.

    .venv/bin/python bench/bench_offices.py [--tasks N] [--runs N]

The figures go into docs/performance.md ("Offices: scoped visibility").
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LUOSHI_VAR_DIR", tempfile.mkdtemp(prefix="luoshi-bench-"))
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Exists, OuterRef, Q  # noqa: E402

from luoshi.ledger.choices import Role, TaskLevel, UnitLevel  # noqa: E402
from luoshi.ledger.models import Person, Task, Unit  # noqa: E402
from luoshi.ledger.offices import scope_of  # noqa: E402
from luoshi.ledger.permissions import tasks_visible_to  # noqa: E402

CITIES, DISTRICTS, BUREAUS = 15, 12, 15


def _unit(name: str, level: str, parent: Unit | None = None, office: bool = False) -> Unit:
    return Unit.objects.create(name=name, level=level, parent=parent, is_office=office)


def build(n: int) -> dict[str, Any]:
    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(7)
    national_office = _unit("国家发展改革委", UnitLevel.NATIONAL, office=True)
    ministries = [_unit(f"部委{i}", UnitLevel.NATIONAL) for i in range(10)]
    province = _unit("省人民政府", UnitLevel.CITY)
    province_office = _unit("省发展改革委", UnitLevel.CITY, province, office=True)
    city_offices: list[Unit] = []
    district_offices: list[tuple[Unit, list[Unit], int]] = []  # (office, bureaus, city index)
    for c in range(CITIES):
        city = _unit(f"市{c}人民政府", UnitLevel.CITY, province)
        city_offices.append(_unit(f"市{c}发展改革委", UnitLevel.CITY, city, office=True))
        for d in range(DISTRICTS):
            district = _unit(f"市{c}区{d}人民政府", UnitLevel.DISTRICT, city)
            office = _unit(f"市{c}区{d}政府办", UnitLevel.DEPARTMENT, district, office=True)
            bureaus = [_unit(f"市{c}区{d}局{b}", UnitLevel.DEPARTMENT, district) for b in range(BUREAUS)]
            district_offices.append((office, bureaus, c))
    by_city: dict[int, list[Unit]] = {}
    for _office, bureaus, c in district_offices:
        by_city.setdefault(c, []).extend(bureaus)

    tasks: list[Task] = []
    co_pairs: list[tuple[int, list[int]]] = []
    for i in range(n):
        roll = rng.random()
        _d_office, bureaus, c = rng.choice(district_offices)
        if roll < 0.03:
            level, office, lead = TaskLevel.NATIONAL, national_office, rng.choice(ministries + bureaus)
        elif roll < 0.15:
            level, office = TaskLevel.CITY, rng.choice([province_office, city_offices[c]])
            lead = rng.choice(bureaus)  # a city task falls to a district's bureau
        else:
            level, office, lead = (TaskLevel.DISTRICT if roll < 0.70 else TaskLevel.ZONE), _d_office, rng.choice(bureaus)
        tasks.append(Task(code=f"O-{i:06d}", title=f"任务{i}", level=level, office=office, lead_unit=lead))
        co_pairs.append((i, [u.pk for u in rng.sample(by_city[c], rng.randint(0, 2))]))
    Task.objects.bulk_create(tasks, batch_size=5000)
    ids = dict(Task.objects.values_list("code", "pk"))
    through = Task.co_units.through
    through.objects.bulk_create(
        [through(task_id=ids[f"O-{i:06d}"], unit_id=u) for i, units in co_pairs for u in units], batch_size=5000)

    User = get_user_model()

    def person(username: str, role: str, unit: Unit, office: Unit | None) -> Any:
        user = User.objects.create(username=username)
        Person.objects.create(user=user, name=username, role=role, unit=unit, office=office)
        return User.objects.get(pk=user.pk)

    district_office, district_bureaus, city_index = district_offices[0]
    return {
        "district supervisor": person("district", Role.SUPERVISOR, district_office, district_office),
        "city supervisor": person("city", Role.SUPERVISOR, city_offices[city_index], city_offices[city_index]),
        "reporter": person("reporter", Role.REPORTER, district_bureaus[0], None),
        "units": Unit.objects.count(),
        "offices": Unit.objects.filter(is_office=True).count(),
        "reporter_unit": district_bureaus[0].pk,
    }


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def fresh(user: Any) -> Any:
    """The user as a new request sees it: no scope kept from the last round."""
    if hasattr(user, "_luoshi_office_scope"):
        delattr(user, "_luoshi_office_scope")
    return user


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    world = build(args.tasks)
    print(f"{args.tasks} tasks, {world['units']} units, {world['offices']} offices, "
          f"database {os.environ.get('DATABASE_URL', 'SQLite')}, median of {args.runs}")
    for who in ("district supervisor", "city supervisor"):
        user = world[who]
        ms, scope = median_ms(lambda u=user: scope_of(fresh(u)), args.runs)
        print(f"{who}: scope ({len(scope.unit_ids)} units): {ms:.1f} ms")  # type: ignore[attr-defined]
    for who in ("district supervisor", "city supervisor", "reporter"):
        user = world[who]
        ms, count = median_ms(lambda u=user: tasks_visible_to(fresh(u)).count(), args.runs)
        print(f"{who}: count of visible tasks ({count}): {ms:.1f} ms")
        ms, rows = median_ms(lambda u=user: list(tasks_visible_to(fresh(u)).order_by("code")[:50]), args.runs)
        print(f"{who}: first page of 50 by code: {ms:.1f} ms")
    unit = world["reporter_unit"]
    ms, count = median_ms(
        lambda: Task.objects.filter(Q(lead_unit_id=unit) | Q(co_units=unit)).distinct().count(), args.runs)
    print(f"reporter, as before offices (join + DISTINCT) ({count}): {ms:.1f} ms")
    through = Task.co_units.through
    for who in ("district supervisor", "city supervisor"):
        scope = scope_of(fresh(world[who]))
        assert scope is not None
        ids = scope.sorted_ids
        correlated = (Q(office_id__in=ids) | Q(lead_unit_id__in=ids)
                      | Q(Exists(through.objects.filter(task_id=OuterRef("pk"), unit_id__in=ids))))
        ms, count = median_ms(lambda q=correlated: Task.objects.filter(q).count(), min(args.runs, 5))
        print(f"{who}, with a correlated EXISTS ({count}): {ms:.1f} ms")
    # The form before the UNION: the same three conditions OR-ed, the co-units a semi-join.
    for who in ("district supervisor", "city supervisor"):
        scope = scope_of(fresh(world[who]))
        assert scope is not None
        ids = scope.sorted_ids
        or_ed = (Q(office_id__in=ids) | Q(lead_unit_id__in=ids)
                 | Q(pk__in=through.objects.filter(unit_id__in=ids).values("task_id")))
        ms, count = median_ms(lambda q=or_ed: Task.objects.filter(q).count(), args.runs)
        print(f"{who}, the conditions OR-ed ({count}): {ms:.1f} ms")
        ms, _rows = median_ms(lambda q=or_ed: list(Task.objects.filter(q).order_by("code")[:50]), args.runs)
        print(f"{who}, the conditions OR-ed, first page of 50 by code: {ms:.1f} ms")
    or_ed = Q(lead_unit_id=unit) | Q(pk__in=through.objects.filter(unit_id=unit).values("task_id"))
    ms, count = median_ms(lambda: Task.objects.filter(or_ed).count(), args.runs)
    print(f"reporter, the conditions OR-ed ({count}): {ms:.1f} ms")
    correlated = Q(lead_unit_id=unit) | Q(Exists(through.objects.filter(task_id=OuterRef("pk"), unit_id=unit)))
    ms, count = median_ms(lambda: Task.objects.filter(correlated).count(), args.runs)
    print(f"reporter, with a correlated EXISTS ({count}): {ms:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Load benchmark: a page mix against gunicorn on PostgreSQL, driven by wrk, with /health alongside.

Run ``bench/load/build_data.py`` first (same DATABASE_URL). This script then:

1. starts gunicorn (``--workers 2``) on 127.0.0.1, once with the battle map's cache as
   configured (warm) and once with it off (cold);
2. opens a session for each persona (supervisor, reporter of a zone unit, leader) and a bearer
   token for the API;
3. runs wrk on every page of the mix for ``--seconds`` each at ``--clients`` connections (and
   again at ``--clients-high``), with ``/health`` measured in the same run; before each page,
   and before deadline day, it waits until the workers have served what the last wrk left;
4. prints per page: req/s, p50, p95, p99, errors and the share of ``/health``'s throughput;
5. runs "deadline day": ``--reporters`` reporters each submit their period's report through the
   API within ``--spread`` seconds, and checks against the database that every acknowledged
   report is stored exactly once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_load .venv/bin/python bench/load/run_load.py

Needs Debian's ``wrk``. Only addresses on this machine are used; every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luoshi_load")
os.environ.setdefault("SECRET_KEY", "load-benchmark-only-" + "x" * 40)

import django  # noqa: E402

django.setup()

import build_data  # noqa: E402  (the builder: its data is built around today)
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from luoshi.core.pagination import cursor_encode, max_page_number  # noqa: E402
from luoshi.ledger.backends import user_forget  # noqa: E402
from luoshi.ledger.views.tasks import PAGE_SIZE as LEDGER_PAGE_SIZE  # noqa: E402

LUA = Path(__file__).with_name("report.lua")



@dataclass
class Page:
    name: str
    path: str
    persona: str  # "supervisor", "reporter", "leader", "office:<level>", "public" or "token:<persona>"
    cold: bool = False


@dataclass
class Result:
    page: Page
    clients: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def session_cookie(username: str) -> str:
    """A logged-in session for ``username``, written to the session store the servers read."""
    user = get_user_model().objects.get(username=username)
    # A copy of this user kept in Redis by an earlier run, over data built since, must not serve.
    user_forget(user.pk)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one a password sign-in records
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def bearer_token(username: str) -> str:
    from luoshi.api.models import ApiToken

    user = get_user_model().objects.get(username=username)
    _record, raw = ApiToken.issue(user=user, name=f"load benchmark {uuid.uuid4().hex[:8]}")
    return raw


def sample_ids() -> dict[str, Any]:
    """A task with its twelve reports (serving a key project and an indicator, where the data has
    them), a national task with the most beneath it, a zone reporter's unit and the code four
    fifths down the ledger, from the benchmark data."""
    with connection.cursor() as cursor:
        cursor.execute("""SELECT id, lead_unit_id FROM ledger_task t WHERE code LIKE 'LOAD-Z-%%'
                          ORDER BY EXISTS (SELECT 1 FROM projects_keyproject_tasks k WHERE k.task_id = t.id)
                                   AND EXISTS (SELECT 1 FROM indicators_indicator_tasks i WHERE i.task_id = t.id) DESC,
                                   id LIMIT 1""")
        task_id, unit_id = cursor.fetchone()
        cursor.execute("SELECT id FROM ledger_task WHERE code LIKE 'LOAD-N-%%' ORDER BY descendants_count DESC, id "
                       "LIMIT 1")
        (parent_id,) = cursor.fetchone()
        cursor.execute("SELECT code FROM ledger_task WHERE code LIKE 'LOAD-%%' ORDER BY code "
                       "OFFSET (SELECT count(*) * 4 / 5 FROM ledger_task WHERE code LIKE 'LOAD-%%') LIMIT 1")
        (deep_code,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM ledger_task WHERE code LIKE 'LOAD-%%'")
        (tasks,) = cursor.fetchone()
        cursor.execute("SELECT u.username FROM ledger_person p JOIN auth_user u ON u.id = p.user_id "
                       "WHERE p.unit_id = %s AND p.role = 'reporter'", [unit_id])
        (reporter,) = cursor.fetchone()
    return {"task": task_id, "parent": parent_id, "unit": unit_id, "tasks": tasks, "reporter": reporter,
            "deep_cursor": cursor_encode("a", [deep_code])}


def page_mix(ids: dict[str, Any]) -> list[Page]:
    # The deepest page reachable by number (the count and OFFSET stop at COUNT_CAP rows), and a
    # page four fifths down the ledger, reached as every next link reaches it: by a cursor.
    deepest_numbered = max_page_number(LEDGER_PAGE_SIZE)
    return [
        Page("battle map data, cached", "/briefings/dashboard/data.json", "supervisor"),
        Page("battle map data, cold, supervisor", "/briefings/dashboard/data.json", "supervisor", cold=True),
        Page("battle map data, cold, reporter", "/briefings/dashboard/data.json", "reporter", cold=True),
        Page("battle map data, cold, one unit+level",
             f"/briefings/dashboard/data.json?level=zone&unit={ids['unit']}", "leader", cold=True),
        Page("ledger list, page 1", "/ledger/", "supervisor"),
        Page("ledger list, deepest numbered page", f"/ledger/?page={deepest_numbered}", "supervisor"),
        Page("ledger list, a deep page (cursor)", f"/ledger/?cursor={ids['deep_cursor']}", "supervisor"),
        Page("ledger list, a district office", "/ledger/", "office:district"),
        # The national office oversees a third of the province's tasks and a city office 7 %: their
        # visible sets are large, where a district office's is 2 % of them.
        Page("ledger list, a city office", "/ledger/", "office:city"),
        Page("ledger list, the national office", "/ledger/", "office:national"),
        Page("a reporter's ledger", "/ledger/", "reporter"),
        Page("task detail (12 reports, history)", f"/ledger/tasks/{ids['task']}/", "supervisor"),
        Page("task detail, a national parent (roll-up)", f"/ledger/tasks/{ids['parent']}/", "supervisor"),
        Page("task detail, its lead unit's reporter", f"/ledger/tasks/{ids['task']}/", "reporter"),
        Page("coverage, supervisor", "/briefings/coverage/", "supervisor"),
        Page("coverage, a district office", "/briefings/coverage/", "office:district"),
        Page("battle map data, cold, a district office", "/briefings/dashboard/data.json", "office:district",
             cold=True),
        # The largest scope a reader has: the national office's 31,815 tasks, counted cold.
        Page("battle map data, cold, the national office", "/briefings/dashboard/data.json", "office:national",
             cold=True),
        Page("home, leader", "/", "leader"),
        Page("public search", "/public/measures/?q=%E8%B7%A8%E5%A2%83%E7%94%B5%E5%95%86", "public"),
        Page("API task list, supervisor", "/api/v1/tasks", "token:supervisor"),
        Page("API task list, reporter", "/api/v1/tasks", "token:reporter"),
        Page("API task list, a district office", "/api/v1/tasks", "token:office:district"),
    ]


class Server:
    """gunicorn with two workers on a free local port; stopped on exit."""

    def __init__(self, port: int, *, cold: bool, workers: int) -> None:
        env = dict(os.environ, LUOSHI_DASHBOARD_CACHE_SECONDS="0" if cold else "60", DEBUG="0")
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer /health within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def run_wrk(url: str, *, clients: int, seconds: int, headers: list[str]) -> dict[str, float]:
    command = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(LUA)]
    for header in headers:
        command += ["-H", header]
    completed = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60, check=False)
    for line in completed.stdout.splitlines():
        if line.startswith("LOADJSON "):
            return dict(json.loads(line[len("LOADJSON "):]))
    raise SystemExit(f"wrk gave no result for {url}: {completed.stdout}\n{completed.stderr}")


def wait_until_idle(port: int, *, quick_ms: float = 20.0, in_a_row: int = 3, limit_s: float = 60.0) -> None:
    """Wait until /health answers quickly `in_a_row` times: when wrk stops, the workers still serve
    the requests it had sent (up to one per client, a second each for a slow page at 32 clients),
    and what is measured next would queue behind them."""
    deadline, quick = time.monotonic() + limit_s, 0
    while quick < in_a_row and time.monotonic() < deadline:
        began = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=limit_s) as response:
            response.read()
        quick = quick + 1 if (time.perf_counter() - began) * 1000 < quick_ms else 0
        time.sleep(0.05)


def measure(server: Server, page: Page, auth: dict[str, str], *, clients: int, seconds: int,
            warmups: int = 4) -> Result:
    wait_until_idle(server.port)
    headers: list[str] = []
    if page.persona.startswith("token:"):
        headers.append(f"Authorization: Bearer {auth[page.persona]}")
    elif page.persona != "public":
        headers.append(f"Cookie: {auth[page.persona]}")
    # A few requests first, so each worker has loaded what it loads once (the search dictionary,
    # templates) and the cached page is in the cache: the figures are of the steady state.
    for _ in range(warmups):
        urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{server.port}{page.path}", headers=dict(h.split(": ", 1) for h in headers)),
            timeout=60).read()
    raw = run_wrk(f"http://127.0.0.1:{server.port}{page.path}", clients=clients, seconds=seconds, headers=headers)
    rps = raw["requests"] / (raw["duration_us"] / 1e6)
    return Result(page, clients, rps, raw["p50"] / 1000, raw["p95"] / 1000, raw["p99"] / 1000, int(raw["errors"]))


def print_table(results: list[Result], health: dict[int, Result]) -> None:
    print(f"\n{'page':<42} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>6} {'share of /health':>16}")
    for result in results:
        base = health[result.clients].rps
        print(f"{result.page.name:<42} {result.clients:>7} {result.rps:>8.1f} {result.p50_ms:>8.1f} "
              f"{result.p95_ms:>8.1f} {result.p99_ms:>8.1f} {result.errors:>6} {result.rps / base:>16.3f}")


def deadline_day(port: int, *, reporters: int, spread: float) -> None:
    """Each of ``reporters`` reporters submits the report of the period due now for one task of
    theirs, all within ``spread`` seconds; then the database is checked."""
    from luoshi.reports.models import ProgressReport

    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT DISTINCT ON (p.unit_id) u.username, t.id
            FROM ledger_person p JOIN auth_user u ON u.id = p.user_id
            JOIN ledger_task t ON t.lead_unit_id = p.unit_id AND t.code LIKE 'LOAD-%%' AND t.deadline >= CURRENT_DATE
            WHERE p.role = 'reporter' ORDER BY p.unit_id, t.id LIMIT %s""", [reporters])
        pairs = cursor.fetchall()
        # Make room: the builder already wrote last month's report for every task.
        cursor.execute("DELETE FROM reports_evidence WHERE report_id IN (SELECT id FROM reports_progressreport "
                       "WHERE task_id = ANY(%s) AND period_start >= date_trunc('month', CURRENT_DATE) - interval '1 month')",
                       [[task for _user, task in pairs]])
        cursor.execute("DELETE FROM reports_progressreport WHERE task_id = ANY(%s) "
                       "AND period_start >= date_trunc('month', CURRENT_DATE) - interval '1 month'",
                       [[task for _user, task in pairs]])
    tokens = {username: bearer_token(username) for username, _task in pairs}
    latencies: list[float] = []
    acknowledged: list[tuple[int, int]] = []
    failures: list[str] = []
    slowest: list[tuple[float, float, int]] = []  # (latency, seconds after the first could start, task)
    lock = threading.Lock()
    rng = random.Random(15)
    start_at = time.monotonic() + 1
    started = time.perf_counter() + 1

    def submit(username: str, task_id: int, delay: float) -> None:
        time.sleep(max(0.0, start_at + delay - time.monotonic()))
        body = json.dumps({"task_id": task_id, "narrative": "截止日集中填报：本期按计划推进。", "percent_done": 60,
                           "submit": True}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/reports/", data=body, method="POST",
                                         headers={"Authorization": f"Bearer {tokens[username]}",
                                                  "Content-Type": "application/json",
                                                  "Idempotency-Key": f"load-{task_id}"})
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = json.loads(response.read())
                with lock:
                    latencies.append(time.perf_counter() - began)
                    slowest.append((time.perf_counter() - began, began - started, task_id))
                    acknowledged.append((task_id, int(payload["id"])))
        except urllib.error.HTTPError as error:
            with lock:
                latencies.append(time.perf_counter() - began)
                failures.append(f"{username} task {task_id}: HTTP {error.code} {error.read()[:200]!r}")
        except (urllib.error.URLError, TimeoutError) as error:
            with lock:
                failures.append(f"{username} task {task_id}: {error}")

    threads = [threading.Thread(target=submit, args=(username, task, rng.uniform(0, spread)))
               for username, task in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=spread + 120)
    stored = {task: ProgressReport.objects.filter(task_id=task, idempotency_key=f"load-{task}").count()
              for task, _report in acknowledged}
    wrong = {task: n for task, n in stored.items() if n != 1}
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000 if len(latencies) >= 20 else float("nan")
    print(f"\ndeadline day: {len(pairs)} reporters within {spread:.0f} s: {len(acknowledged)} acknowledged, "
          f"{len(failures)} failed, p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95:.0f} ms; "
          f"stored exactly once: {'yes' if not wrong and len(stored) == len(acknowledged) else f'NO {wrong}'}")
    print("  slowest: " + ", ".join(f"{latency * 1000:.0f} ms at +{at:.1f} s (task {task})"
                                    for latency, at, task in sorted(slowest, reverse=True)[:8]))
    for failure in failures[:10]:
        print("  ", failure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15, help="wrk duration per page")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--clients-high", type=int, default=32, help="second pass; 0 to skip")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--reporters", type=int, default=200)
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which the reporters submit")
    parser.add_argument("--only", default="", help="run only pages whose name contains this text")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The load benchmark runs on PostgreSQL: set DATABASE_URL.")
    build_data.refuse_business_date()
    call_command("collectstatic", "--noinput", verbosity=0)  # the servers run with DEBUG off
    ids = sample_ids()
    auth = {
        "supervisor": session_cookie("load_supervisor_1"),
        "leader": session_cookie("load_leader_1"),
        "reporter": session_cookie(ids["reporter"]),
        "token:supervisor": bearer_token("load_supervisor_1"),
        "token:reporter": bearer_token(ids["reporter"]),
        "office:district": session_cookie("load_office_district"),
        "office:city": session_cookie("load_office_city"),
        "office:national": session_cookie("load_office_national"),
        "token:office:district": bearer_token("load_office_district"),
    }
    pages = [page for page in page_mix(ids) if args.only in page.name]
    client_counts = [args.clients] + ([args.clients_high] if args.clients_high else [])
    results: list[Result] = []
    health: dict[int, Result] = {}
    for cold in (False, True):
        server = Server(args.port, cold=cold, workers=args.workers)
        try:
            for clients in client_counts:
                if not cold:
                    health[clients] = measure(server, Page("/health", "/health", "public"), auth,
                                              clients=clients, seconds=args.seconds)
                for page in pages:
                    if page.cold == cold:
                        results.append(measure(server, page, auth, clients=clients, seconds=args.seconds,
                                               warmups=2 * args.workers))
                        print(f"  measured {page.name} at {clients} clients", flush=True)
            if not cold and args.reporters:
                wait_until_idle(args.port)
                deadline_day(args.port, reporters=args.reporters, spread=args.spread)
        finally:
            server.stop()
    print_table([health[c] for c in client_counts] + sorted(results, key=lambda r: (r.clients, r.page.name)), health)


if __name__ == "__main__":
    main()

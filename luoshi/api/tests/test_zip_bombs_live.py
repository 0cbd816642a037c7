"""Two workbook zip bombs and a Word zip bomb posted at once to a running gunicorn with two
workers, while a client polls /health (issue 13's bar, against a real server).

What is asserted is behaviour, not speed: every bomb is answered with a 4xx JSON error in
Chinese, every /health poll is answered 200, no worker is killed or replaced (the master would
restart one that hit its timeout), and each worker's peak memory (VmHWM in /proc) stays a few
hundred MB (before the upload checks, one ~1 MB bomb took 2–3 GB). The time each answer took is
printed and written to artifacts/zip_bombs_live.json; the figures are in docs/performance.md.

The server runs against a copy of the test database: on SQLite the in-memory test database is
copied to a file (sqlite3's backup API), on PostgreSQL the server connects to the test database
itself (the test is transactional, so what it wrote is committed).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from luoshi.api.services import token_issue
from luoshi.core.tests.zipbombs import SHEET_HEAD, SHEET_TAIL, bomb, docx_skeleton, xlsx_skeleton
from luoshi.ledger.tests.factories import Personas

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
# About 1 MB on the wire each: 1 GB of one letter or of zeros, deflated about 1000 times.
BOMB_MEGABYTES = 1024
# A worker's peak resident memory: Django and the apps take about 100–150 MB; a bomb that was
# parsed would take gigabytes.
MAX_WORKER_PEAK_MB = 400
# Generous bounds so that a busy machine does not fail the test; the figures are printed.
POLL_TIMEOUT_SECONDS = 20
STARTUP_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url(tmp_path: Path) -> str:
    """A database address the server can open with the test's rows in it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = tmp_path / "server.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"


def _multipart(field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _post(url: str, token: str, filename: str, data: bytes) -> dict[str, Any]:
    body, content_type = _multipart("file", filename, data)
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": content_type, "Accept-Language": "zh-hans"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    return {"status": status, "body": payload.decode("utf-8", "replace"),
            "seconds": round(time.perf_counter() - started, 3)}


def _worker_pids(master: int) -> set[int]:
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.add(int(entry.name))
    return children


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.fixture
def server(tmp_path: Path, personas: Personas) -> Any:
    _token, raw = token_issue(actor=personas.supervisor, user=personas.supervisor, name="zip bombs", scope="write",
                              expires_at=timezone.now() + timedelta(days=1))
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(tmp_path), "SECRET_KEY": "zip-bomb-test-key",
           "LUOSHI_VAR_DIR": str(tmp_path / "var"), "DEBUG": "", "ALLOWED_HOSTS": "127.0.0.1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "30", "--graceful-timeout", "5", "--error-logfile", "-"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "gunicorn.log", "wb"))  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=5) as response:
                    if response.status == 200 and len(_worker_pids(process.pid)) == 2:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((tmp_path / "gunicorn.log").read_text("utf-8", "replace")[-4000:])
            time.sleep(0.5)
        yield {"base": base, "token": raw, "master": process.pid, "log": tmp_path / "gunicorn.log"}
    finally:
        process.terminate()  # the master we started, by its pid; it stops its workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_two_workbook_bombs_and_a_word_bomb_at_once_leave_health_answering(server: dict[str, Any]) -> None:
    xlsx_bomb = bomb(xlsx_skeleton(), part="xl/worksheets/sheet1.xml", megabytes=BOMB_MEGABYTES, fill=b"A",
                     head=SHEET_HEAD, tail=SHEET_TAIL)
    docx_bomb = bomb(docx_skeleton(), part="word/document.xml", megabytes=BOMB_MEGABYTES)
    assert len(xlsx_bomb) < 2 * 1024 * 1024 and len(docx_bomb) < 2 * 1024 * 1024
    base, token = server["base"], server["token"]
    workers_before = _worker_pids(server["master"])

    polls: list[tuple[int, float]] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + "/health", timeout=POLL_TIMEOUT_SECONDS) as response:
                    status = response.status
            except (OSError, urllib.error.HTTPError) as error:
                status = getattr(error, "code", 0)
            polls.append((status, time.perf_counter() - started))
            time.sleep(0.05)

    answers: dict[str, dict[str, Any]] = {}

    def post(name: str, path: str, filename: str, data: bytes) -> None:
        answers[name] = _post(base + path, token, filename, data)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.3)
    uploads = [threading.Thread(target=post, args=args) for args in (
        ("xlsx_1", "/api/v1/indicators/import", "bomb-1.xlsx", xlsx_bomb),
        ("xlsx_2", "/api/v1/indicators/import?commit=true", "bomb-2.xlsx", xlsx_bomb),
        ("docx", "/api/v1/documents", "bomb.docx", docx_bomb),
    )]
    started = time.perf_counter()
    for upload in uploads:
        upload.start()
    for upload in uploads:
        upload.join(timeout=180)
    all_answered = time.perf_counter() - started
    time.sleep(0.5)
    stop.set()
    poller.join(timeout=POLL_TIMEOUT_SECONDS + 5)

    workers_after = _worker_pids(server["master"])
    peaks = {pid: round(_peak_mb(pid), 1) for pid in workers_after}
    figures = {
        "bomb_bytes": {"xlsx": len(xlsx_bomb), "docx": len(docx_bomb)},
        "answers": {k: {"status": v["status"], "seconds": v["seconds"]} for k, v in answers.items()},
        "all_answered_seconds": round(all_answered, 3),
        "health_polls": len(polls), "health_max_seconds": round(max(s for _c, s in polls), 3) if polls else None,
        "worker_peak_mb": sorted(peaks.values()),
    }
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "zip_bombs_live.json").write_text(json.dumps(figures, indent=2), "utf-8")
    print(json.dumps(figures))
    log = server["log"].read_text("utf-8", "replace")[-3000:]

    assert set(answers) == {"xlsx_1", "xlsx_2", "docx"}, (answers, log)
    for name, answer in answers.items():
        assert 400 <= answer["status"] < 500, (name, answer, log)
        message = json.loads(answer["body"])["message"]
        assert "已拒收" in message and "压缩炸弹" in message, (name, message)
    assert polls and all(status == 200 for status, _seconds in polls), (polls, log)
    assert workers_after == workers_before, ("a worker was replaced", log)
    assert all(peak < MAX_WORKER_PEAK_MB for peak in peaks.values()), (peaks, log)

"""The embedded SQLite default with two writers at once: `make run`'s web workers and its queue
worker write the same file. A transaction that read before it wrote could fail at once with
"database is locked" when another process had committed in between (SQLite cannot upgrade such a
reader to a writer, and does not wait): seen when an import's commit job failed in the browser.
Transactions begin IMMEDIATE, so the second writer waits for the first (the busy timeout)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler

from config.settings import database_config


def _sqlite_settings(monkeypatch: pytest.MonkeyPatch, path: Path) -> dict[str, Any]:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_config()
    return {**config, "NAME": str(path), "TEST": {}}


def _begin(connection: Any) -> None:
    """What `transaction.atomic()` runs on entering, outside any other transaction."""
    connection.ensure_connection()
    connection._start_transaction_under_autocommit()


def test_the_laptop_database_begins_its_transactions_immediate(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    options = _sqlite_settings(monkeypatch, tmp_path / "x.sqlite3")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5


def test_a_writer_that_read_first_waits_for_another_writer_instead_of_failing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, django_db_blocker: Any) -> None:
    """Two connections to a file of their own (not the test database), as two processes have."""
    config = _sqlite_settings(monkeypatch, tmp_path / "two-writers.sqlite3")
    with django_db_blocker.unblock():
        _two_writers(config)


def _two_writers(config: dict[str, Any]) -> None:
    # A handler of its own, beside the test database: each thread opens its own connection.
    handler = ConnectionHandler({"default": dict(config), "other": dict(config)})
    first = handler["default"]
    try:
        with first.cursor() as cursor:
            cursor.execute("CREATE TABLE job (id INTEGER PRIMARY KEY, note TEXT)")
        outcome: dict[str, object] = {}

        def other_process() -> None:
            # Another process (the web worker) writes while the first transaction is open.
            connection = handler["other"]
            try:
                _begin(connection)
                connection.connection.execute("INSERT INTO job (note) VALUES ('page')")
                connection.connection.commit()
                outcome["second"] = "committed"
            except Exception as exc:  # noqa: BLE001 - recorded for the assertion below
                outcome["second"] = repr(exc)
            finally:
                connection.close()

        _begin(first)  # the job's transaction: it reads, then writes
        first.connection.execute("SELECT count(*) FROM job").fetchone()
        writer = threading.Thread(target=other_process)
        writer.start()
        time.sleep(0.3)  # the other writer is now waiting (IMMEDIATE) or has committed (DEFERRED)
        first.connection.execute("INSERT INTO job (note) VALUES ('job')")
        first.connection.commit()
        writer.join(timeout=30)
        assert outcome == {"second": "committed"}
        notes = [row[0] for row in first.connection.execute("SELECT note FROM job ORDER BY id")]
        assert notes == ["job", "page"]  # the job's write first: the page waited for it
    finally:
        first.close()

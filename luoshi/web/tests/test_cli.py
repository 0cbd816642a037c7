"""The `luoshi` command: configuration errors give one clear line and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_luoshi(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # With DEBUG off a SECRET_KEY is required; a fresh LUOSHI_VAR_DIR holds none.
    environment = {"SECRET_KEY": "test-only-key"} | {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    return subprocess.run([sys.executable, "-m", "luoshi.cli", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("url", ["nonsense://nowhere", "mysql://root@127.0.0.1/x"])
def test_a_bad_database_url_is_one_clear_line(url: str) -> None:
    result = run_luoshi("check", DATABASE_URL=url)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "DATABASE_URL" in result.stderr


def test_an_unreachable_database_is_one_clear_line() -> None:
    result = run_luoshi("migrate", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    assert "cannot reach the database" in result.stderr and result.stderr.count("\n") == 1


def test_a_missing_docs_folder_stops_the_demo_with_a_clear_line(tmp_path: Path) -> None:
    result = run_luoshi("demo", "--docs", str(tmp_path / "missing"), LUOSHI_VAR_DIR=str(tmp_path / "var"))
    assert result.returncode != 0
    assert "missing" in result.stderr and "DOCS" in result.stderr
    assert "Traceback" not in result.stderr

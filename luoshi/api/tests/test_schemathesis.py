"""Schemathesis against a live server: generated requests to every API operation, as a supervisor's
read-write token, find no server error and no response that contradicts the OpenAPI description.

Bounded (a few examples per operation, no stateful phase) so that it runs in about a minute on
SQLite and on PostgreSQL alike; part of `make test` because it is a pytest test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from luoshi.api.services import token_issue
from luoshi.api.urls import api
from luoshi.ledger.tests.factories import Personas
from luoshi.ledger.tests.test_review import make_drafts

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
EXAMPLES_PER_OPERATION = 10


def schemathesis_command() -> list[str]:
    return [sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()"]


def test_generated_requests_to_every_operation_get_no_500_and_match_the_description(
        live_server: Any, personas: Personas, tmp_path: Path) -> None:
    make_drafts()
    _token, raw = token_issue(actor=personas.supervisor, user=personas.supervisor, name="schemathesis",
                              scope="write", expires_at=timezone.now() + timedelta(days=1))
    report = tmp_path / "junit.xml"
    result = subprocess.run([
        *schemathesis_command(), "run", f"{live_server.url}/api/v1/openapi.json",
        "--checks", CHECKS, "--max-examples", str(EXAMPLES_PER_OPERATION), "--seed", "20241",
        "--phases", "examples,fuzzing", "--workers", "1", "--no-shrink", "--generation-database", "none",
        "--header", f"Authorization: Bearer {raw}", "--request-timeout", "30",
        "--report", "junit", "--report-junit-path", str(report),
    ], capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)  # its cache stays in tmp
    output = result.stdout + result.stderr
    (Path(__file__).resolve().parents[3] / "artifacts").mkdir(exist_ok=True)
    (Path(__file__).resolve().parents[3] / "artifacts" / "schemathesis.txt").write_text(output, "utf-8")
    assert result.returncode == 0, output[-6000:]
    operations = sum(len(view.operations) for _prefix, router in api._routers
                     for view in router.path_operations.values())
    tested = report.read_text("utf-8").count("<testcase ")
    assert tested == operations, json.dumps({"tested": tested, "operations": operations})

"""Accounts as a government system needs them: lockout, strong passwords, idle timeout, CSP, deploy check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from luoshi.core.middleware import SESSION_RENEWED_KEY
from luoshi.ledger.tests.factories import PASSWORD, Personas
from luoshi.web.demo.loader import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def login(client: Client, username: str, password: str) -> int:
    return client.post("/login/", {"username": username, "password": password}).status_code


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_that_name_from_that_address_for_fifteen_minutes(personas: Personas) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "sup", "wrong-password") == 200
    response = client.post("/login/", {"username": "sup", "password": "wrong-password"})
    assert response.status_code == 429
    response = client.post("/login/", {"username": "sup", "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录已被暂时锁定" in html and "15 分钟" in html
    assert "_auth_user_id" not in client.session
    # Another account from the same address, and the same account from another address, still log in.
    assert login(Client(), "rep_a", PASSWORD) == 302
    assert login(Client(REMOTE_ADDR="10.0.0.9"), "sup", PASSWORD) == 302


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_a_right_password_resets_the_count(personas: Personas) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "sup", "wrong-password")
    assert login(client, "sup", PASSWORD) == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(Client(), "sup", "wrong-password") == 200


@pytest.mark.parametrize("weak", ["12345678", "1234567890", "password123", "qwertyuiop", "short-1"])
def test_weak_passwords_are_refused(weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_the_demo_and_test_passwords_pass_the_validators() -> None:
    validate_password(DEMO_PASSWORD)
    validate_password(PASSWORD)


@pytest.mark.django_db
def test_a_user_changes_their_password_from_the_menu(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.reporter_a)
    home = client.get("/").content.decode()
    assert 'href="/account/password/"' in home
    response = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "1234567890",
                                                  "new_password2": "1234567890"})
    assert response.status_code == 200
    assert "全部为数字" in response.content.decode() or "数字" in response.content.decode()
    response = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": "海河实验室-进展-2025",
                                                  "new_password2": "海河实验室-进展-2025"})
    assert response.status_code == 302 and response["Location"] == "/account/password/done/"
    assert client.get("/account/password/done/").status_code == 200
    personas.reporter_a.refresh_from_db()
    assert personas.reporter_a.check_password("海河实验室-进展-2025")


@pytest.mark.django_db
def test_the_password_page_needs_a_login() -> None:
    response = Client().get("/account/password/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_the_session_ends_after_the_idle_time_and_each_request_renews_it(personas: Personas) -> None:
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    client = Client()
    client.force_login(personas.supervisor)
    assert settings.SESSION_COOKIE_NAME not in client.get("/").cookies  # renewed at login, a moment ago
    session = client.session
    session[SESSION_RENEWED_KEY] = int(time.time()) - 120  # the last renewal two minutes ago
    session.save()
    response = client.get("/")
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE
    # An idle session past its age is gone: the next page asks for a login.
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/", "/public/"])
def test_every_page_has_a_content_security_policy_without_inline_scripts(path: str, personas: Personas) -> None:
    client = Client()
    client.force_login(personas.supervisor)
    policy = client.get(path)["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src is not None and script_src.group(1).strip() == "'self'"
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    offending = []
    for template in (ROOT / "luoshi").rglob("templates/**/*.html"):
        text = template.read_text("utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=", text) \
                or "javascript:" in text:
            offending.append(str(template.relative_to(ROOT)))
    assert offending == []


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def base_env(tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    return {**keep, "LUOSHI_VAR_DIR": str(tmp_path)}


def test_without_debug_a_missing_secret_key_stops_the_process(tmp_path: Path) -> None:
    result = run_manage(base_env(tmp_path), "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr + result.stdout


def test_a_secret_key_kept_under_var_is_used(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("a-local-key-that-make-run-generated-" + "x" * 30)
    result = run_manage(base_env(tmp_path), "check")
    assert result.returncode == 0, result.stderr


def test_check_deploy_with_the_production_environment_reports_nothing(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    for line in (ROOT / "deploy" / "production.env").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    assert env["SECRET_KEY"].startswith("replace-me")
    env["SECRET_KEY"] = "Q7v" + "k2Lm9xP4tR8wZ1nB6cF3hJ5sD0gY-uA_eW" * 2
    env["LUOSHI_VAR_DIR"] = str(tmp_path)
    env["LUOSHI_MEDIA_DIR"] = str(tmp_path / "media")
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_database_connections_are_health_checked_and_kept_as_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    from config.settings import database_config

    monkeypatch.setenv("DATABASE_URL", "postgres://luoshi@db.internal:5432/luoshi")
    monkeypatch.setenv("CONN_MAX_AGE", "120")
    config = database_config()
    assert config["CONN_HEALTH_CHECKS"] is True and config["CONN_MAX_AGE"] == 120

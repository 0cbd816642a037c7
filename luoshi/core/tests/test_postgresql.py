"""Prepared statements on PostgreSQL, and bulk statements batched under the protocol's limit."""

from __future__ import annotations

import pytest
from django.db import connection

from config.settings import database_config, postgresql_statement_options
from luoshi.core.postgresql.base import PROTOCOL_PARAMETER_LIMIT
from luoshi.ledger.choices import UnitLevel
from luoshi.ledger.models import Unit

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="server-side binding and prepared statements are PostgreSQL's")


def test_prepared_statements_are_on_unless_turned_off() -> None:
    assert postgresql_statement_options({}) == {"server_side_binding": True, "prepare_threshold": 5}
    assert postgresql_statement_options({"DB_PREPARED_STATEMENTS": "0"}) == {}
    assert postgresql_statement_options({"DB_PREPARED_STATEMENTS": "1"})["server_side_binding"] is True


def test_a_postgresql_address_uses_the_batching_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://luoshi@db.internal:5432/luoshi")
    monkeypatch.delenv("DB_PREPARED_STATEMENTS", raising=False)
    config = database_config()
    assert config["ENGINE"] == "luoshi.core.postgresql"
    assert config["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    monkeypatch.setenv("DB_PREPARED_STATEMENTS", "0")
    assert database_config()["OPTIONS"] == {}


@on_postgresql
@pytest.mark.django_db
def test_a_statement_run_five_times_is_prepared() -> None:
    for _ in range(6):
        assert not Unit.objects.filter(name="无此单位").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "ledger_unit" WHERE "ledger_unit"."name" = $' in statement for statement in prepared), prepared


@on_postgresql
@pytest.mark.django_db
def test_bulk_writes_beyond_the_parameter_limit_are_batched() -> None:
    # Django inserts many rows as one array per column, but updates them with a CASE branch per
    # row and field: two parameters each, and the row's key once more in the WHERE clause.
    count, fields = 8_000, ["short_name", "code", "aliases", "level"]
    assert count * (2 * len(fields) + 1) > PROTOCOL_PARAMETER_LIMIT
    units = Unit.objects.bulk_create(
        [Unit(name=f"批量单位{n:05d}", level=UnitLevel.DISTRICT) for n in range(count)])
    assert Unit.objects.filter(name__startswith="批量单位").count() == count
    for unit in units:
        unit.short_name, unit.code, unit.level = f"批{unit.pk}", f"P{unit.pk}", UnitLevel.ZONE
    Unit.objects.bulk_update(units, fields)
    assert Unit.objects.filter(name__startswith="批量单位", short_name__startswith="批",
                               level=UnitLevel.ZONE).count() == count
    deleted, _ = Unit.objects.filter(name__startswith="批量单位").delete()
    assert deleted >= count

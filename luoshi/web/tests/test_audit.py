"""The audit log: every audited change is chained by hash; `audit verify` passes on records written
through the services and names the record after one raw SQL UPDATE, or an edited entry."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from luoshi.core.audit import audit_verify
from luoshi.core.models import AuditEntry
from luoshi.ledger.tests.factories import Personas
from luoshi.oversight.services import adjustment_approve, comment_add
from luoshi.oversight.tests.world import World, build_world
from luoshi.reports.services import report_accept

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> World:
    w = build_world(personas)
    report_accept(user=personas.supervisor, report=w.submitted, comment="同意。")
    adjustment_approve(user=personas.supervisor, request=w.adjustment, comment="同意延期。")
    comment_add(user=personas.leader, task=personas.task_a, body="抓紧推进。")
    return w


def test_every_audited_change_is_chained_and_the_log_verifies(world: World,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    logged = set(AuditEntry.objects.values_list("model", flat=True))
    assert {"reports.progressreport", "oversight.adjustmentrequest", "oversight.comment", "ledger.task"} <= logged
    entries = list(AuditEntry.objects.order_by("id"))
    assert all(e.previous_hash == p.hash for p, e in zip(entries, entries[1:], strict=False))
    accepted = AuditEntry.objects.filter(model="reports.progressreport", object_pk=str(world.submitted.pk)).last()
    assert accepted is not None and accepted.user_id == world.p.supervisor.pk and '"status":"accepted"' in accepted.content
    assert audit_verify() == []
    call_command("audit", "verify")
    assert "audit log verifies" in capsys.readouterr().out


def test_a_raw_sql_update_of_an_accepted_report_is_named(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_progressreport SET percent_done = 100 WHERE id = %s", [world.submitted.pk])
    problems = audit_verify()
    assert problems == [f"reports.progressreport {world.submitted.pk} ({world.submitted}) was changed outside the "
                        "services"]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_an_edited_or_deleted_entry_breaks_the_chain_at_that_entry(world: World) -> None:
    entry = AuditEntry.objects.filter(model="oversight.comment").get()
    AuditEntry.objects.filter(pk=entry.pk).update(content=entry.content.replace("抓紧推进", "不必推进"))
    assert f"audit entry #{entry.pk} (oversight.comment {entry.object_pk}) was changed or removed" in audit_verify()


def test_the_task_page_shows_whether_its_record_verifies(world: World) -> None:
    """Issue 13: the task page says that its record verifies, and says so no more once the task
    has been changed outside the services."""
    from django.test import Client

    from luoshi.ledger.tests.factories import PASSWORD

    client = Client()
    assert client.login(username=world.p.supervisor.username, password=PASSWORD)
    task = world.p.task_a
    page = client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert 'id="audit-status"' in page and "记录核验一致" in page
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_task SET title = %s WHERE id = %s", ["被改过的标题", task.pk])
    page = client.get(f"/ledger/tasks/{task.pk}/").content.decode()
    assert "记录核验一致" not in page and "在业务操作之外被改动过" in page


def test_a_column_added_after_the_entry_matches_while_empty_and_is_named_once_set(world: World) -> None:
    """A migration that adds a field to an audited model (Task.office) leaves older entries
    without it: the record still verifies while the new column is empty, not once SQL sets it."""
    from luoshi.ledger.tests.factories import unit_factory

    task = world.p.task_a
    entry = AuditEntry.objects.filter(model="ledger.task", object_pk=str(task.pk)).last()
    assert entry is not None and '"office_id":null' in entry.content
    old_content = entry.content.replace('"office_id":null,', "")
    AuditEntry.objects.filter(pk=entry.pk).update(content=old_content)  # as written before the migration
    assert not [p for p in audit_verify() if "ledger.task" in p and "changed outside" in p]
    office = unit_factory("某督查机构", is_office=True)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_task SET office_id = %s WHERE id = %s", [office.pk, task.pk])
    assert f"ledger.task {task.pk} ({task}) was changed outside the services" in audit_verify()

"""The rules of who may do what, as a table: every role × every action (first layer), and the
object checks that narrow them (a reporter's unit, a draft's author, four eyes)."""

from __future__ import annotations

import pytest

from luoshi.ledger.choices import Role
from luoshi.ledger.permissions import (
    ACTION_MESSAGES,
    ROLE_GRANTS,
    Action,
    can,
    can_edit_task_fields,
    role_may,
)
from luoshi.ledger.tests.factories import Personas

S, R, L, A = Role.SUPERVISOR, Role.REPORTER, Role.LEADER, Role.ADMIN
ALL: set[str] = {S, R, L, A}
OVERSIGHT: set[str] = {S, A}

# The matrix as the issue states it: supervisors run every mechanism, reporters act on their
# unit's work, leaders read and comment, admins do what supervisors do, the public nothing.
EXPECTED: dict[Action, set[str]] = {
    Action.TASK_VIEW: ALL, Action.TASK_EDIT: OVERSIGHT | {R}, Action.TASK_EDIT_PLAN: OVERSIGHT,
    Action.TASK_ASSIGN: OVERSIGHT, Action.TASK_LINK: OVERSIGHT, Action.TASK_COMMENT: ALL, Action.TASK_HISTORY_VIEW: ALL,
    Action.TASKFORCE_VIEW: ALL, Action.TASKFORCE_MANAGE: OVERSIGHT,
    Action.LIAISON_VIEW: ALL, Action.LIAISON_WRITE: OVERSIGHT | {R}, Action.WORKLOAD_VIEW: ALL,
    Action.REPORT_VIEW: ALL, Action.REPORT_WRITE: {R}, Action.REPORT_REVIEW: OVERSIGHT,
    Action.MILESTONE_MANAGE: OVERSIGHT, Action.PERIOD_MANAGE: OVERSIGHT,
    Action.EVALUATION_RUN: OVERSIGHT, Action.SNAPSHOT_VIEW: ALL,
    Action.ADJUSTMENT_VIEW: ALL, Action.ADJUSTMENT_REQUEST: OVERSIGHT | {R}, Action.ADJUSTMENT_DECIDE: OVERSIGHT,
    Action.ADJUSTMENT_WITHDRAW: OVERSIGHT | {R},
    Action.NOTICE_VIEW: ALL, Action.NOTICE_ISSUE: OVERSIGHT, Action.NOTICE_REPLY: {R}, Action.NOTICE_CLOSE: OVERSIGHT,
    Action.ASSESSMENT_VIEW: ALL, Action.ASSESSMENT_COMPUTE: OVERSIGHT, Action.INBOX_VIEW: ALL,
    Action.INDICATOR_VIEW: ALL, Action.INDICATOR_MANAGE: OVERSIGHT, Action.INDICATOR_OBSERVE: OVERSIGHT | {R},
    Action.PROJECT_VIEW: ALL, Action.PROJECT_MANAGE: OVERSIGHT, Action.PROJECT_REPORT: OVERSIGHT | {R},
    Action.PROPOSAL_VIEW: ALL, Action.PROPOSAL_MANAGE: OVERSIGHT, Action.PROPOSAL_HANDLE: {R},
    Action.INDICATOR_IMPORT: OVERSIGHT | {R}, Action.PROJECT_IMPORT: OVERSIGHT | {R},
    Action.BRIEFING_VIEW: ALL, Action.BRIEFING_GENERATE: OVERSIGHT | {R}, Action.BRIEFING_EDIT: OVERSIGHT | {R},
    Action.LEDGER_EXPORT: ALL,
    Action.CONTRIBUTION_WRITE: {R},
    Action.LEDGER_EXPORT: ALL, Action.DRAFT_REVIEW: OVERSIGHT,
}


def test_every_action_is_in_the_table_and_has_a_message() -> None:
    assert set(EXPECTED) == set(Action) == set(ROLE_GRANTS) == set(ACTION_MESSAGES)


@pytest.mark.parametrize("role", [S, R, L, A, None])
@pytest.mark.parametrize("action", list(Action))
def test_role_grants(action: Action, role: str | None) -> None:
    assert role_may(role, action) is (role in EXPECTED[action])


@pytest.mark.django_db
def test_object_checks_narrow_a_reporter_to_their_unit(personas: Personas) -> None:
    p = personas
    assert can(p.reporter_a, Action.TASK_EDIT, p.task_a) and can(p.reporter_a, Action.TASK_EDIT, p.task_shared)
    assert not can(p.reporter_a, Action.TASK_EDIT, p.task_b)
    assert can(p.leader, Action.TASK_VIEW, p.task_b) and not can(p.leader, Action.TASK_EDIT, p.task_b)
    assert can(p.reporter_a, Action.WORKLOAD_VIEW, p.unit_a) and not can(p.reporter_a, Action.WORKLOAD_VIEW, p.unit_b)
    assert not can(None, Action.TASK_VIEW, p.task_a)


@pytest.mark.django_db
def test_drafts_are_their_authors_alone(personas: Personas) -> None:
    from types import SimpleNamespace

    draft = SimpleNamespace(status="draft", author_id=personas.reporter_a.pk, task=personas.task_shared)
    submitted = SimpleNamespace(status="submitted", author_id=personas.reporter_a.pk, task=personas.task_shared)
    assert can(personas.reporter_a, Action.REPORT_VIEW, draft)
    for user in (personas.reporter_b, personas.supervisor, personas.leader):
        assert not can(user, Action.REPORT_VIEW, draft)
        assert can(user, Action.REPORT_VIEW, submitted)
    assert not can(personas.reporter_b, Action.REPORT_WRITE, draft)


@pytest.mark.django_db
def test_nobody_decides_their_own_adjustment(personas: Personas) -> None:
    from types import SimpleNamespace

    own = SimpleNamespace(requested_by_id=personas.supervisor.pk, task=personas.task_a)
    assert not can(personas.supervisor, Action.ADJUSTMENT_DECIDE, own)
    assert can(personas.admin, Action.ADJUSTMENT_DECIDE, own)
    assert can(personas.supervisor, Action.ADJUSTMENT_WITHDRAW, own)


@pytest.mark.django_db
def test_a_reporter_edits_only_the_progress_note_directly(personas: Personas) -> None:
    assert can_edit_task_fields(personas.reporter_a, personas.task_a, {"progress_note"})
    for field in ("deadline", "target_value", "lead_unit", "title", "co_units"):
        assert not can_edit_task_fields(personas.reporter_a, personas.task_a, {field})
        assert can_edit_task_fields(personas.supervisor, personas.task_a, {field})

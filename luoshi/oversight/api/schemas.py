"""Input and output shapes of the oversight API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class EvaluationOut(Schema):
    task_id: int
    as_of: date
    light: str
    expected_percent: int | None
    progress_percent: int
    gap: int | None
    overdue: bool
    staged_progress: bool
    overdue_milestones: int
    missing_reports: int
    reasons: list[str]
    reason_labels: list[str]


class SnapshotOut(Schema):
    id: int
    key: str
    kind: str
    as_of: date
    taken_at: datetime
    task_count: int
    green: int
    yellow: int
    red: int
    unreported: int
    done: int
    unevaluated: int
    staged_progress: int
    overdue: int


class SnapshotRowOut(Schema):
    task_id: int
    task_code: str
    lead_unit_id: int | None
    light: str
    status: str
    progress_percent: int
    expected_percent: int | None
    overdue: bool
    overdue_milestones: int
    missing_reports: int
    staged_progress: bool
    deadline: date | None
    reasons: list[str]

    @staticmethod
    def resolve_task_code(obj: Any) -> str:
        return str(obj.task.code)

    @staticmethod
    def resolve_reasons(obj: Any) -> list[str]:
        return list(obj.reason_codes)


class SnapshotRowPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[SnapshotRowOut]


class AdjustmentOut(Schema):
    id: int
    task_id: int
    requested_by_id: int | None
    reason: str
    changes: dict[str, Any]
    before: dict[str, Any]
    status: str
    decided_by_id: int | None
    decided_at: datetime | None
    decision_comment: str
    applied_version: int | None
    created_at: datetime


class AdjustmentIn(Schema):
    """Proposed values by field: deadline, start_date (YYYY-MM-DD), target_indicator, target_value,
    target_unit, target_comparator, lead_unit (unit id), co_units (unit ids), title, description,
    expected_outcome. Send `Idempotency-Key` to make a retry harmless."""

    task_id: int
    changes: dict[str, Any]
    reason: str


class DecisionIn(Schema):
    comment: str = ""


class NoticeOut(Schema):
    id: int
    code: str
    task_id: int
    unit_id: int
    issued_by_id: int | None
    issued_on: date
    light_at_issue: str
    reason: str
    requirement: str
    reply_due: date
    status: str
    reply: str
    replied_by_id: int | None
    replied_on: date | None
    escalated_on: date | None
    escalated_to: str
    closed_on: date | None
    close_comment: str


class NoticeIn(Schema):
    task_id: int
    requirement: str
    reason: str = Field("", description="default: the evaluation's reasons")
    reply_due: date | None = Field(None, description="default: 5 working days from today")


class ReplyIn(Schema):
    reply: str


class ScoreOut(Schema):
    unit_id: int
    unit_name: str
    period_key: str
    office_id: int | None = Field(None, description="the office whose ranking this is (null: the installation's)")
    rank: int | None
    total: float | None
    on_time: float | None
    completion: float | None
    grade: float | None
    responsiveness: float | None
    overdue: float | None
    overdue_tasks: int
    extra_parts: dict[str, float | None] = Field(default_factory=dict,
                                                 description="parts contributed by other apps, by key (e.g. proposals)")
    task_count: int
    reports_due: int
    reports_on_time: int
    reports_reviewed: int
    notices: int
    weights: dict[str, float]
    computed_at: datetime

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return str(obj.unit)


class CommentOut(Schema):
    id: int
    task_id: int
    report_id: int | None
    author_id: int | None
    body: str
    created_at: datetime


class CommentIn(Schema):
    body: str
    report_id: int | None = None


class ScorePartOut(Schema):
    """One part of the assessment formula (oversight.constants.SCORE_PARTS)."""

    key: str
    label: str
    weight: float
    how: str


class TracedRecordOut(Schema):
    kind: str
    id: int
    url: str
    label: str
    detail: str
    value: float
    points: float
    possible: float


class TracedPartOut(Schema):
    part: ScorePartOut
    value: float | None
    points: float
    records: list[TracedRecordOut]


class ScoreTraceOut(Schema):
    period_key: str
    unit_id: int
    total: float | None
    parts: list[TracedPartOut]

"""Input and output shapes of the reports API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field


class EvidenceOut(Schema):
    id: int
    original_name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj: Any) -> str:
        return f"/api/v1/reports/evidence/{obj.pk}/download"


class ReportOut(Schema):
    id: int
    task_id: int
    task_code: str
    period_key: str
    period_start: date
    period_end: date
    due_date: date
    revision: int
    supersedes_id: int | None
    status: str
    narrative: str
    percent_done: int | None
    measured_value: Decimal | None
    measured_note: str
    milestone_ids: list[int]
    author_id: int | None
    unit_id: int | None
    submitted_at: datetime | None
    is_late: bool
    reviewed_by_id: int | None
    reviewed_at: datetime | None
    review_comment: str
    grade: int | None
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_task_code(obj: Any) -> str:
        return str(obj.task.code)

    @staticmethod
    def resolve_milestone_ids(obj: Any) -> list[int]:
        return [m.pk for m in obj.milestones.all()]

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())


class ReportPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ReportOut]


class ReportIn(Schema):
    """A new report. Send the header `Idempotency-Key` (any unique string, e.g. a UUID) so that
    a retried request returns the report already made instead of a second one."""

    task_id: int
    period_key: str | None = Field(None, description="2024-09, 2024-Q3, 2024-H2 or 2024; default: the period due now")
    narrative: str
    percent_done: int | None = Field(None, ge=0, le=100)
    measured_value: Decimal | None = None
    measured_note: str = ""
    milestone_ids: list[int] = []
    submit: bool = Field(False, description="submit for review at once instead of saving a draft")


class ReportUpdateIn(Schema):
    narrative: str | None = None
    percent_done: int | None = Field(None, ge=0, le=100)
    measured_value: Decimal | None = None
    measured_note: str | None = None
    milestone_ids: list[int] | None = None


class ResubmitIn(ReportUpdateIn):
    keep_evidence: bool = Field(True, description="carry the returned version's evidence over")


class AcceptIn(Schema):
    comment: str = ""
    grade: int | None = Field(None, ge=1, le=5, description="1 poor … 5 excellent")


class ReturnIn(Schema):
    comment: str


class PeriodOut(Schema):
    key: str
    frequency: str
    start: date
    end: date
    due_date: date
    close_date: date
    state: str
    decided: bool | None


class PeriodDecisionIn(Schema):
    note: str = ""


class MilestoneOut(Schema):
    id: int
    task_id: int
    title: str
    due_date: date
    reached_on: date | None
    reached_by_report_id: int | None


class MilestoneIn(Schema):
    title: str
    due_date: date


class MilestoneUpdateIn(Schema):
    title: str | None = None
    due_date: date | None = None


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    url: str
    task_id: int | None
    created_at: datetime
    read_at: datetime | None
    email_state: str


class ReadIn(Schema):
    ids: list[int] | None = None


class CountOut(Schema):
    count: int


class ContributionIn(Schema):
    """A co-unit's part of the lead unit's report (the evidence file is uploaded on the page)."""

    text: str
    period_key: str | None = None
    percent_done: int | None = None
    submit: bool = False


class ContributionOut(Schema):
    id: int
    task_id: int
    period_key: str
    unit_id: int
    unit_name: str
    status: str
    text: str
    percent_done: int | None
    submitted_at: datetime | None

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return str(obj.unit.name)


class ContributionStatusOut(Schema):
    """A co-unit and its contribution for the period (null: not contributed yet)."""

    unit_id: int
    unit_name: str
    contribution: ContributionOut | None

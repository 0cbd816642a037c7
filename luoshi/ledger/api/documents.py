"""Documents and their extraction drafts through the API: upload, list, read; edit, confirm, reject drafts;
resolve a unit name a plan writes that the directory lacks; import a task-division table.

Here beside the ledger, like the review pages (`ledger.review_views`), because confirming a draft
creates a ledger task. The same rights as the pages: supervisors, admins and leaders read
documents; only supervisors and admins (`Action.DRAFT_REVIEW`) upload documents and see or handle
drafts. Anyone else gets 403. A reader bound to an office sees only the documents (and drafts) of
that office and the offices beneath it; any other document answers 404. An upload is imported
by a background job (`ledger.jobs`, as from the ingest page): 202 with the job.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from luoshi.briefings.api.schemas import JobOut
from luoshi.core.errors import DomainError
from luoshi.core.middleware import has_control_characters
from luoshi.documents.choices import DraftStatus
from luoshi.documents.models import Document, DraftMeasure
from luoshi.documents.selectors import document_items, document_list, document_measures
from luoshi.documents.services import draft_measure_update
from luoshi.ledger.api.schemas import UnitOut
from luoshi.ledger.choices import TaskLevel, UnitLevel
from luoshi.ledger.jobs import document_ingest_enqueue
from luoshi.ledger.models import RevisionMatch, Unit
from luoshi.ledger.permissions import (
    Action,
    can,
    document_get_visible,
    documents_visible_to,
    draft_get_visible,
    reads_everything,
)
from luoshi.ledger.selectors.linking import draft_parent_choices
from luoshi.ledger.services import (
    draft_measure_confirm,
    draft_measure_reject,
    draft_parent_set,
    revision_ambiguity_resolve,
    revision_dropped_decide,
    unit_name_resolve,
)
from luoshi.sheets.schemas import ImportOut
from luoshi.sheets.views import api_import

router = Router()


class DocumentOut(Schema):
    id: int
    title: str
    issuer: str
    issued_on: date | None
    kind: str
    source_url: str
    filename: str
    content_hash: str
    office_id: int | None = None
    item_count: int = 0
    measure_count: int = 0


class ItemOut(Schema):
    id: int
    kind: str
    indicator: str
    value: float
    unit: str
    comparator: str
    period: str
    quote: str
    start: int
    end: int
    parts: dict[str, float] | None
    parts_consistent: bool | None
    investment: float | None
    status: str


class MeasureOut(Schema):
    id: int
    document_id: int
    title: str
    text: str
    start: int
    end: int
    category: str
    heading: bool
    parent_id: int | None
    lead_unit_name: str
    co_unit_names: list[str]
    responsible_person_name: str
    expected_outcome: str
    deadline: date | None
    deadline_text: str
    ongoing: bool
    problems: list[str]
    target: dict[str, Any] | None
    status: str
    review_note: str


class DocumentDetailOut(DocumentOut):
    text: str
    structure: dict[str, Any]
    items: list[ItemOut]
    measures: list[MeasureOut]


class DraftIn(Schema):
    """Leave a field out to keep it."""

    title: str = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]  # may be left out, never null
    category: str = Field(None, max_length=200)  # type: ignore[assignment]  # may be left out, never null
    lead_unit_name: str = Field(None, max_length=200)  # type: ignore[assignment]  # may be left out, never null
    co_unit_names: list[str] = Field(None, max_length=50)  # type: ignore[assignment,arg-type]  # may be left out, never null
    responsible_person_name: str = Field(None, max_length=100)  # type: ignore[assignment]  # may be left out, never null
    expected_outcome: str = Field(None, max_length=2000)  # type: ignore[assignment]  # may be left out, never null
    ongoing: bool = Field(None)  # type: ignore[assignment]  # may be left out, never null
    deadline: date | None = None


class ConfirmIn(Schema):
    """Edits made while confirming, as on the review page; leave a field out to keep the draft's."""

    title: str = Field(None, min_length=1, max_length=500)  # type: ignore[assignment]  # may be left out, never null
    level: TaskLevel | None = None
    lead_unit_id: int | None = None
    deadline: date | None = None
    expected_outcome: str = Field(None, max_length=2000)  # type: ignore[assignment]  # may be left out, never null


class ConfirmOut(Schema):
    draft: MeasureOut
    task_id: int
    task_code: str


class UnitResolveIn(Schema):
    """A unit name a draft keeps that the directory lacks: map it (`map_to_id`; saved as that unit's
    alias) or create the unit (`level`, optional `parent_id` and `full_name`), one of the two."""

    name: str = Field(..., min_length=1, max_length=200)
    map_to_id: int | None = None
    level: UnitLevel | None = None
    parent_id: int | None = None
    full_name: str = Field("", max_length=200)


class RejectIn(Schema):
    note: str = Field("", max_length=500)


class ReasonOut(Schema):
    kind: str = Field(description="code, reference, numbering, phrases or lead_unit")
    text: str


class SuggestionOut(Schema):
    task_id: int
    score: float
    reasons: list[ReasonOut]


class DraftParentOut(Schema):
    draft_id: int
    parent_id: int | None
    preselected: bool = Field(description="chosen from an explicit reference in the text, not by a person")
    suggestions: list[SuggestionOut] = Field(description="up to three suggested parents, best first")


class DraftParentIn(Schema):
    parent_id: int | None = Field(
        None, description="the higher-level task the draft refines (null clears it): a task the caller may see, "
                          "at the plan's level or above")


def _require_reader(request: HttpRequest) -> None:
    if not reads_everything(request.user):
        raise DjangoPermissionDenied(_("您无权查看政策文件。"))


def _require_reviewer(request: HttpRequest) -> None:
    if not can(request.user, Action.DRAFT_REVIEW):
        raise DjangoPermissionDenied(_("只有督查人员可以审核草稿。"))


def _document_out(document: Document) -> dict[str, Any]:
    return {
        **{f: getattr(document, f) for f in DocumentOut.model_fields if hasattr(document, f)},
        "item_count": document.items.count(), "measure_count": document.measures.count(),
    }


@router.get("", response=list[DocumentOut], summary="文件列表")
def documents(request: HttpRequest) -> Any:
    _require_reader(request)
    return list(documents_visible_to(request.user, document_list()))


@router.post("", response={202: JobOut}, summary="上传文件并抽取(督查;后台任务;同一内容不重复导入)")
def document_upload(request: HttpRequest, file: File[UploadedFile], source_url: Form[str] = "") -> Any:
    """Reading the file is checked here (400 at once, nothing stored or queued); extraction,
    revision matching and suggested parents run as a job, whose `result` when done holds
    `document_id`, `created` (false: the same content was imported before, `document_id` is that
    document), `item_count` and `measure_count`. Poll `GET /api/v1/briefings/jobs/{id}`."""
    _require_reviewer(request)
    if has_control_characters(source_url):
        raise DomainError(_("输入中含有不允许的控制字符(如 NUL),请删除后重试。"), code="control_characters",
                          field="source_url")
    return Status(202, document_ingest_enqueue(user=request.user, data=file.read(), filename=file.name or "upload",
                                               source_url=source_url))


@router.get("/{int:document_id}", response=DocumentDetailOut, summary="文件详情(含抽取条目与待审举措)")
def document(request: HttpRequest, document_id: int) -> Any:
    _require_reader(request)
    found = document_get_visible(request.user, document_id)
    measures = list(document_measures(found)) if can(request.user, Action.DRAFT_REVIEW) else []
    return {**_document_out(found), "text": found.text, "structure": found.structure,
            "items": list(document_items(found)), "measures": measures}


@router.get("/{int:document_id}/drafts", response=list[MeasureOut], summary="文件的待审举措(督查)")
def drafts(request: HttpRequest, document_id: int, status: DraftStatus | None = None) -> Any:
    _require_reviewer(request)
    found = document_get_visible(request.user, document_id)
    return list(document_measures(found, status=status))


@router.get("/drafts/{int:draft_id}", response=MeasureOut, summary="待审举措详情(督查)")
def draft(request: HttpRequest, draft_id: int) -> Any:
    _require_reviewer(request)
    return draft_get_visible(request.user, draft_id)


@router.patch("/drafts/{int:draft_id}", response=MeasureOut, summary="修改待审举措(督查)")
def draft_edit(request: HttpRequest, draft_id: int, payload: DraftIn) -> Any:
    _require_reviewer(request)
    measure = draft_get_visible(request.user, draft_id)
    # An explicit null for a text field fails validation (422); null clears the deadline.
    return draft_measure_update(measure=measure, changes=payload.dict(exclude_unset=True))


@router.post("/drafts/{int:draft_id}/confirm", response={201: ConfirmOut}, summary="确认为台账任务(督查)")
def draft_confirm(request: HttpRequest, draft_id: int, payload: ConfirmIn | None = None) -> Any:
    _require_reviewer(request)
    measure = draft_get_visible(request.user, draft_id)
    edits = {k: v for k, v in (payload.dict(exclude_unset=True) if payload else {}).items() if v not in (None, "")}
    if "lead_unit_id" in edits:
        edits["lead_unit"] = get_object_or_404(Unit, pk=edits.pop("lead_unit_id"))
    task = draft_measure_confirm(measure=measure, user=request.user, edits=edits)
    measure.refresh_from_db()
    return Status(201, {"draft": measure, "task_id": task.pk, "task_code": task.code})


@router.post("/drafts/{int:draft_id}/reject", response=MeasureOut, summary="驳回待审举措(督查)")
def draft_reject(request: HttpRequest, draft_id: int, payload: RejectIn | None = None) -> Any:
    _require_reviewer(request)
    measure = draft_get_visible(request.user, draft_id)
    return draft_measure_reject(measure=measure, user=request.user, note=payload.note if payload else "")


@router.post("/units/resolve", response={201: UnitOut}, summary="新建或对应草稿中的单位(督查)")
def unit_resolve(request: HttpRequest, payload: UnitResolveIn) -> Any:
    """Every draft naming `name` resolves afterwards; 400 for neither or both choices or a name a
    unit already bears."""
    _require_reviewer(request)
    map_to = get_object_or_404(Unit, pk=payload.map_to_id) if payload.map_to_id is not None else None
    parent = get_object_or_404(Unit, pk=payload.parent_id) if payload.parent_id is not None else None
    unit = unit_name_resolve(name=payload.name, user=request.user, map_to=map_to, level=payload.level or "",
                             parent=parent, full_name=payload.full_name)
    return Status(201, unit)


@router.post("/tasktable", response={200: ImportOut, 400: ImportOut, 202: JobOut}, summary="导入任务分工表(预览或提交,督查)")
def tasktable_upload(request: HttpRequest, commit: bool = False, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """An Excel or Word task-division table: without `commit` the preview (nothing written); with
    `commit=true` the drafts of a new document, all or nothing (`done_url` is its review page)."""
    from luoshi.ledger.views.tasktable import FLOW  # the flow is declared with its page

    return Status(*api_import(request, FLOW, upload=file, commit=commit, options={}))


def _draft_parent_out(measure: DraftMeasure) -> dict[str, Any]:
    choice = draft_parent_choices([measure]).get(measure.pk)
    if choice is None:
        return {"draft_id": measure.pk, "parent_id": None, "preselected": False, "suggestions": []}
    return {
        "draft_id": measure.pk, "parent_id": choice.parent.pk if choice.parent else None,
        "preselected": choice.preselected,
        "suggestions": [{"task_id": s["task_id"], "score": s["score"],
                         "reasons": [{"kind": kind, "text": text} for kind, text in s["reason_pairs"]]}
                        for s in choice.suggestions],
    }


@router.get("/drafts/{int:draft_id}/parent", response=DraftParentOut, summary="待审举措的上级任务与推荐(督查)")
def draft_parent(request: HttpRequest, draft_id: int) -> Any:
    _require_reviewer(request)
    return _draft_parent_out(draft_get_visible(request.user, draft_id))


@router.put("/drafts/{int:draft_id}/parent", response=DraftParentOut, summary="设置或清除待审举措的上级任务(督查)")
def draft_parent_put(request: HttpRequest, draft_id: int, payload: DraftParentIn) -> Any:
    _require_reviewer(request)
    measure = draft_get_visible(request.user, draft_id)
    draft_parent_set(measure=measure, parent_id=payload.parent_id, user=request.user)
    return _draft_parent_out(measure)


class FieldChangeOut(Schema):
    field: str = Field(description="title, text, lead_units, co_units, deadline or numbering")
    before: str
    after: str


class CandidateOut(Schema):
    task_id: int
    similarity: float


class RevisionMatchOut(Schema):
    id: int
    kind: str = Field(description="unchanged, changed, new, dropped or ambiguous")
    draft_id: int | None = Field(description="the revised draft; null for a dropped task")
    task_id: int | None = Field(description="the previous version's task it continues (or that was dropped)")
    changes: list[FieldChangeOut]
    candidates: list[CandidateOut] = Field(description="for an ambiguous draft: the tasks it may continue")
    decision: str = Field(description="for a dropped task: '' (pending), close or keep")


class RevisionResolveIn(Schema):
    task_id: int | None = Field(None, description="the task the draft continues (one of its candidates); null: new")


class DroppedDecisionIn(Schema):
    decision: Literal["close", "keep"]


def _match_out(match: RevisionMatch) -> dict[str, Any]:
    return {"id": match.pk, "kind": match.kind, "draft_id": match.measure_id, "task_id": match.task_id,
            "changes": [{"field": c.get("field", ""), "before": str(c.get("before", "")),
                         "after": str(c.get("after", ""))} for c in match.changes],
            "candidates": [{"task_id": c["task_id"], "similarity": c["similarity"]} for c in match.candidates],
            "decision": match.decision}


@router.get("/{int:document_id}/revision", response=list[RevisionMatchOut],
            summary="修订文件与上一版本任务的对照(督查)")
def document_revision(request: HttpRequest, document_id: int) -> Any:
    _require_reviewer(request)
    found = document_get_visible(request.user, document_id)
    return [_match_out(m) for m in RevisionMatch.objects.filter(document=found).order_by("pk")]


@router.post("/drafts/{int:draft_id}/revision", response=RevisionMatchOut,
             summary="确定修订草稿延续上一版本的哪项任务,或作为新增(督查)")
def draft_revision_resolve(request: HttpRequest, draft_id: int, payload: RevisionResolveIn) -> Any:
    _require_reviewer(request)
    measure = draft_get_visible(request.user, draft_id)
    return _match_out(revision_ambiguity_resolve(measure=measure, task_id=payload.task_id, user=request.user))


@router.post("/revision-matches/{int:match_id}/dropped", response=RevisionMatchOut,
             summary="终止或保留新版本删除的任务(督查)")
def revision_dropped(request: HttpRequest, match_id: int, payload: DroppedDecisionIn) -> Any:
    _require_reviewer(request)
    # A match is seen through its document: another office's revision looks like none at all.
    visible = RevisionMatch.objects.filter(document__in=documents_visible_to(request.user, Document.objects.all()))
    match = get_object_or_404(visible, pk=match_id)
    return _match_out(revision_dropped_decide(match=match, decision=payload.decision, user=request.user))

"""Writes of the documents app: ingesting a file into a document with draft items and measures."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from luoshi.documents.choices import DocumentKind
from luoshi.documents.errors import DocumentReadError
from luoshi.documents.models import Document, DraftMeasure, ExtractedItem

if TYPE_CHECKING:
    from luoshi.documents.extraction import Extraction

logger = logging.getLogger("luoshi.documents")


@dataclass(frozen=True)
class IngestResult:
    document: Document
    created: bool
    item_count: int
    measure_count: int


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_read_file(path: Path) -> tuple[bytes, str]:
    """Read a file's bytes, turning OS errors into a DocumentReadError naming the file."""
    try:
        if not path.is_file():
            raise DocumentReadError("unreadable", str(path), "不是文件或不存在")
        limit = int(settings.LUOSHI["MAX_DOCUMENT_BYTES"])
        if path.stat().st_size > limit:
            raise DocumentReadError("too_large", path.name, f"{limit} bytes")
        return path.read_bytes(), path.name
    except OSError as exc:
        raise DocumentReadError("unreadable", str(path), exc.strerror or str(exc)) from exc


def document_readable(data: bytes, filename: str) -> str:
    """Raise DocumentReadError (naming the file and why) unless `data` can be read as a document;
    returns the content hash of its text (what `document_ingest` recognises a repeat by).

    The ingest page and the API check this before they queue the rest (extraction, revisions,
    suggested parents), so an unreadable upload is refused in the request; reading is the quick step.
    """
    from luoshi.documents.extraction import ReadError, read_document

    try:
        source = read_document(data, filename, max_bytes=int(settings.LUOSHI["MAX_DOCUMENT_BYTES"]))
    except ReadError as exc:
        raise DocumentReadError(exc.code, filename, exc.detail) from exc
    return content_hash(source.text)


def _document_kind(extraction: Extraction) -> str:
    """The stored kind: the genre table's (an unknown genre raises, it is never stored as policy)."""
    from luoshi.documents.extraction.genres import genre_profile

    return DocumentKind(genre_profile(extraction.meta.kind).kind).value


def _section_titles(extraction: Extraction) -> dict[str, list[str]]:
    by_id = {section.id: section for section in extraction.sections}
    return {section.id: list(section.path) for section in by_id.values()}


def _structure_json(extraction: Extraction) -> dict[str, Any]:
    return {
        "sections": [
            {
                "id": s.id, "parent_id": s.parent_id, "level": s.level, "kind": s.kind, "marker": s.marker,
                "title": s.title, "start": s.start, "end": s.end, "path": list(s.path),
                "question": getattr(s, "question", None),
                "speaker": (
                    {"unit": s.speaker.unit, "post": s.speaker.post, "name": s.speaker.name}
                    if s.speaker else None
                ),
            }
            for s in extraction.sections
        ],
        "furniture": [[f.start, f.end] for f in extraction.furniture],
        "speakers": [
            {"unit": sp.unit, "post": sp.post, "name": sp.name} for sp in extraction.meta.speakers
        ],
        "warnings": list(extraction.warnings),
    }


@transaction.atomic
def document_ingest(
    *,
    data: bytes,
    filename: str,
    source_url: str = "",
    unit_directory: Sequence[str] = (),
    user: Any = None,
    reference_date: date | None = None,
    office: Any = None,
) -> IngestResult:
    """Read `data`, extract its structure and items, and store them as drafts.

    Ingesting the same text twice is a no-op that returns the existing document.
    A document whose title matches an earlier document with different text is stored as a
    revision of it (`previous_version`), so reviewers can see what changed.
    Raises DocumentReadError (nothing written) when the file cannot be read.

    `office` (a ledger unit with `is_office`, or None for the installation) owns the new document;
    the ledger passes the uploader's office. A revision is looked for among that office's documents.
    """
    # Imported here so that pages and migrations do not load the pipeline's word lists.
    from luoshi.documents.extraction import ReadError, extract, read_document

    try:
        source = read_document(data, filename, max_bytes=int(settings.LUOSHI["MAX_DOCUMENT_BYTES"]))
    except ReadError as exc:
        raise DocumentReadError(exc.code, filename, exc.detail) from exc
    digest = content_hash(source.text)
    existing = Document.objects.filter(content_hash=digest).first()
    if existing is not None:
        return IngestResult(existing, False, existing.items.count(), existing.measures.count())

    extraction = extract(source.text, unit_directory=unit_directory, reference_date=reference_date)
    title = (extraction.meta.title or Path(filename).stem)[:300]
    previous = Document.objects.filter(title=title, office=office).order_by("-created_at").first()
    document = Document.objects.create(
        title=title,
        issuer=(extraction.meta.issuer or "")[:200],
        issued_on=extraction.meta.date,
        kind=_document_kind(extraction),
        source_url=source_url,
        filename=filename[:255],
        file_kind=source.kind,
        encoding=source.encoding,
        text=source.text,
        content_hash=digest,
        structure=_structure_json(extraction),
        previous_version=previous,
        office=office,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    paths = _section_titles(extraction)
    items = [
        ExtractedItem(
            document=document, kind=item.kind, indicator=item.indicator[:200], value=item.value,
            unit=item.unit[:20], comparator=item.comparator, period=item.period or "", quote=item.quote,
            start=item.start, end=item.end, parts=item.parts, parts_consistent=item.consistent,
            investment=item.investment, section_path=paths.get(item.section_id or "", []),
        )
        for item in extraction.items
    ]
    ExtractedItem.objects.bulk_create(items)
    measures = _drafts_create(document, extraction)
    logger.info("document ingested", extra={"document_id": document.pk, "items": len(items),
                                             "measures": len(measures), "document_filename": filename})
    return IngestResult(document, True, len(items), len(measures))


def _drafts_create(document: Document, extraction: Extraction) -> list[DraftMeasure]:
    """The document's drafts: its task list where its genre is a plan and it has one (headings as
    heading drafts, each measure under its heading with every unit, deadline, person and outcome
    its note states), else its action measures."""
    from luoshi.documents.extraction.genres import genre_profile

    tasks = extraction.tasks
    if genre_profile(extraction.meta.kind).task_list_drafts and any(not task.heading for task in tasks):
        return _drafts_from_tasks(document, extraction)
    measures = [
        DraftMeasure(
            document=document, title=measure.title[:300], text=measure.text, start=measure.start, end=measure.end,
            category=(measure.category[-1] if measure.category else "")[:200], section_path=list(measure.category),
            lead_unit_name=(measure.lead_unit or "")[:200], deadline=measure.deadline,
            deadline_text=(measure.deadline_text or "")[:50], target=_item_json(measure.target),
        )
        for measure in extraction.measures
    ]
    return DraftMeasure.objects.bulk_create(measures)


# A category joins the heading path: 一、强化创新 › （一）培育主体.
CATEGORY_SEPARATOR = " › "


def _drafts_from_tasks(document: Document, extraction: Extraction) -> list[DraftMeasure]:
    """One draft per entry of the task list, in order; headings are saved first so that the
    measures under them can name them. A measure's quantified target is the first one the
    measure step found inside its span."""
    text = extraction.text
    targets = sorted(((m.start, m.target) for m in extraction.measures if m.target is not None),
                     key=lambda pair: pair[0])
    headings: dict[int, DraftMeasure] = {}
    drafts: list[DraftMeasure] = []
    for task in extraction.tasks:
        path = list(task.category)
        parent = headings.get(task.parent_id) if task.parent_id is not None else None
        common = {
            "document": document, "title": task.title[:300], "text": text[task.start : task.end],
            "start": task.start, "end": task.end, "section_path": path, "parent": parent,
            "category": CATEGORY_SEPARATOR.join(path)[:200],
        }
        if task.heading:
            heading = DraftMeasure.objects.create(heading=True, **common)
            headings[task.id] = heading
            drafts.append(heading)
            continue
        leads = [unit for unit in task.lead_units if unit.strip()]
        problems = list(task.problems)
        if len(leads) > 1:
            problems.append("several_lead_units")  # the first leads; the others are kept as co-units
        target = next((t for start, t in targets if task.start <= start < task.end), None)
        drafts.append(DraftMeasure(
            lead_unit_name=(leads[0] if leads else "")[:200],
            co_unit_names=[unit for unit in [*leads[1:], *task.co_units] if unit.strip()],
            deadline=task.deadline, deadline_text=(task.deadline_text or "")[:50], ongoing=task.ongoing,
            responsible_person_name=(task.responsible_person or "")[:100],
            expected_outcome=task.expected_outcome or "", problems=problems, target=_item_json(target),
            **common,
        ))
    DraftMeasure.objects.bulk_create([draft for draft in drafts if draft.pk is None])
    return drafts


def _item_json(item: Any) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "kind": item.kind, "indicator": item.indicator, "value": item.value, "unit": item.unit,
        "comparator": item.comparator, "period": item.period, "start": item.start, "end": item.end,
    }


DRAFT_EDITABLE_FIELDS = ("title", "category", "lead_unit_name", "co_unit_names", "responsible_person_name",
                         "expected_outcome", "deadline", "ongoing")


@transaction.atomic
def draft_measure_update(*, measure: DraftMeasure, changes: dict[str, Any]) -> DraftMeasure:
    """Edit a draft before it is confirmed: its title, category, units as written, person, outcome, deadline.

    Who may edit is the reviewers' right (the ledger's `Action.DRAFT_REVIEW`), checked by the
    interfaces as for confirming; a draft already confirmed or rejected is not edited.
    """
    from django.utils.translation import gettext as _

    from luoshi.core.errors import DomainError
    from luoshi.documents.choices import DraftStatus

    measure = DraftMeasure.objects.select_for_update().get(pk=measure.pk)
    if measure.status != DraftStatus.DRAFT:
        raise DomainError(_("该草稿已审核,不能再修改。"), code="already_reviewed")
    unknown = set(changes) - set(DRAFT_EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for field, value in changes.items():
        setattr(measure, field, value)
    measure.full_clean()
    measure.save(update_fields=[*changes, "updated_at"])
    return measure

"""Writes of the briefings app: generate, edit and render briefings; queue exports."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from luoshi.briefings import rules, sources
from luoshi.briefings.choices import FigureSource, JobKind
from luoshi.briefings.exports.briefing_content import briefing_view
from luoshi.briefings.exports.briefing_docx import briefing_docx
from luoshi.briefings.exports.briefing_pdf import briefing_pdf
from luoshi.briefings.filtersets import TaskDrillFilterSet
from luoshi.briefings.jobs import JobOutcome, job_creator, job_enqueue
from luoshi.briefings.models import Briefing, Job
from luoshi.briefings.selectors import briefing_figures, scope_filters, scope_label
from luoshi.core.errors import Conflict, DomainError
from luoshi.ledger.permissions import Action, require
from luoshi.ledger.selectors.taskforces import MSG_TASKFORCE_NOT_FOUND

Progress = Callable[[int, str], None]

MSG_BAD_PERIOD = _("期别格式不正确,应为 2024-09、2024-Q3 或 2024。")
MSG_CONFLICT = _("这份简报已被他人修改(当前版本 %(current)s,您编辑的是版本 %(yours)s)。请刷新后重新修改。")
MSG_EMPTY_SECTION = _("每一部分都须有标题。")


def _noop(percent: int, message: str = "") -> None:
    return None


def _check_period(period: str) -> None:
    try:
        rules.period_bounds(period)
    except ValueError as exc:
        raise DomainError(MSG_BAD_PERIOD, code="invalid_period", field="period") from exc


def _clean_scope(scope: Mapping[str, Any], user: Any) -> dict[str, Any]:
    """The scope's drill-down filters, checked: well-formed, and a task force only one `user` may
    see (its name would head the briefing)."""
    cleaned = scope_filters(scope)
    filterset = TaskDrillFilterSet(data=cleaned)
    if not filterset.is_valid():
        raise DomainError(_("范围条件不正确。"), code="invalid_scope", field="scope")
    task_force = filterset.form.cleaned_data.get("task_force")
    if task_force is not None and int(task_force) not in dict(sources.task_force_choices(user)):
        raise DomainError(MSG_TASKFORCE_NOT_FOUND, code="invalid_scope", field="scope")
    return cleaned


def briefing_title(*, period: str, label: str) -> str:
    return _gettext("%(scope)s重点任务落实情况工作简报（%(period)s）") % {
        "scope": label, "period": rules.period_label(period)}


def briefing_generate_enqueue(*, user: Any, period: str, scope: Mapping[str, Any], title: str = "") -> Job:
    """Check the request and queue the generation; the job's result names the new briefing."""
    require(user, Action.BRIEFING_GENERATE)
    _check_period(period)
    return job_enqueue(kind=JobKind.BRIEFING_GENERATE, user=user,
                       params={"period": period, "scope": _clean_scope(scope, user), "title": title})


def briefing_generate(*, user: Any, period: str, scope: Mapping[str, Any], title: str = "",
                      progress: Progress = _noop) -> Briefing:
    """Compute the figures of `period` and `scope` in `user`'s visibility, write the text from them,
    save the briefing and render its Word and PDF files.

    Raises PermissionDenied, or DomainError for a malformed period or scope.
    """
    require(user, Action.BRIEFING_GENERATE)
    _check_period(period)
    scope = _clean_scope(scope, user)
    progress(10, _gettext("正在统计任务数据…"))
    figures = briefing_figures(user=user, period=period, scope=scope)
    figures["derived"] = rules.derived_figures(figures["counts"], figures["projects"], figures.get("proposals"))
    label = scope_label(scope, user=user)
    progress(40, _gettext("正在撰写简报正文…"))
    sections = rules.compose_sections(
        counts=figures["counts"], period=period, scope_label=label, categories=figures["categories"],
        moved=figures["moved"], slipped=figures["slipped"], indicators=figures["indicators"],
        projects=figures["projects"], results=figures["results"],
        as_of=date.fromisoformat(figures["as_of"]), proposals=figures.get("proposals"),
    )
    start, end = rules.period_bounds(period)
    briefing = Briefing(
        title=(title or briefing_title(period=period, label=label))[:200], period=period, period_start=start,
        period_end=end, scope=scope, scope_label=label[:200], sections=list(sections), figures=figures,
        figure_source=figures["source"], snapshot_period=figures["snapshot_period"], generated_at=timezone.now(),
        created_by=user, updated_by=user,
    )
    briefing.full_clean()
    with transaction.atomic():
        briefing.save()
    # Outside a transaction on purpose: the job's progress writes must be visible to the polling page.
    return briefing_render(briefing=briefing, progress=lambda p, m: progress(50 + p // 2, m))


def briefing_footer(briefing: Briefing) -> str:
    computed = str(briefing.figures.get("computed_at", ""))[:16].replace("T", " ")
    if briefing.figure_source == FigureSource.SNAPSHOT:
        return _gettext("数据来源：%(period)s评估快照（统计于 %(at)s）") % {
            "period": rules.period_label(briefing.snapshot_period), "at": computed}
    return _gettext("数据来源：任务台账实时数据（统计于 %(at)s）") % {"at": computed}


def briefing_signer(briefing: Briefing) -> str:
    """The office that issues the briefing (落款): its author's unit, else "" (the installation's)."""
    person = getattr(briefing.created_by, "person", None) if briefing.created_by_id else None
    unit = getattr(person, "unit", None)
    return str(unit.name) if unit is not None else ""


def briefing_subtitle(briefing: Briefing) -> str:
    parts = [rules.period_label(briefing.period), briefing.scope_label or _gettext("全部任务")]
    return "　".join(parts)  # an ideographic space: the PDF's CJK font has no middle dot


def briefing_render(*, briefing: Briefing, progress: Progress = _noop) -> Briefing:
    """Write the Word and PDF files from the briefing's current text and frozen figures."""
    view = briefing_view(title=briefing.title, subtitle=briefing_subtitle(briefing),
                         sections=list(briefing.sections), figures=dict(briefing.figures),
                         footer=briefing_footer(briefing), signer=briefing_signer(briefing),
                         day=timezone.localdate(briefing.generated_at))
    progress(20, _gettext("正在生成 Word 文件…"))
    docx = briefing_docx(view)
    progress(60, _gettext("正在生成 PDF 文件…"))
    pdf = briefing_pdf(view)
    stem = f"briefing-{briefing.pk}-v{briefing.version}"
    for field in (briefing.docx_file, briefing.pdf_file):
        if field:
            field.delete(save=False)
    briefing.docx_file.save(f"{stem}.docx", ContentFile(docx), save=False)
    briefing.pdf_file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    briefing.rendered_version = briefing.version
    # Files are not part of the text's history: a plain UPDATE keeps the history to edits people made.
    Briefing.objects.filter(pk=briefing.pk).update(docx_file=briefing.docx_file.name, pdf_file=briefing.pdf_file.name,
                                                   rendered_version=briefing.rendered_version)
    progress(100, _gettext("已完成"))
    return briefing


def _clean_sections(sections: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for index, section in enumerate(sections):
        heading = str(section.get("heading", "")).strip()
        if not heading:
            raise DomainError(MSG_EMPTY_SECTION, code="invalid_sections", field="sections")
        body = "\n".join(line.rstrip() for line in str(section.get("body", "")).replace("\r\n", "\n").split("\n"))
        cleaned.append({"key": str(section.get("key") or f"s{index}"), "heading": heading[:200],
                        "body": body.strip()})
    return cleaned


@transaction.atomic
def briefing_update(*, briefing: Briefing, user: Any, expected_version: int, title: str | None = None,
                    sections: Sequence[Mapping[str, Any]] | None = None, status: str | None = None,
                    render: bool = True) -> tuple[Briefing, Job | None]:
    """Save an editor's text; the figures stay as generated. Queues new Word/PDF files.

    Raises PermissionDenied, Conflict when someone saved since `expected_version` was read,
    DomainError for a section without heading.
    """
    require(user, Action.BRIEFING_EDIT, briefing)
    locked = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if locked.version != expected_version:
        raise Conflict(MSG_CONFLICT % {"current": locked.version, "yours": expected_version})
    if title is not None:
        locked.title = title.strip()[:200] or locked.title
    if sections is not None:
        locked.sections = _clean_sections(sections)
    if status is not None:
        locked.status = status
    locked.updated_by = user
    locked.version += 1
    locked.full_clean()
    locked.save()
    job = None
    if render:
        job = job_enqueue(kind=JobKind.BRIEFING_RENDER, user=user,
                          params={"briefing_id": locked.pk, "version": locked.version})
    return locked, job


def briefing_number_warnings(briefing: Briefing) -> list[str]:
    """Numbers in the edited text that the frozen figures do not contain (see rules.numbers_not_in_figures)."""
    import json

    # The roadmap's bars (ids, positions in percent) are drawing, not figures the text may quote.
    figures = {k: v for k, v in briefing.figures.items() if k != "roadmap"}
    roadmap = briefing.figures.get("roadmap") or {}
    figures["roadmap"] = {k: roadmap.get(k) for k in ("shown", "candidates", "dated")}
    generated = json.dumps(figures, ensure_ascii=False)
    text = "\n".join(f"{s.get('heading', '')}\n{s.get('body', '')}" for s in briefing.sections)
    known = [generated, briefing.period, briefing.title]
    return rules.numbers_not_in_figures(text, known)


def ledger_export_enqueue(*, user: Any, filters: Mapping[str, Any], headings: bool = False) -> Job:
    """Queue an Excel export of the tasks `user` sees under `filters` (the list on screen; with
    `headings`, the ledger list's, which keeps the headings of a plan)."""
    require(user, Action.LEDGER_EXPORT)
    clean = {k: v for k, v in filters.items() if k in TaskDrillFilterSet.base_filters and v not in ("", None)}
    return job_enqueue(kind=JobKind.LEDGER_EXPORT, user=user, params={"filters": clean, "headings": headings})


# --- job handlers --------------------------------------------------------------------------------

def briefing_generate_job(job: Job, progress: Progress) -> JobOutcome:
    params = job.params
    briefing = briefing_generate(user=job_creator(job), period=str(params.get("period", "")),
                                 scope=dict(params.get("scope") or {}), title=str(params.get("title") or ""),
                                 progress=progress)
    return JobOutcome(result={"briefing_id": briefing.pk, "url": briefing.get_absolute_url()})


def briefing_render_job(job: Job, progress: Progress) -> JobOutcome:
    briefing = Briefing.objects.filter(pk=job.params.get("briefing_id")).first()
    if briefing is None:
        raise DomainError(_("简报不存在。"), code="not_found")
    if briefing.version != job.params.get("version"):
        # A later edit queued its own render; this one would write outdated files.
        return JobOutcome(result={"briefing_id": briefing.pk, "skipped": True, "url": briefing.get_absolute_url()})
    briefing_render(briefing=briefing, progress=progress)
    return JobOutcome(result={"briefing_id": briefing.pk, "url": briefing.get_absolute_url()})


def period_default(today: datetime | None = None) -> str:
    """The month just ended ("2024-09" during October): briefings report on a closed month."""
    day = (today or timezone.localtime()).date()
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return f"{year}-{month:02d}"

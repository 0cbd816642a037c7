"""Ledger pages: the filtered task list and the task page with its highlighted source."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from luoshi.core.audit import audit_record_check
from luoshi.core.text import Highlight, highlight_text
from luoshi.core.viewutils import list_page
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import Action, can, can_edit_task, task_get_visible, tasks_visible_to
from luoshi.ledger.selectors import task_history, task_list
from luoshi.ledger.selectors.linking import task_ancestors
from luoshi.ledger.selectors.tasks import TASK_LIST_KEY

PAGE_SIZE = 25
LEDGER_ROW_FIELDS = ("code", "kind", "title", "target_value", "target_unit", "level", "category", "lead_unit",
                     "deadline", "status", "light")


def ledger_page_rows(rows: QuerySet[Task]) -> QuerySet[Task]:
    """What a row of the ledger's page reads: these columns and the lead unit only, not the
    co-units (a query), the responsible person, nor the long texts the API and the export read."""
    return rows.select_related(None).select_related("lead_unit").prefetch_related(None).only(*LEDGER_ROW_FIELDS)


# What a row of the task page's table of children shows (not the long texts); the parent too,
# which Django sets on each row read through `task.children`.
CHILD_ROW_FIELDS = ("code", "title", "level", "lead_unit", "weight", "progress_percent", "rollup_progress", "light",
                    "rollup_light", "children_count", "parent")


# Later apps (indicators, projects, reports, oversight) add a panel to the task page by
# shipping one of these templates; the ledger does not import them, so no cycle arises.
TASK_PANEL_TEMPLATES = [
    "indicators/_task_panel.html",
    "projects/_task_panel.html",
    "reports/_task_panel.html",
    "oversight/_task_panel.html",
]


def _available_panels() -> list[str]:
    panels = []
    for name in TASK_PANEL_TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
        panels.append(name)
    return panels


@login_required
def task_list_view(request: HttpRequest) -> HttpResponse:
    listing = task_list(user=request.user, filters=request.GET).shaped(ledger_page_rows)
    page, query = list_page(request, listing.rows, size=PAGE_SIZE, key=TASK_LIST_KEY, walk=listing.walk,
                            counted=listing.counted)
    return render(request, "ledger/task_list.html", {"filter": listing.filterset, "page": page, "query": query})


@login_required
def task_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    # The office too: the page names it; and whether it has children, which the oversight
    # panel's forecast asks (a query less there).
    task = task_get_visible(request.user, pk,
                            Task.objects.with_related().select_related("office").with_children_flag())
    source_html = None
    if task.source_document is not None and task.source_start is not None and task.source_end is not None:
        source_html = highlight_text(
            task.source_document.text, [Highlight(task.source_start, task.source_end, "source", "source-highlight")]
        )
    children = tasks_visible_to(request.user, task.children.all()).select_related("lead_unit").only(*CHILD_ROW_FIELDS)
    history = task_history(user=request.user, task=task, limit=50)
    return render(request, "ledger/task_detail.html", {
        "task": task, "source_html": source_html, "children": children, "history": history,
        "ancestors": task_ancestors(task), "can_link": can(request.user, Action.TASK_LINK, task),
        "audit": audit_record_check(task),
        "can_edit": can_edit_task(request.user, task), "panels": _available_panels(),
    })

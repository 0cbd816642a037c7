"""Home page: the first dashboard (tasks by category and by status)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.selectors import home_counts, task_counts_by


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", home_counts(user=request.user))


@login_required
def dashboard_data(request: HttpRequest) -> JsonResponse:
    """Counts for the home charts, in the user's visibility."""
    status_labels = dict(TaskStatus.choices)
    by_category = task_counts_by(user=request.user, field="category")
    by_status = task_counts_by(user=request.user, field="status")
    return JsonResponse({
        "by_category": [{"name": row["category"] or "—", "value": row["count"]} for row in by_category[:15]],
        "by_status": [
            {"name": str(status_labels.get(row["status"], row["status"])), "key": row["status"], "value": row["count"]}
            for row in by_status
        ],
    })

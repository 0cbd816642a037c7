"""Workload pages (工作量): every unit, one unit, one person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from luoshi.ledger import selectors
from luoshi.ledger.models import Person, Unit
from luoshi.ledger.permissions import (
    Action,
    require,
)


@login_required
def workload_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.WORKLOAD_VIEW)
    return render(request, "ledger/organise/workload.html", {"rows": selectors.unit_workload_rows(user=request.user)})


@login_required
def workload_unit_view(request: HttpRequest, pk: int) -> HttpResponse:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404
    require(request.user, Action.WORKLOAD_VIEW, unit)
    return render(request, "ledger/organise/workload_unit.html", {
        "load": selectors.unit_workload(user=request.user, unit=unit)})


@login_required
def workload_person_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404
    require(request.user, Action.WORKLOAD_VIEW, person)
    return render(request, "ledger/organise/workload_person.html", {
        "load": selectors.person_workload(user=request.user, person=person)})

"""How pages turn domain errors into responses.

A refusal of role is a 403 page and an invisible object a 404, exactly as the API answers;
any other domain rule (closed period, bad file, conflict) becomes a message on the page
that was submitted, with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from luoshi.core.bounds import YEAR_MAX, YEAR_MIN, id_or_none
from luoshi.core.errors import DomainError, NotFound, PermissionDenied
from luoshi.core.pagination import ListPage, page_number, page_of

T = TypeVar("T")
M = TypeVar("M", bound=Model)


def attempt(action: Callable[..., T], /, **kwargs: Any) -> tuple[T | None, str | None]:
    """Call a service; return (result, None), or (None, message) for a domain rule refusing it.

    PermissionDenied becomes Django's (a 403 page) and NotFound a 404, so a page refuses
    exactly what the API refuses, with the same status.
    """
    try:
        return action(**kwargs), None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc.message)) from exc
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    except DomainError as exc:
        return None, str(exc.message)
    except ValidationError as exc:
        messages = exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]
        return None, " ".join(str(m) for group in messages for m in group)


def datalist_options(request: HttpRequest, *, allowed: bool, refusal: str, typed_in: str,
                     options: Callable[[str], Iterable[tuple[str, str]]]) -> HttpResponse:
    """A search box's <option>s for its <datalist> (the value filled in, a label beside it), from
    what was typed in the GET field `typed_in`: the task page's searches for a key project or an
    indicator to link. 403 with `refusal` when not `allowed`, before `options` reads anything."""
    if not allowed:
        raise DjangoPermissionDenied(refusal)
    typed = request.GET.get(typed_in) or request.GET.get("q") or ""
    return render(request, "core/_datalist_options.html", {"options": list(options(typed))})


def next_or(request: HttpRequest, default: str) -> str:
    """Where a form asks to go back to (its `next` field): a page of this site, else `default`.
    One check for every form, Django's own (the project and indicator forms each had theirs, and
    the inbox's followed any address)."""
    wanted = request.POST.get("next") or ""
    # A path, not a word: redirect() reads a word without "/" as the name of a view.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return wanted
    return default


def year_and_as_of(request: HttpRequest, *, default_year: Callable[[], int], default_as_of: Callable[[int], date],
                   year: int | None = None) -> tuple[int, date]:
    """?year= and ?as_of= (YYYY-MM-DD) of a figures page, or their defaults; a malformed year or
    as_of is reported with a message and the default is used."""
    if year is None:
        asked = id_or_none(request.GET.get("year"))
        if request.GET.get("year") and (asked is None or not YEAR_MIN <= asked <= YEAR_MAX):
            django_messages.error(request, _("年份应为 %(low)s 至 %(high)s 之间的整数。") % {"low": YEAR_MIN, "high": YEAR_MAX})
            asked = None
        year = asked or default_year()
    as_of = default_as_of(year)
    raw = request.GET.get("as_of")
    if raw:
        try:
            as_of = date.fromisoformat(raw)
        except ValueError:
            django_messages.error(request, _("截至日期应写成 2024-06-30 的形式。"))
    return year, as_of


def list_page(request: HttpRequest, queryset: QuerySet[M], *, size: int,
              key: Sequence[str] | None = None, count_with_rows: bool = False,
              walk: QuerySet[M] | None = None, counted: QuerySet[Any] | None = None
              ) -> tuple[ListPage[M], str]:
    """The page of a long list that `?page=` and `?cursor=` ask for (see core.pagination, which
    says when `count_with_rows`, `walk` and `counted` fit), and the rest of the query string for the page
    links. A page number past the cap shows the last page reachable by number; a mangled cursor
    shows the first page with a message."""
    query = request.GET.copy()
    query.pop("page", None)
    cursor = query.pop("cursor", [""])[-1] or None
    number = page_number(request.GET.get("page"), size)
    try:
        page = page_of(queryset, size=size, number=number, cursor=cursor, key=key, count_with_rows=count_with_rows,
                       walk=walk, counted=counted)
    except DomainError as exc:
        django_messages.warning(request, str(exc.message))
        page = page_of(queryset, size=size, key=key, count_with_rows=count_with_rows, walk=walk, counted=counted)
    return page, query.urlencode()

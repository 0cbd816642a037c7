"""cached_reverse gives what reverse() gives, for every address it keeps and every argument."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import (
    NoReverseMatch,
    clear_script_prefix,
    path,
    register_converter,
    reverse,
    set_script_prefix,
)

from luoshi.core import urlcache
from luoshi.core.urlcache import address_template, cached_reverse


def _view(*_args: Any, **_kwargs: Any) -> HttpResponse:
    return HttpResponse()


class Padded:
    """A converter that writes its integer with leading zeros: no template can hold it."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


register_converter(Padded, "padded")

urlpatterns = [
    path("plain/", _view, name="plain"),
    path("things/<int:pk>/", _view, name="thing"),
    path("pairs/<int:a>/<int:b>/", _view, name="pair"),
    path("years/<padded:year>/", _view, name="year"),
    path("918273645/<int:pk>/", _view, name="placeholder_in_path"),
]


@pytest.fixture
def urls(settings: Any) -> None:
    settings.ROOT_URLCONF = __name__
    urlcache._templates.clear()


@pytest.mark.parametrize(("name", "args"), [
    ("plain", ()), ("thing", (1,)), ("thing", (0,)), ("thing", (123456789012,)), ("pair", (3, 40)),
    ("year", (7,)), ("year", (2026,)), ("placeholder_in_path", (5,)),
])
def test_it_gives_what_reverse_gives(urls: None, name: str, args: tuple[int, ...]) -> None:
    for _ in range(2):  # the second from the kept template
        assert cached_reverse(name, *args) == reverse(name, args=args)


def test_what_reverse_refuses_it_refuses(urls: None) -> None:
    cached_reverse("thing", 1)
    for bad in [(-1,), ("x",), (None,)]:
        with pytest.raises(NoReverseMatch):
            cached_reverse("thing", *bad)  # type: ignore[arg-type]
    with pytest.raises(NoReverseMatch):
        cached_reverse("no_such_page")


def test_each_script_prefix_has_its_own_addresses(urls: None) -> None:
    assert cached_reverse("thing", 2) == "/things/2/"
    try:
        set_script_prefix("/luoshi/")
        assert cached_reverse("thing", 2) == "/luoshi/things/2/" == reverse("thing", args=[2])
    finally:
        clear_script_prefix()
    assert cached_reverse("thing", 2) == "/things/2/"


def test_the_installations_pages_are_reversed_alike(db: None) -> None:
    from luoshi.ledger.models import Task

    assert Task(pk=42).get_absolute_url() == reverse("ledger:task_detail", args=[42]) == "/ledger/tasks/42/"


def test_an_address_template_holds_the_placeholder_where_the_integer_goes(urls: None) -> None:
    assert address_template("thing", "{id}") == "/things/{id}/"
    assert address_template("thing", "{id}").replace("{id}", "5") == reverse("thing", args=[5])
    with pytest.raises(ValueError):
        address_template("year", "{}")  # its converter pads the integer: no template

"""The form renderer: Django's templates, except that a <select> is written in Python.

Django renders each <option> by including a template (`select_option.html`, then `attrs.html`), some
60 µs an option. A province's 200 offices and units in the ledger's two unit filters made the form
70 % of the ledger page's time (issue 15). `select.html` is rendered here instead, to exactly the
markup Django's templates give (pinned by core/tests/test_formrenderer.py); any other widget, and a
select whose options use another template, goes through the templates as before.

A long list of options that repeats on every page (the units and offices of a province's filters)
may also be drawn through `RememberedSelect`, which keeps the markup it drew for the same options,
value and attributes. With a shared cache (Redis), a whole filter bar whose options come from
known tables is kept as drawn (`fields_drawn`), and its options are not even read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from luoshi.core.kept import kept_here

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: Mapping[str, Any]) -> str:
    """As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}" if value is True
                     else f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(option: Mapping[str, Any]) -> str:
    # The template file ends in a newline, which its include keeps.
    return (f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
            f'{conditional_escape(option["label"])}</option>\n')


def render_select(widget: Mapping[str, Any]) -> SafeString:
    """The markup of django/forms/widgets/select.html for a widget context."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(f"\n  {_option(option)}" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308  every value above is escaped


def _plain_options(optgroups: Iterable[tuple[Any, Iterable[Mapping[str, Any]], Any]]) -> bool:
    return all(option.get("template_name") == OPTION_TEMPLATE for _name, group, _index in optgroups for option in group)


class QuickSelectRenderer(DjangoTemplates):
    """Django's default renderer, with <select> written in Python (see the module's docstring)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name == SELECT_TEMPLATE and widget is not None:
            widget["optgroups"] = list(widget["optgroups"])
            if _plain_options(widget["optgroups"]):
                return render_select(widget)
        return super().render(template_name, context, request=request)


# How many drawn <select>s a process keeps (a unit filter's is about 20 KB): enough for every
# filter's empty and chosen states on a busy site; past it the memory is emptied and refilled.
REMEMBERED_SELECTS = 256
_remembered: dict[tuple[Any, ...], SafeString] = {}


class RememberedSelect(forms.Select):
    """A <select> that keeps, in the process, the markup it drew for the same options, value and
    attributes, and draws it once more only when one of them changes.

    Building and escaping a province's 200 units' options was a quarter of the ledger page's time
    (issue 15). The options are still read on every render (the field's query runs): the key is
    made of their values and labels as this request's language gives them, so a unit renamed,
    added or removed, another language or another choice draws afresh, and nothing stale shows.
    Grouped options are not kept.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        # Read by iterating: list() would first ask a model field's options for their length,
        # which is a COUNT query of its own.
        choices = [choice for choice in self.choices]  # noqa: C416
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            self.choices = choices
            return super().render(name, value, attrs, renderer)
        options = tuple((str(option_value), str(label)) for option_value, label in choices)
        final_attrs = self.build_attrs(self.attrs, attrs)
        key = (type(renderer).__name__, name, tuple(self.format_value(value)), self.is_required,
               self.allow_multiple_selected, tuple(sorted((k, str(v)) for k, v in final_attrs.items())), options)
        drawn = _remembered.get(key)
        if drawn is None:
            self.choices = choices  # drawn from the options already read: the field's query runs once
            drawn = super().render(name, value, attrs, renderer)
            if len(_remembered) >= REMEMBERED_SELECTS:
                _remembered.clear()
            _remembered[key] = drawn
        return drawn


def _data_key(form: forms.Form) -> tuple[Any, ...]:
    """What of the form's data its fields can show: the values under each field's name (a widget
    of several inputs names them with a suffix: `deadline_0`), as the data holds them."""
    data = form.data
    names = tuple(form.add_prefix(name) for name in form.fields)
    if not data:
        return ()
    getlist = getattr(data, "getlist", None)
    return tuple(sorted(
        (key, make_hashable(getlist(key) if getlist is not None else data[key]))
        for key in data if key.startswith(names)
    ))


def fields_drawn(form: forms.Form) -> SafeString:
    """Each of `form`'s fields as `<label>label<input…></label>`, as a filter bar shows them.

    A form whose options all come from the tables its `options_tokens` name (core.kept) is drawn
    once per process for the same data and language, while those tokens stay current: a
    province's ledger filters hold 600 units and offices, and drawing them was a quarter of the
    page (issue 15). Any other form is drawn every time.
    """

    def draw() -> SafeString:
        return mark_safe("".join(format_html("<label>{}{}</label>", field.label, field) for field in form))  # noqa: S308

    tokens = getattr(form, "options_tokens", None)
    if tokens is None:
        return draw()
    key = ("fields_drawn", type(form).__module__, type(form).__qualname__, get_language(), form.is_bound,
           _data_key(form))
    return kept_here(key, tokens, draw)

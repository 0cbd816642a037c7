"""The form renderer: Django's templates, except that a <select> is written in Python.

Django renders each <option> by including a template (`select_option.html`, then `attrs.html`), some
60 µs an option. A province's 200 offices and units in the ledger's two unit filters made the form
70 % of the ledger page's time (issue 15). `select.html` is rendered here instead, to exactly the
markup Django's templates give (pinned by core/tests/test_formrenderer.py); any other widget, and a
select whose options use another template, goes through the templates as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

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

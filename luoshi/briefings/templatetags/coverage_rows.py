"""`{% coverage_rows rows %}`: the coverage tree's lines, written in Python.

A page of the tree holds up to 10 top tasks with 10 tasks drawn beneath each, every line with a
dozen values and a breakdown of links by level and unit: the template engine resolved some 2,000
variables for them, 4.7 ms of a supervisor's page at 100,000 tasks (issue 15). As the ledger's rows
(ledger/templatetags/ledger_rows.py), each line here is one string format of values put through
the steps `{{ }}` takes (localised where a number, escaped), each word translated once per page:
the lines are byte for byte what the template loop drew (briefings/tests/test_coverage_rows.py
keeps that loop and compares, in both languages).

The rows are those `briefings.selectors.coverage` lists: a task's line (`_coverage_row`), or a
"more beneath" line (`more`, `url`, `indent`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

_MORE = "<li class=\"more\" style=\"margin-left:{indent}rem\"><a href=\"{url}\">{words}</a></li>"
_TASK = ("<li class=\"{gap_class}\" data-task=\"{code}\" style=\"margin-left:{indent}rem\">\n"
         "  <span class=\"badge\">{badge}</span>\n"
         "  <a href=\"{url}\">{label}</a>\n"
         "  <span class=\"muted small\">{unit} · {progress}</span>\n"
         "  {gap}\n"
         "  {breakdown}\n"
         "  </li>")
_BREAKDOWN = "<div class=\"small breakdown\">{below}:{levels}\n    | {units}</div>"
_LINK = "<a href=\"{url}\">{label} {n}</a>"
_EMPTY = "<li class=\"muted\">{}</li>"


def _shown(value: Any) -> str:
    """`{{ value }}`: localised where a number, escaped (a plain text only escaped: most values are)."""
    if type(value) is str:
        return html.escape(value)  # what django.utils.html.escape does, without its lazy-text wrapper
    return str(conditional_escape(formats.localize(value)))


def _links(entries: Iterable[Mapping[str, Any]], between: str) -> str:
    """`{% for b in entries %}<a …>{{ b.label }} {{ b.n }}</a>{% if not forloop.last %}between{% endif %}{% endfor %}`."""
    return between.join(_LINK.format(url=_shown(b["url"]), label=_shown(b["label"]), n=_shown(b["n"]))
                        for b in entries)


@register.simple_tag
def coverage_rows(rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """The tree's lines in pre-order, or the line saying no task matches."""
    gap_badge = f"<span class=\"badge light-yellow\">{conditional_escape(gettext('尚无下级举措'))}</span>"
    below = str(conditional_escape(gettext("下级")))
    more_words = gettext("…其余 %(n)s 项下级任务")  # as {% blocktranslate %}: the words as they are, n escaped
    drawn = []
    for row in rows:
        if row.get("more") is not None:
            drawn.append(_MORE.format(indent=_shown(row["indent"]), url=_shown(row["url"]),
                                      words=more_words % {"n": _shown(row["more"])}))
            continue
        breakdown = row["breakdown"]
        drawn.append(_TASK.format(
            gap_class="gap" if row["gap"] else "", code=_shown(row["code"]), indent=_shown(row["indent"]),
            badge=_shown(row["badge"]), url=_shown(row["url"]), label=_shown(row["label"]),
            unit=_shown(row["unit"]), progress=_shown(row["progress"]), gap=gap_badge if row["gap"] else "",
            breakdown=_BREAKDOWN.format(below=below, levels=_links(breakdown["levels"], " · "),
                                        units=_links(breakdown["units"], "、")) if breakdown else ""))
    if not drawn:
        return mark_safe(_EMPTY.format(conditional_escape(gettext("没有符合条件的任务。"))))  # escaped above
    return mark_safe("".join(drawn))  # every value above is escaped

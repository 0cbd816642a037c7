"""The reasons shown beside a suggested parent, as message templates.

This package imports no Django, so the templates are only marked here (`gettext_noop` is the
name `makemessages` looks for); a page translates `Reason.template` with Django's gettext and
fills in `Reason.params`. `Reason.detail` is the Chinese text, filled in.
"""

from __future__ import annotations

from typing import Final


def gettext_noop(message: str) -> str:
    """Mark `message` for translation and return it unchanged."""
    return message


CODE: Final = gettext_noop("文中注明任务编号：{code}")
REFERENCE: Final = gettext_noop("文中注明“{snippet}”")
NUMBERING_ITEM: Final = gettext_noop("编号相同：第{item}条")
NUMBERING_PART_ITEM: Final = gettext_noop("编号相同：第{part}部分第{item}项")
NUMBERING_PATH: Final = gettext_noop("编号相同：{path}")
PHRASES: Final = gettext_noop("共有关键词：{phrases}")
SAME_LEAD: Final = gettext_noop("牵头单位相同：{unit}")
COUNTERPART_LEAD: Final = gettext_noop("牵头单位对口：{unit}（上级任务牵头：{parent_unit}）")
COUNTERPART_CO_UNIT: Final = gettext_noop("{unit}对口上级任务的配合单位")

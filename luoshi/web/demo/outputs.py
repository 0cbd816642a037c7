"""Demo outputs: a few published measures with plain-language explanations, and a first briefing.

Idempotent: measures are published only while none is public, and a briefing is generated only
while there is none, so a second `make run` changes nothing.
"""

from __future__ import annotations

from typing import Any

from luoshi.briefings.models import Briefing
from luoshi.briefings.services import briefing_generate
from luoshi.core.clock import business_today
from luoshi.ledger.models import Task
from luoshi.portal.services import task_publication_update

DEMO_PUBLISHED = 12

# Demo only: the industries a measure plausibly serves, by words in its text. A supervisor
# writes these on the publication page in real use.
DEMO_INDUSTRIES = [
    (("科技", "创新", "研发", "实验室"), "科技服务、生物医药、智能制造"),
    (("港口", "航运", "物流"), "港口物流、航运服务"),
    (("金融", "融资", "保险"), "金融服务"),
    (("产业", "制造", "数字", "智能"), "智能制造、信息技术"),
    (("开放", "外资", "贸易", "消费"), "商贸流通、外贸"),
    (("绿色", "生态", "碳", "能源"), "新能源、节能环保"),
]


def _industries(text: str) -> str:
    for words, industries in DEMO_INDUSTRIES:
        if any(w in text for w in words):
            return industries
    return ""


def _areas(text: str) -> str:
    return "天津港保税区" if "保税区" in text else ("滨海高新区" if "高新区" in text else "")


def _explanation(task: Task) -> str:
    parts = [f"这项举措由{task.lead_unit}牵头推进,主要内容是:{task.title}。"]
    if task.expected_outcome:
        parts.append(f"预期成效:{task.expected_outcome.rstrip('。')}。")
    if task.deadline:
        day = task.deadline
        parts.append(f"计划在{day.year}年{day.month}月{day.day}日前完成。")
    parts.append("企业和群众可向牵头单位咨询具体办理方式。")
    return "".join(parts)


def demo_outputs_load(*, user: Any) -> dict[str, int]:
    """Publish the first measures that have a lead unit, and generate this year's briefing."""
    published = 0
    if not Task.objects.filter(is_public=True).exists():
        for task in Task.objects.filter(lead_unit__isnull=False).select_related("lead_unit").order_by("code")[
                :DEMO_PUBLISHED]:
            text = f"{task.category}{task.title}"
            task_publication_update(task=task, user=user, expected_version=task.version, is_public=True,
                                    public_explanation=_explanation(task), applies_to_industries=_industries(text),
                                    applies_to_areas=_areas(text))
            published += 1
    briefings = 0
    if not Briefing.objects.exists() and Task.objects.exists():
        briefing_generate(user=user, period=str(business_today().year), scope={})
        briefings = 1
    return {"published": published, "briefings": briefings}

"""Demo data for suggestions and proposals (建议提案): the seeds' congress session and a CPPCC
session, with a small sample set across several demo units in every state of handling.

Every item is marked as sample data (示例数据: the flag on the item, and the words in its
title), so nobody mistakes it for a real deputy's suggestion. Idempotent: nothing is added when
sample items exist. Every write goes through the services as a person of the right role.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.ledger.models import Unit
from luoshi.proposals.choices import Body, ProposerKind
from luoshi.proposals.models import Proposal, Session
from luoshi.proposals.services import (
    CommitmentIn,
    contact_add,
    feedback_record,
    opinion_submit,
    proposal_assign,
    proposal_create,
    proposer_get_or_create,
    reassign_request,
    reply_accept,
    reply_submit,
)

CONGRESS = ("滨海新区第四届人民代表大会第四次会议", date(2024, 1, 10))
CPPCC = ("政协天津市滨海新区第四届委员会第四次会议", date(2024, 1, 9))
MARK = "(示例数据)"
ASSIGNED_ON = date(2024, 2, 26)
# A minimal PDF standing in for the signed letter (答复函) of each sample reply.
LETTER = b"%PDF-1.4\n% sample reply letter\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (session, number, title, lead proposer, delegation or sector, category, key item, hosts, co-handlers)
ITEMS: list[tuple[str, int, str, str, str, str, bool, list[str], list[str]]] = [
    ("congress", 1, "关于加快建设海河实验室配套人才公寓的建议", "张伟", "塘沽代表团", "科技创新", True,
     ["区科技局"], ["区住房建设委"]),
    ("congress", 2, "关于推进近岸海域生态修复的建议", "李娜", "汉沽代表团", "生态环境", False,
     ["区生态环境局"], []),
    ("congress", 3, "关于支持科技型中小企业融资的建议", "王强", "大港代表团", "科技创新", False,
     ["区科技局"], ["区生态环境局"]),
    ("congress", 4, "关于增加社区养老服务设施的建议", "赵敏", "塘沽代表团", "民生保障", False,
     ["区卫生健康委"], []),
    ("congress", 5, "关于优化新城公交线路的建议", "刘洋", "大港代表团", "城市建设", False, [], []),
    ("congress", 6, "关于整治城中黑臭水体的建议", "陈静", "汉沽代表团", "生态环境", False,
     ["区生态环境局", "区住房建设委"], []),
    ("cppcc", 1, "关于发展海洋经济新业态的提案", "孙磊", "经济界", "产业发展", False, ["区科技局"], []),
    ("cppcc", 2, "关于加强青少年科学教育的提案", "周婷", "教育界", "科技创新", False, ["区科技局"], ["区教体局"]),
]


def _letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("答复函(示例).pdf", LETTER, content_type="application/pdf")


def _session(body: str, name: str, opened_on: date) -> Session:
    session, _created = Session.objects.get_or_create(body=body, name=name,
                                                      defaults={"opened_on": opened_on, "year": opened_on.year})
    return session


def proposals_demo_load() -> int:
    """Load the sample items; returns how many were created (0 when they exist already)."""
    if Proposal.objects.filter(is_demo=True).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["supervisor", "reporter", "reporter2"])}
    if len(users) < 3:
        return 0
    supervisor, reporter, reporter2 = users["supervisor"], users["reporter"], users["reporter2"]
    units = {u.short_name: u for u in Unit.objects.all()}
    sessions = {"congress": _session(Body.CONGRESS, *CONGRESS), "cppcc": _session(Body.CPPCC, *CPPCC)}
    items: dict[tuple[str, int], Proposal] = {}
    for body, number, title, lead, group, category, key, hosts, co in ITEMS:
        kind = ProposerKind.DEPUTY if body == "congress" else ProposerKind.MEMBER
        proposer = proposer_get_or_create(name=lead, kind=kind, group=group)
        item = proposal_create(user=supervisor, session=sessions[body], number=number, title=f"{title}{MARK}",
                               lead_proposer=proposer, category=category, is_key=key, is_demo=True,
                               content=f"{title}。本件为演示用的示例数据。")
        if hosts and all(h in units for h in hosts) and all(c in units for c in co):
            item = proposal_assign(user=supervisor, proposal=item, hosts=[units[h] for h in hosts],
                                   co_units=[units[c] for c in co], today=ASSIGNED_ON)
        items[(body, number)] = item
    _handle(items, supervisor, reporter, reporter2)
    return len(items)


def _accept(supervisor: Any, reply: Any, day: date, public: bool = True) -> None:
    reply_accept(user=supervisor, reply=reply, is_public=public, today=day,
                 comment="答复内容具体,同意。")


def _handle(items: dict[tuple[str, int], Proposal], supervisor: Any, reporter: Any, reporter2: Any) -> None:
    """Take the sample items through handling: answered and closed, a B commitment in the ledger,
    a reply awaiting review, a reassignment request, a reopened item, contact and co-opinions."""
    first = items[("congress", 1)]
    if first.status == "assigned":
        contact_add(user=reporter, proposal=first, stage="before", contacted_on=date(2024, 3, 1), way="visit",
                    summary="登门听取张伟代表对人才公寓选址和配套的意见。", today=date(2024, 3, 1))
        reply = reply_submit(user=reporter, proposal=first, classification="A", file=_letter(), today=date(2024, 4, 15),
                             text="经研究,海河实验室人才公寓一期已于 4 月交付 200 套,配套食堂和通勤班车同步启用。")
        _accept(supervisor, reply, date(2024, 4, 17))
        first.refresh_from_db()
        feedback_record(user=supervisor, proposal=first, satisfaction="satisfied", received_on=date(2024, 5, 6),
                        today=date(2024, 5, 6))
    second = items[("congress", 2)]
    if second.status == "assigned":
        reply = reply_submit(
            user=reporter2, proposal=second, classification="B", file=_letter(), today=date(2024, 5, 10),
            text="近岸海域生态修复已列入年度计划,今年完成 3 处岸线生态修复,明年继续推进滩涂湿地恢复。",
            commitments=[CommitmentIn("完成 3 处岸线生态修复(建议提案 B 类承诺,示例数据)", date(2024, 12, 31))])
        _accept(supervisor, reply, date(2024, 5, 13))
        second.refresh_from_db()
        feedback_record(user=supervisor, proposal=second, satisfaction="basically", received_on=date(2024, 6, 3),
                        today=date(2024, 6, 3))
    third = items[("congress", 3)]
    if third.status == "assigned":
        opinion_submit(user=reporter2, proposal=third, text="建议将绿色低碳技术企业纳入融资支持范围。",
                       today=date(2024, 3, 20))
        contact_add(user=reporter, proposal=third, stage="during", contacted_on=date(2024, 4, 2), way="phone",
                    summary="电话向王强代表通报融资对接会安排。", today=date(2024, 4, 2))
        reply_submit(user=reporter, proposal=third, classification="A", file=_letter(), today=date(2024, 5, 20),
                     text="已设立科技型中小企业信贷风险补偿资金,举办融资对接会 6 场。")
    sixth = items[("congress", 6)]
    if sixth.status == "assigned":
        contact_add(user=reporter2, proposal=sixth, stage="before", contacted_on=date(2024, 3, 4), way="meeting",
                    summary="召开座谈会,与陈静代表共同踏勘黑臭水体点位。", today=date(2024, 3, 4))
    marine = items[("cppcc", 1)]
    if marine.status == "assigned":
        reassign_request(user=reporter, proposal=marine, reason="海洋经济新业态主要由区工业和信息化局负责,建议改办。",
                         suggested_unit="区工业和信息化局", today=date(2024, 2, 28))
    education = items[("cppcc", 2)]
    if education.status == "assigned":
        reply = reply_submit(user=reporter, proposal=education, classification="C", file=_letter(),
                             today=date(2024, 5, 8), text="受场地条件限制,青少年科学实验室改造暂缓,先开展流动科普课堂。")
        _accept(supervisor, reply, date(2024, 5, 9))
        education.refresh_from_db()
        feedback_record(user=supervisor, proposal=education, satisfaction="unsatisfied", received_on=date(2024, 6, 5),
                        note="希望明确实验室改造时间表。", today=date(2024, 6, 5))

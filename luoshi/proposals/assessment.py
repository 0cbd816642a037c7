"""The proposals part of the unit assessment (建议提案办理), contributed to oversight's formula.

oversight cannot import this app (this app imports oversight: reminders, notices, the evaluation
of B commitments' tasks), so the part is handed to it through
`oversight.constants.contribute_score_part` from `ProposalsConfig.ready()`: its ScorePart (key,
words, default weight) and `assessment_records`, which returns each host unit's records for a
period. oversight then weighs, renormalises, stores and traces the part like its own.

Records, per host unit, of the items whose assessed deadline (the deadline the accepted reply
answered to, else the item's current one) falls in the period:

* the reply: 1 on time, 0 late or overdue without a reply (rules.reply_timeliness);
* the proposer's evaluation, when there is one: 1 满意 or 基本满意, 0 不满意.

Each record links to its item. The counting reuses selectors.figure_facts and the pure rules,
so the figures page and the assessment read the same facts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from luoshi.oversight.constants import ScorePart
from luoshi.oversight.services.assessment import TracedRecord
from luoshi.proposals import rules
from luoshi.proposals.choices import Satisfaction
from luoshi.proposals.models import Proposal
from luoshi.proposals.selectors import figure_facts

PART_KEY = "proposals"
PROPOSALS_PART = ScorePart(
    PART_KEY, _("建议提案办理"), 10,
    _("答复时限在本期的主办建议提案:按时答复得1,逾期答复或逾期未答复得0;已有代表委员评价的,"
      "另计一条记录,满意或基本满意得1,不满意得0。"))

MSG_ON_TIME = _("答复时限 %(due)s,%(on)s 答复,按时")
MSG_LATE = _("答复时限 %(due)s,%(on)s 答复,逾期")
MSG_OVERDUE = _("答复时限 %(due)s,逾期未答复")
MSG_EVALUATED = _("代表委员评价:%(satisfaction)s")


def assessment_records(period: Any, today: date) -> dict[int, list[TracedRecord]]:
    """Each host unit's records for `period` (a core.periods.Period) as of `today` (see the module
    docstring), in order of item. Two queries for the facts and one for the items' labels."""
    as_of = min(period.end, today)
    # An item is assessed by its deadline; sessions of the year before can still have
    # deadlines in the period (a December session, a re-handled item).
    years = range(period.start.year - 1, period.end.year + 1)
    facts = [f for f in figure_facts(years=years)
             if f.unit_id is not None and (deadline := rules.assessed_deadline(f)) is not None
             and period.start <= deadline <= period.end]
    facts.sort(key=lambda f: (f.proposal_id, f.unit_id))
    labels = {pk: (f"{Proposal(number=number).code} {title}", Proposal(pk=pk).get_absolute_url())
              for pk, number, title in Proposal.objects.filter(pk__in={f.proposal_id for f in facts})
              .order_by().values_list("pk", "number", "title")}
    satisfaction_words = dict(Satisfaction.choices)
    records: dict[int, list[TracedRecord]] = defaultdict(list)
    for fact in facts:
        assert fact.unit_id is not None
        label, url = labels[fact.proposal_id]
        timeliness = rules.reply_timeliness(fact, as_of)
        if timeliness is not None:
            words = {"due": rules.assessed_deadline(fact), "on": fact.replied_on}
            message = MSG_OVERDUE if fact.replied_on is None else MSG_ON_TIME if timeliness else MSG_LATE
            records[fact.unit_id].append(TracedRecord(PART_KEY, "proposal", fact.proposal_id, url, label,
                                                      str(message % words), timeliness))
        evaluation = rules.satisfaction_value(fact.satisfaction)
        if evaluation is not None:
            detail = str(MSG_EVALUATED % {"satisfaction": satisfaction_words.get(fact.satisfaction, "")})
            records[fact.unit_id].append(TracedRecord(PART_KEY, "proposal", fact.proposal_id, url, label,
                                                      detail, evaluation))
    return dict(records)

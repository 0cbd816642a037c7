"""Pure calculations and Chinese sentences for the battle map and briefings. No ORM here.

Every sentence of a generated briefing is written by one of these functions from plain
figures, so the wording can be tested with tables and the numbers in the text are always
the numbers in the figures. The figures come in as TypedDicts (the JSON frozen on a
Briefing), never as model instances.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NotRequired, TypedDict, TypeVar

from django.utils.translation import gettext as _

from luoshi.core.periods import PeriodError, period_from_key


class Counts(TypedDict):
    total: int
    completed: int
    in_progress: int
    not_started: int
    staged: int
    overdue: int
    red: int
    yellow: int
    # Distinct tasks overdue or red: the two overlap (an overdue task is usually red), so their
    # sum is no count of anything (issue 12). Missing from briefings frozen before it existed.
    attention: NotRequired[int]
    # Tasks on which nothing was reported although progress was expected (light "unreported").
    # Missing from briefings frozen before it existed.
    unreported: NotRequired[int]


class TaskLine(TypedDict, total=False):
    code: str
    title: str
    unit: str
    progress: int
    progress_before: int | None
    deadline: str
    days_overdue: int
    reason: str
    outcome: str


class CategoryLine(TypedDict):
    name: str
    total: int
    completed: int
    red: int


class IndicatorLine(TypedDict, total=False):
    name: str
    unit: str
    target: float | None
    comparator_label: str
    actual: float | None
    actual_period: str
    status_label: str
    on_track: bool | None
    light: str
    at_risk: bool
    series: list[list[object]]


class ProjectSummary(TypedDict, total=False):
    count: int
    started: int
    completed: int
    planned_investment: float
    completed_investment: float


class OverdueUnitLine(TypedDict):
    unit: str
    overdue: int


class ProposalSummary(TypedDict, total=False):
    """The handling of deputies' suggestions and CPPCC proposals (建议提案) of the period's year,
    as the proposals app counts it (proposals.rules.figures_of): items, host replies, classes,
    evaluations and B commitments, and the units with most overdue replies."""

    year: int
    sessions: list[str]
    received: int
    assigned: int
    replied: int
    on_time: int
    late: int
    overdue: int
    a: int
    b: int
    c: int
    evaluated: int
    satisfied: int
    basically: int
    unsatisfied: int
    commitments: int
    commitments_done: int
    most_overdue: list[OverdueUnitLine]


class Section(TypedDict):
    key: str
    heading: str
    body: str


def percent(part: float, whole: float) -> float:
    """part/whole as a percentage with one decimal; 0 when whole is 0."""
    if not whole:
        return 0.0
    return round(part * 100.0 / whole, 1)


def format_number(value: float | int | None) -> str:
    """12 → "12", 4.80 → "4.8", 739.155 → "739.16"; None → "—"."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    # The trap: 739.155 is 739.15499… as a binary float, and f"{:.2f}" rounds it down; offices
    # round half up on the decimal figure they read, so round the decimal string instead.
    rounded = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{rounded:f}".rstrip("0").rstrip(".")


def format_yuan(value: float | None) -> str:
    """An amount in yuan as offices write it: 亿元 from 100 million up, 万元 below."""
    if value is None:
        return "—"
    if abs(value) >= 1e8:
        return _("%(n)s亿元") % {"n": format_number(round(value / 1e8, 2))}
    if abs(value) >= 1e4:
        return _("%(n)s万元") % {"n": format_number(round(value / 1e4, 2))}
    return _("%(n)s元") % {"n": format_number(value)}


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of "2024-09", "2024-Q3", "2024-H1" or "2024". Raises ValueError otherwise."""
    found = period_from_key(period)
    return found.start, found.end


def period_label(period: str) -> str:
    """"2024-09" → "2024年9月", "2024-Q3" → "2024年第三季度", "2024" → "2024年"; other text as given."""
    try:
        return period_from_key(period).label
    except PeriodError:
        return period


def period_end_label(period: str, as_of: date | None = None) -> str:
    """"截至2024年9月底" for the period's end; "截至2024年9月15日" when the figures were read
    before the period ended (`as_of`)."""
    try:
        _start, end = period_bounds(period)
    except ValueError:
        return _("截至目前")
    if as_of is not None and as_of < end:
        return _("截至%(y)s年%(m)s月%(d)s日") % {"y": as_of.year, "m": as_of.month, "d": as_of.day}
    return _("截至%(y)s年%(m)s月底") % {"y": end.year, "m": end.month}


def headline(counts: Counts, *, period: str, scope_label: str, as_of: date | None = None) -> str:
    """The opening paragraph: how many tasks, how many done, how many with staged progress."""
    if counts["total"] == 0:
        return _("%(when)s，%(scope)s暂无纳入台账的重点任务。") % {"when": period_end_label(period, as_of),
                                                                          "scope": scope_label}
    text = _("%(when)s，%(scope)s纳入台账的%(total)s项重点任务中，已完成%(completed)s项，占%(rate)s%%；"
             "推进中%(in_progress)s项，未启动%(not_started)s项。") % {
        "when": period_end_label(period, as_of), "scope": scope_label, "total": counts["total"],
        "completed": counts["completed"], "rate": format_number(percent(counts["completed"], counts["total"])),
        "in_progress": counts["in_progress"], "not_started": counts["not_started"],
    }
    if counts["staged"]:
        text += _("%(n)s项重点任务取得阶段性进展。") % {"n": counts["staged"]}
    unreported = counts.get("unreported", 0)
    if counts["overdue"] or counts["red"]:
        text += attention_sentence(counts)
    elif unreported:
        text += _("暂无逾期任务。")
    else:
        text += _("各项任务均按计划推进，暂无逾期任务。")
    if unreported:
        text += _("另有%(n)s项任务按时序应有进展但尚无进展报告（未报送），需督促报送。") % {"n": unreported}
    return text


def attention_sentence(counts: Counts) -> str:
    """Overdue and lagging (red) tasks, never summed: both figures, and the distinct count when known."""
    if counts["overdue"] and counts["red"] and "attention" in counts:
        return _("%(overdue)s项任务逾期未完成，%(red)s项任务进度滞后（亮红灯），两类合计%(attention)s项任务"
                 "（同一任务只计一次），需重点督办。") % {
            "overdue": counts["overdue"], "red": counts["red"], "attention": counts["attention"]}
    if counts["overdue"] and counts["red"]:
        return _("%(overdue)s项任务逾期未完成，%(red)s项任务进度滞后（亮红灯，其中可能含逾期任务），需重点督办。") % {
            "overdue": counts["overdue"], "red": counts["red"]}
    if counts["overdue"]:
        return _("%(n)s项任务逾期未完成，需重点督办。") % {"n": counts["overdue"]}
    return _("%(n)s项任务进度滞后（亮红灯），需重点督办。") % {"n": counts["red"]}


def _task_name(line: TaskLine) -> str:
    unit = line.get("unit") or ""
    return _("“%(title)s”（%(unit)s）") % {"title": line["title"], "unit": unit} if unit else \
        _("“%(title)s”") % {"title": line["title"]}


def moved_sentence(line: TaskLine) -> str:
    """One task that moved in the period."""
    before = line.get("progress_before")
    after = line.get("progress", 0)
    if after >= 100:
        return _("%(task)s已完成。") % {"task": _task_name(line)}
    if before is not None and before < after:
        return _("%(task)s完成进度由%(before)s%%提高到%(after)s%%。") % {
            "task": _task_name(line), "before": before, "after": after}
    return _("%(task)s完成进度达到%(after)s%%。") % {"task": _task_name(line), "after": after}


def slipped_sentence(line: TaskLine) -> str:
    """One task that slipped, with its reason when the unit gave one."""
    if line.get("days_overdue"):
        text = _("%(task)s已超过完成时限%(days)s天，完成进度%(p)s%%") % {
            "task": _task_name(line), "days": line["days_overdue"], "p": line.get("progress", 0)}
    else:
        text = _("%(task)s进度滞后，完成进度%(p)s%%") % {"task": _task_name(line), "p": line.get("progress", 0)}
    reason = (line.get("reason") or "").strip().rstrip("。;；")  # noqa: B005 - a set of end marks
    if reason:
        text += _("，主要原因：%(reason)s") % {"reason": reason}
    return text + "。"


# The order in which the battle map and a province's briefing name indicators: those forecast to
# miss the year's target first, then by light (behind, short of pace, on pace, no data yet); each
# light in the order given.
LIGHT_CONCERN = {"red": 0, "yellow": 1, "green": 2, "none": 3}
Line = TypeVar("Line", bound=Mapping[str, Any])


def indicators_to_watch(lines: Sequence[Line], limit: int) -> list[Line]:
    """The `limit` indicators that most need attention (LIGHT_CONCERN's order)."""
    return sorted(lines, key=lambda line: (not line.get("at_risk"),
                                           LIGHT_CONCERN.get(line.get("light", ""), len(LIGHT_CONCERN))))[:limit]


def indicator_overview(lines: Sequence[Mapping[str, Any]]) -> dict[str, object]:
    """All the indicators in figures and one sentence, for where only some of them are shown: how
    many there are, by light, and how many are forecast to miss the year's target."""
    lights = {light: 0 for light in LIGHT_CONCERN}
    for line in lines:
        light = line.get("light", "none")
        lights[light] = lights.get(light, 0) + 1
    at_risk = sum(1 for line in lines if line.get("at_risk"))
    sentence = _("共%(total)s项指标：明显滞后%(red)s项、略有差距%(yellow)s项、达到进度%(green)s项、无数据%(none)s项"
                 "，预计难以完成全年目标%(at_risk)s项。") % {"total": len(lines), "at_risk": at_risk, **lights}
    return {"total": len(lines), "lights": lights, "at_risk": at_risk, "sentence": sentence}


# How many indicators a briefing's text and chart name one by one. A district tracks a few dozen
# and they are all named, in their order; a province's hundreds would be a page of sentences and
# a chart of hundreds of bars, so it names the ones that most need attention and counts the rest
# (its table still lists every one).
BRIEFING_INDICATORS = 20


def briefing_indicators(lines: Sequence[Line]) -> list[Line]:
    """The indicators a briefing's text and chart name (BRIEFING_INDICATORS)."""
    if len(lines) <= BRIEFING_INDICATORS:
        return list(lines)
    return indicators_to_watch(lines, BRIEFING_INDICATORS)


def comparator_target(line: IndicatorLine) -> str:
    target = format_number(line.get("target"))
    label = line.get("comparator_label") or ""
    return f"{target}{line.get('unit', '')}{label}" if line.get("target") is not None else label


def indicator_sentence(line: IndicatorLine) -> str:
    """One indicator against its target: "地区生产总值增速:目标4.8%左右,1—9月4.5%,预计可以完成。"."""
    parts = [_("%(name)s：目标%(target)s") % {"name": line["name"], "target": comparator_target(line)}]
    if line.get("actual") is not None:
        parts.append(_("%(period)s实际%(actual)s%(unit)s") % {
            "period": line.get("actual_period", ""), "actual": format_number(line.get("actual")),
            "unit": line.get("unit", "")})
    else:
        parts.append(_("暂无实际值"))
    if line.get("status_label"):
        parts.append(str(line["status_label"]))
    return "，".join(parts) + "。"


def project_sentence(summary: ProjectSummary) -> str:
    planned = summary.get("planned_investment") or 0.0
    done = summary.get("completed_investment") or 0.0
    text = _("纳入调度的重点项目%(count)s个") % {"count": summary.get("count", 0)}
    if summary.get("started") or summary.get("completed"):
        text += _("，已开工%(started)s个、竣工%(completed)s个") % {
            "started": summary.get("started", 0), "completed": summary.get("completed", 0)}
    if planned:
        text += _("，计划投资%(planned)s，已完成投资%(done)s，完成率%(rate)s%%") % {
            "planned": format_yuan(planned), "done": format_yuan(done), "rate": format_number(percent(done, planned))}
    return text + "。"


def proposal_rates(summary: ProposalSummary) -> dict[str, str]:
    """The rates the proposals section writes, as it writes them (frozen in the derived figures)."""
    replied = summary.get("replied", 0)
    return {
        "proposal_on_time_rate": format_number(percent(summary.get("on_time", 0), replied)),
        "proposal_a_share": format_number(percent(summary.get("a", 0), replied)),
        "proposal_b_share": format_number(percent(summary.get("b", 0), replied)),
        "proposal_c_share": format_number(percent(summary.get("c", 0), replied)),
        "proposal_satisfaction_rate": format_number(percent(summary.get("satisfied", 0) + summary.get("basically", 0),
                                                            summary.get("evaluated", 0))),
    }


def proposal_sentences(summary: ProposalSummary) -> list[str]:
    """The proposals section: items and assignment, replies on time, classes, evaluations, B
    commitments, overdue replies and where they are. Sentences with nothing to count are left out."""
    rates = proposal_rates(summary)
    sessions = "、".join(summary.get("sessions") or [])
    lines = [_("%(year)s年%(sessions)s共收到人大代表建议和政协提案%(received)s件，已交办%(assigned)s件。") % {
        "year": summary.get("year", ""), "sessions": sessions, "received": summary.get("received", 0),
        "assigned": summary.get("assigned", 0)}]
    if summary.get("replied"):
        lines.append(_("主办单位已答复%(replied)s件次，其中按期答复%(on_time)s件次，按期答复率%(rate)s%%；"
                       "逾期答复%(late)s件次。") % {
            "replied": summary["replied"], "on_time": summary.get("on_time", 0),
            "rate": rates["proposal_on_time_rate"], "late": summary.get("late", 0)})
        lines.append(_("答复中，A类（已解决或基本解决）%(a)s件次，占%(a_share)s%%；B类（正在解决或列入计划逐步解决）"
                       "%(b)s件次，占%(b_share)s%%；C类（因条件限制暂时不能解决）%(c)s件次，占%(c_share)s%%。") % {
            "a": summary.get("a", 0), "a_share": rates["proposal_a_share"], "b": summary.get("b", 0),
            "b_share": rates["proposal_b_share"], "c": summary.get("c", 0), "c_share": rates["proposal_c_share"]})
    if summary.get("evaluated"):
        lines.append(_("代表委员已反馈评价%(evaluated)s件，其中满意%(satisfied)s件、基本满意%(basically)s件、"
                       "不满意%(unsatisfied)s件，满意率%(rate)s%%。") % {
            "evaluated": summary["evaluated"], "satisfied": summary.get("satisfied", 0),
            "basically": summary.get("basically", 0), "unsatisfied": summary.get("unsatisfied", 0),
            "rate": rates["proposal_satisfaction_rate"]})
        if summary.get("unsatisfied"):
            lines[-1] += _("评价不满意的，均已重新交办、限期再次办理。")
    if summary.get("commitments"):
        lines.append(_("B类答复承诺事项%(commitments)s项已全部纳入任务台账跟踪，已完成%(done)s项。") % {
            "commitments": summary["commitments"], "done": summary.get("commitments_done", 0)})
    if summary.get("overdue"):
        units = "、".join(_("%(unit)s%(n)s件") % {"unit": u["unit"], "n": u["overdue"]}
                         for u in summary.get("most_overdue") or [])
        text = _("尚有%(n)s件次逾期未答复") % {"n": summary["overdue"]}
        if units:
            text += _("，主要在%(units)s") % {"units": units}
        lines.append(text + _("，需加快办理。"))
    return lines


def result_sentence(line: TaskLine) -> str:
    outcome = (line.get("outcome") or "").strip().rstrip("。")
    if outcome:
        return _("%(task)s：%(outcome)s。") % {"task": _task_name(line), "outcome": outcome}
    return _("%(task)s已按期完成。") % {"task": _task_name(line)}


def category_sentence(lines: Sequence[CategoryLine]) -> str:
    parts = [
        _("%(name)s%(total)s项（已完成%(completed)s项）") % {"name": c["name"], "total": c["total"],
                                                      "completed": c["completed"]}
        for c in lines
    ]
    return _("分领域看，") + "、".join(parts) + "。" if parts else ""


def next_steps(counts: Counts) -> str:
    if counts["overdue"] or counts["red"]:
        # Counted once each: never overdue + red, which counts a task that is both twice.
        if "attention" in counts:
            which = _("%(n)s项逾期或滞后任务") % {"n": counts["attention"]}
        elif counts["overdue"] and counts["red"]:
            which = _("逾期任务和进度滞后任务")
        else:
            which = _("%(n)s项逾期或滞后任务") % {"n": counts["overdue"] or counts["red"]}
        return _("下一步，将对%(which)s逐项下发督办单，压实牵头单位责任，明确整改时限；"
                 "对已取得阶段性进展的任务，督促责任单位巩固成果、按期完成。") % {"which": which}
    return _("下一步，将继续按月调度重点任务进展，督促责任单位对照时间表、路线图按期完成各项任务。")


def derived_figures(counts: Counts, projects: ProjectSummary | None,
                    proposals: ProposalSummary | None = None) -> dict[str, str]:
    """The figures the text computes rather than counts (rates; amounts in 亿元/万元), as the text
    writes them. Frozen beside the counts, so every number of the text is one of the briefing's
    figures (see numbers_not_in_figures)."""
    derived = {"completion_rate": format_number(percent(counts["completed"], counts["total"]))}
    if proposals:
        derived.update(proposal_rates(proposals))
    if projects:
        planned = projects.get("planned_investment") or 0.0
        done = projects.get("completed_investment") or 0.0
        derived.update({"planned_investment": format_yuan(planned), "completed_investment": format_yuan(done),
                        "investment_rate": format_number(percent(done, planned))})
    return derived


def compose_sections(*, counts: Counts, period: str, scope_label: str, categories: Sequence[CategoryLine],
                     moved: Sequence[TaskLine], slipped: Sequence[TaskLine], indicators: Sequence[IndicatorLine],
                     projects: ProjectSummary | None, results: Sequence[TaskLine],
                     as_of: date | None = None, proposals: ProposalSummary | None = None) -> list[Section]:
    """The text of a briefing, section by section, from its figures."""
    sections: list[Section] = [
        {"key": "overview", "heading": _("一、总体进展"),
         "body": "\n".join(p for p in [headline(counts, period=period, scope_label=scope_label, as_of=as_of),
                                       category_sentence(categories)] if p)},
    ]
    if moved:
        sections.append({"key": "moved", "heading": _("二、本期主要进展"),
                         "body": "\n".join(moved_sentence(m) for m in moved)})
    if slipped:
        sections.append({"key": "slipped", "heading": _("三、存在的问题"),
                         "body": "\n".join(slipped_sentence(s) for s in slipped)})
    if indicators:
        named = briefing_indicators(indicators)
        body = [indicator_sentence(i) for i in named]
        if len(named) < len(indicators):
            body.append(str(indicator_overview(indicators)["sentence"])
                        + _("以上列出其中%(named)s项，滞后和预计难以完成的在前；全部指标见附表。") % {"named": len(named)})
        sections.append({"key": "indicators", "heading": _("四、主要指标完成情况"), "body": "\n".join(body)})
    if projects:
        sections.append({"key": "projects", "heading": _("五、重点项目推进情况"), "body": project_sentence(projects)})
    if proposals and proposals.get("received"):
        sections.append({"key": "proposals", "heading": _("建议提案办理情况"),
                         "body": "\n".join(proposal_sentences(proposals))})
    if results:
        sections.append({"key": "results", "heading": _("六、代表性成果"),
                         "body": "\n".join(result_sentence(r) for r in results)})
    sections.append({"key": "next", "heading": _("七、下一步工作"), "body": next_steps(counts)})
    return renumber(sections)


CHINESE_ORDINALS = "一二三四五六七八九十"
HEADING_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")


def renumber(sections: Sequence[Section]) -> list[Section]:
    """Number headings 一、二、… in order, after sections were left out."""
    result: list[Section] = []
    for index, section in enumerate(sections):
        ordinal = CHINESE_ORDINALS[index] if index < len(CHINESE_ORDINALS) else str(index + 1)
        heading = HEADING_NUMBER.sub("", section["heading"])
        result.append({"key": section["key"], "heading": f"{ordinal}、{heading}", "body": section["body"]})
    return result


NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[str]:
    """The numbers written in `text`, normalised ("4.80" → "4.8")."""
    return {format_number(float(n)) for n in NUMBER_RE.findall(text)}


def numbers_not_in_figures(text: str, figures_text: Iterable[str]) -> list[str]:
    """Numbers an editor typed that appear nowhere in the generated figures: a warning, not an error,
    so that staff notice when an edit detaches the text from the snapshot it came from."""
    known: set[str] = set()
    for chunk in figures_text:
        known |= numbers_in(chunk)
    return sorted(numbers_in(text) - known, key=lambda n: float(n))


# --- announced counts (coverage) -----------------------------------------------------------------

# Words that say which level a count of measures belongs to ("滨海新区层面372项行动计划"), most
# specific first. Matched on the sentence before the number, the nearest one winning, else on the
# count's section headings (the question "天津港保税区有哪些具体落实举措?" above "142项重点任务").
COUNT_LEVEL_CUES: list[tuple[str, str]] = [
    ("zone", r"保税区|功能区|开发区|产业园区|生态城"),
    ("district", r"新区|区级|区层面|我区|全区|区委|区政府"),
    ("city", r"我市|市级|全市|天津市|市层面|市委|市政府"),
    ("national", r"国家部委|部委|中央|国家|国务院"),
]
MEASURE_WORDS_RE = re.compile(r"举措|任务|行动|措施|政策|事项")


def count_level(before: str, section_headings: Sequence[str] = ()) -> str | None:
    """The level (national, city, district, zone) a count of measures speaks of, read from the words
    before it in its sentence (the nearest cue wins), else from its section headings (the last
    heading first); None when nothing says."""
    sentence = re.split(r"[。!?！？\n]", before)[-1]
    best: tuple[int, str] | None = None
    for level, pattern in COUNT_LEVEL_CUES:
        for match in re.finditer(pattern, sentence):
            if best is None or match.end() > best[0]:
                best = (match.end(), level)
    if best is not None:
        return best[1]
    for heading in reversed(list(section_headings)):
        for level, pattern in COUNT_LEVEL_CUES:
            if re.search(pattern, heading):
                return level
    return None


def counts_measures(indicator: str) -> bool:
    """Whether a count item counts measures or tasks (259项具体落实举措), not projects or firms."""
    return bool(MEASURE_WORDS_RE.search(indicator or ""))

"""Pure rules of the proposals app: tables of cases, no database."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.proposals import rules
from luoshi.proposals.rules import Figures, ItemFacts

TODAY = date(2024, 7, 1)
DUE = date(2024, 6, 1)


@pytest.mark.parametrize(("assigned_on", "today", "window", "inside"), [
    (date(2024, 3, 1), date(2024, 3, 8), 5, True),  # Fri + 5 working days = next Fri
    (date(2024, 3, 1), date(2024, 3, 11), 5, False),
    (date(2024, 9, 27), date(2024, 10, 8), 5, True),  # National Day: 10-01..07 off, 09-29 a make-up day
    (date(2024, 3, 1), date(2024, 2, 29), 5, False),  # before assignment
])
def test_reassign_window(assigned_on: date, today: date, window: int, inside: bool) -> None:
    assert rules.within_reassign_window(assigned_on, today, window) is inside


@pytest.mark.parametrize(("facts", "expected"), [
    ([], Figures()),
    ([ItemFacts(1)], Figures(received=1)),
    ([ItemFacts(1, 10, deadline=DUE)], Figures(received=1, assigned=1, overdue=1)),
    ([ItemFacts(1, 10, deadline=date(2024, 8, 1))], Figures(received=1, assigned=1)),
    ([ItemFacts(1, 10, deadline=DUE, awaiting_review=True)], Figures(received=1, assigned=1)),
    ([ItemFacts(1, 10, deadline=DUE, replied_on=DUE, due=DUE, classification="A")],
     Figures(received=1, assigned=1, replied=1, on_time=1, a=1)),
    ([ItemFacts(1, 10, deadline=DUE, replied_on=date(2024, 6, 2), due=DUE, classification="B", commitments=2,
                commitments_done=1)],
     Figures(received=1, assigned=1, replied=1, late=1, b=1, commitments=2, commitments_done=1)),
    # split handling: one item, two hosts; satisfaction counted once per item
    ([ItemFacts(1, 10, replied_on=DUE, due=DUE, classification="A", satisfaction="satisfied"),
      ItemFacts(1, 11, replied_on=DUE, due=DUE, classification="C", satisfaction="satisfied")],
     Figures(received=1, assigned=1, replied=2, on_time=2, a=1, c=1, evaluated=1, satisfied=1)),
    ([ItemFacts(1, satisfaction="basically"), ItemFacts(2, satisfaction="unsatisfied"), ItemFacts(3)],
     Figures(received=3, evaluated=2, basically=1, unsatisfied=1)),
])
def test_figures_of(facts: list[ItemFacts], expected: Figures) -> None:
    assert rules.figures_of(facts, TODAY) == expected


@pytest.mark.parametrize(("figures", "rate", "share", "satisfaction"), [
    (Figures(), None, None, None),
    (Figures(replied=4, on_time=3, a=1, b=2, c=1), 75.0, 25.0, None),
    (Figures(evaluated=3, satisfied=1, basically=1, unsatisfied=1), None, None, 66.7),
])
def test_rates(figures: Figures, rate: float | None, share: float | None, satisfaction: float | None) -> None:
    assert figures.on_time_rate == rate
    assert figures.a_share == share
    assert figures.satisfaction_rate == satisfaction


@pytest.mark.parametrize(("figures", "score"), [
    (Figures(), None),
    (Figures(replied=2, on_time=2), 100.0),
    (Figures(replied=1, on_time=1, overdue=1), 50.0),  # not answering never beats answering late
    (Figures(replied=2, on_time=2, evaluated=2, satisfied=1, unsatisfied=1), 75.0),
    (Figures(replied=1, on_time=1, evaluated=1, satisfied=1, commitments=2, commitments_done=0), 80.0),
])
def test_handling_score(figures: Figures, score: float | None) -> None:
    assert rules.handling_score(figures) == score


@pytest.mark.parametrize(("text", "expected"), [
    ("", []),
    ("建设 3 处社区食堂 2024-12-31", [("建设 3 处社区食堂", date(2024, 12, 31))]),
    ("1. 增开公交线路\n\n2、优化站点 2025年6月30日", [("增开公交线路", None), ("优化站点", date(2025, 6, 30))]),
    ("修缮道路 2024-02-30", [("修缮道路 2024-02-30", None)]),
])
def test_commitment_lines(text: str, expected: list[tuple[str, date | None]]) -> None:
    assert rules.commitment_lines(text) == expected


def test_the_drill_down_test_of_each_figure_agrees_with_the_count() -> None:
    """rules.fact_in_figure selects exactly what figures_of counts (one fact per item here)."""
    today = date(2024, 7, 1)
    due = date(2024, 5, 31)
    facts = [
        rules.ItemFacts(1),  # not assigned
        rules.ItemFacts(2, 10, "民生", due, date(2024, 5, 1), due, "A", "satisfied"),
        rules.ItemFacts(3, 10, "民生", due, date(2024, 6, 3), due, "B", "unsatisfied", 2, 1),
        rules.ItemFacts(4, 11, "城建", due),  # overdue
        rules.ItemFacts(5, 11, "城建", due, awaiting_review=True),
        rules.ItemFacts(6, 11, "城建", date(2024, 8, 1)),  # not yet due
        rules.ItemFacts(7, 12, "", due, date(2024, 5, 2), due, "C", "basically"),
    ]
    figures = rules.figures_of(facts, today)
    attribute = {"A": "a", "B": "b", "C": "c"}
    for figure in rules.FIGURE_KEYS:
        selected = [f for f in facts if rules.fact_in_figure(f, figure, today)]
        if figure in ("commitments", "commitments_done"):
            assert sum(getattr(f, figure) for f in selected) == getattr(figures, figure)
        else:
            assert len(selected) == getattr(figures, attribute.get(figure, figure)), figure
    assert not rules.fact_in_figure(facts[1], "bogus", today)

"""The battle map in headless Debian chromium: it renders with data, and a click opens the right tasks."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from luoshi.briefings.tests.conftest import Ledger
from luoshi.ledger.tests.factories import PASSWORD
from luoshi.web.tests.browser import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def sign_in(driver: Any, base: str, username: str) -> None:
    driver.get(base + "/login/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/login/" not in d.current_url)


def open_dashboard(driver: Any, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.dashboardReady") is not None)
    assert driver.execute_script("return window.dashboardReady") is True


def test_the_dashboard_renders_and_a_bar_opens_its_tasks(ledger: Ledger, live_server: Any, driver: Any) -> None:
    sign_in(driver, live_server.url, "lead")
    open_dashboard(driver, live_server.url + "/briefings/dashboard/")
    assert driver.find_element(By.CSS_SELECTOR, "#kpi-total .n").text == "9"
    assert driver.find_element(By.CSS_SELECTOR, "#overdue-list a.task-link").text == "实施7个片区合流制改造"
    save_screenshot(driver, "dashboard")

    # The red part of the 科技创新 bar, clicked where the chart drew it.
    x, y = driver.execute_script("""
        const chart = window.dashboardCharts["chart-dimension"];
        const rows = window.dashboardData.by_category.slice().reverse();
        const index = rows.findIndex(r => r.name === "科技创新");
        const row = rows[index];
        const before = ["done", "green", "yellow"].reduce((s, k) => s + (row.lights[k] || 0), 0);
        return chart.convertToPixel({gridIndex: 0}, [before + row.lights.red / 2, index]);
    """)
    canvas = driver.find_element(By.ID, "chart-dimension")
    # Offsets count from the centre of the element's visible part: bring all of it into view first.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    ActionChains(driver).move_to_element_with_offset(canvas, int(x - canvas.size["width"] / 2),
                                                     int(y - canvas.size["height"] / 2)).click().perform()
    WebDriverWait(driver, 10).until(lambda d: "/briefings/tasks/" in d.current_url)
    assert "light=red" in driver.current_url and "category_is=" in driver.current_url
    links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#task-table a.task-link")]
    assert links == ["建成海河实验室中试基地"]
    save_screenshot(driver, "dashboard-drilldown")


def test_a_kpi_opens_the_tasks_it_counts(ledger: Ledger, live_server: Any, driver: Any) -> None:
    sign_in(driver, live_server.url, "sup")
    open_dashboard(driver, live_server.url + "/briefings/dashboard/")
    driver.find_element(By.CSS_SELECTOR, "#dimension-tabs [data-dimension=by_unit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.dimensionReady") == "by_unit")
    units = driver.execute_script("return window.dashboardData.by_unit.map(r => r.name)")
    assert "区科技局" in units
    overdue = driver.find_element(By.CSS_SELECTOR, "#kpi-overdue .n").text
    driver.find_element(By.ID, "kpi-overdue").click()
    WebDriverWait(driver, 10).until(lambda d: "/briefings/tasks/" in d.current_url)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#task-table a.task-link")) == int(overdue) == 3
    driver.find_element(By.CSS_SELECTOR, "#task-table a.task-link").click()
    WebDriverWait(driver, 10).until(lambda d: "/ledger/tasks/" in d.current_url)


def test_the_proposals_panel_renders_and_a_number_opens_its_items(ledger: Ledger, live_server: Any,
                                                                   driver: Any) -> None:
    from datetime import date

    from luoshi.proposals.services import reply_accept, reply_submit
    from luoshi.proposals.tests.factories import assigned, letter

    p = ledger.personas
    answered = assigned(p.supervisor, [p.unit_a], category="民生保障", title="关于增设社区食堂的建议")
    reply = reply_submit(user=p.reporter_a, proposal=answered, text="已解决", classification="A", file=letter(),
                         today=date(2024, 4, 1))
    reply_accept(user=p.supervisor, reply=reply, today=date(2024, 4, 2))
    assigned(p.supervisor, [p.unit_b], category="城市建设", title="关于改造老旧管网的建议")  # overdue by now
    sign_in(driver, live_server.url, "sup")
    open_dashboard(driver, live_server.url + "/briefings/dashboard/")
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.proposalPanelReady") == "by_unit")
    assert driver.find_element(By.CSS_SELECTOR, "#proposal-kpi-received .n").text == "2"
    assert driver.find_element(By.CSS_SELECTOR, "#proposal-kpi-overdue .n").text == "1"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#proposal-table a.proposal-figure")) > 10
    driver.execute_script("document.getElementById('proposal-card').scrollIntoView()")
    save_screenshot(driver, "dashboard-proposals")
    link = driver.find_element(By.ID, "proposal-kpi-overdue")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    WebDriverWait(driver, 10).until(lambda d: "/proposals/" in d.current_url and "figure=overdue" in d.current_url)
    titles = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#proposal-table tbody tr")]
    assert len(titles) == 1 and "关于改造老旧管网的建议" in titles[0]


def test_the_indicator_card_draws_the_most_behind_and_counts_the_rest(ledger: Ledger, live_server: Any,
                                                                     driver: Any, settings: Any) -> None:
    from django.utils import timezone

    from luoshi.briefings.selectors import INDICATORS_SHOWN
    from luoshi.indicators.tests.factories import indicator_factory, observe, target_factory

    year = timezone.localdate().year
    settings.LUOSHI_BUSINESS_DATE = f"{year}-11-15"  # ten months reported, whatever month it is
    months = range(1, 11)
    for n in range(INDICATORS_SHOWN + 2):
        indicator = indicator_factory(f"指标{n:02d}")
        target_factory(indicator, year, comparator="gte", value=12)
        observe(indicator, year, {m: m / 4 if n == INDICATORS_SHOWN + 1 else m for m in months})
    sign_in(driver, live_server.url, "sup")
    open_dashboard(driver, live_server.url + "/briefings/dashboard/")
    card = driver.find_element(By.ID, "indicator-card")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", card)
    assert card.is_displayed()
    assert len(driver.find_elements(By.CSS_SELECTOR, "#indicator-gauges .gauge")) == INDICATORS_SHOWN
    caption = driver.find_element(By.ID, "indicator-caption").text
    assert f"共{INDICATORS_SHOWN + 2}项指标" in caption and f"图中为其中{INDICATORS_SHOWN}项" in caption
    assert driver.execute_script("return window.dashboardData.indicators[0].name") == f"指标{INDICATORS_SHOWN + 1:02d}"
    save_screenshot(driver, "dashboard-indicators")
    driver.find_element(By.ID, "indicator-all").click()
    WebDriverWait(driver, 10).until(lambda d: "/indicators/" in d.current_url)
    assert f"year={year}" in driver.current_url

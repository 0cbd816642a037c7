"""The timetable in headless Debian chromium: bars are drawn where the dates put them."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By

from luoshi.briefings.tests.conftest import Ledger
from luoshi.briefings.tests.test_browser_dashboard import sign_in
from luoshi.web.tests.browser import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_timeline_renders_bars_and_todays_line(ledger: Ledger, live_server: Any, driver: Any) -> None:
    sign_in(driver, live_server.url, "sup")
    driver.get(live_server.url + "/briefings/timeline/")
    bars = driver.find_elements(By.CSS_SELECTOR, "#roadmap a.bar")
    assert len(bars) >= 5
    assert all(bar.size["width"] >= 2 and bar.size["height"] > 0 for bar in bars)
    late = driver.find_element(By.CSS_SELECTOR, f'#roadmap a.bar[data-task="{ledger.district_late.code}"]')
    assert "overdue" in late.get_attribute("class")
    # the bar is red as on the battle map, and today's line is inside the chart
    colour = driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", late)
    assert colour.startswith("rgb(239, 154, 154")
    axis = driver.find_element(By.CSS_SELECTOR, "#roadmap .axis .track")
    today = driver.find_element(By.CSS_SELECTOR, "#roadmap .axis .today")
    assert axis.location["x"] <= today.location["x"] <= axis.location["x"] + axis.size["width"]
    save_screenshot(driver, "timeline")
    late.click()
    assert driver.current_url.endswith(ledger.district_late.get_absolute_url())

"""Under the Content-Security-Policy the charts and htmx still work, and the browser reports no violation."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from luoshi.ledger.tests.factories import PASSWORD, Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installed by the browser itself before any page script (not subject to the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def violations(driver: Any) -> list[str]:
    return list(driver.execute_script("return window.__cspViolations || ['recorder missing'];"))


def test_the_battle_map_and_the_home_charts_render_without_csp_violations(live_server: Any, driver: Any,
                                                                          personas: Personas) -> None:
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    driver.get(f"{live_server.url}/login/")
    driver.find_element(By.ID, "id_username").send_keys("sup")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.ID, "kpi-total")))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.dashboardReady === true"))
    assert driver.find_elements(By.CSS_SELECTOR, "#chart-category canvas, #chart-category svg")
    assert violations(driver) == []

    driver.get(f"{live_server.url}/briefings/dashboard/")
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return Object.keys(window.dashboardCharts || {}).length > 0"))
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".chart canvas, .chart svg"))
    assert violations(driver) == []

    # An inline script would be refused: the policy is really enforced, and the recorder sees it.
    driver.execute_script("const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                          "document.body.appendChild(s);")
    WebDriverWait(driver, 5).until(lambda d: violations(d) != [])
    assert driver.execute_script("return window.x === undefined")

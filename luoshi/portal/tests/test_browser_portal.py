"""The public page in headless Debian chromium: a two-character Chinese word finds its measure."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from luoshi.portal.tests.conftest import Published
from luoshi.web.tests.browser import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_a_visitor_finds_a_measure_by_a_two_character_word(published: Published, live_server: Any,
                                                           driver: Any) -> None:
    driver.get(live_server.url + "/public/")
    assert driver.find_element(By.ID, "public-total").text == "2"
    box = driver.find_element(By.CSS_SELECTOR, ".portal-search input[name=q]")
    box.send_keys("英才")
    box.submit()
    WebDriverWait(driver, 10).until(lambda d: "/public/measures/" in d.current_url)
    results = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#measure-results a.measure-title")]
    assert results == ["实施海河英才计划"]
    save_screenshot(driver, "portal-search")
    driver.find_element(By.CSS_SELECTOR, "#measure-results a.measure-title").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "explanation"))
    assert "安家补贴" in driver.find_element(By.ID, "explanation").text
    assert "内部" not in driver.page_source
    save_screenshot(driver, "portal-measure")

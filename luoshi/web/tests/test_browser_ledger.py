"""In headless chromium: log in, filter the ledger, open a task showing its highlighted source."""

from __future__ import annotations

import pytest
from pytest_django.live_server_helper import LiveServer
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from luoshi.documents.models import Document
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory
from luoshi.web.tests.browser import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as_supervisor(driver: WebDriver, live_server: LiveServer) -> None:
    """Sign in through the login page and wait for the overview it leads to."""
    driver.get(f"{live_server.url}/login/")
    driver.find_element(By.ID, "id_username").send_keys("sup")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.ID, "kpi-total")))



def test_a_supervisor_logs_in_filters_the_ledger_and_opens_a_task(live_server: LiveServer, driver: WebDriver,
                                                                    personas: Personas) -> None:
    text = "2024年重点工作\n坚持生态优先。实施7个片区合流制改造,开展“清河湖”等专项行动。"
    document = Document.objects.create(title="滨海新区政府工作报告", text=text, content_hash="b" * 64)
    start = text.index("实施7个")
    task = task_factory("实施7个片区合流制改造(台账)", lead_unit=personas.unit_b, category="碧水保卫战",
                        source_document=document, source_start=start, source_end=start + len("实施7个片区合流制改造"))

    log_in_as_supervisor(driver, live_server)

    driver.get(f"{live_server.url}/ledger/")
    Select(driver.find_element(By.ID, "id_unit")).select_by_visible_text("区生态环境局")
    driver.find_element(By.ID, "id_category").send_keys("碧水")
    driver.find_element(By.ID, "filter-submit").click()
    # Wait for the filtered page itself, not the rows of the page before it.
    WebDriverWait(driver, 10).until(lambda d: "category=" in d.current_url)
    rows = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#task-table a.task-link")
    )
    assert [row.text for row in rows] == [task.title]
    save_screenshot(driver, "ledger-filtered")

    rows[0].click()
    mark = WebDriverWait(driver, 10).until(ec.visibility_of_element_located((By.ID, "source-highlight")))
    assert mark.text == "实施7个片区合流制改造"
    assert mark.tag_name == "mark"
    save_screenshot(driver, "task-source-highlight")


def test_a_reviewer_accepts_a_suggested_parent_with_one_click(live_server: LiveServer, driver: WebDriver,
                                                               personas: Personas) -> None:
    from luoshi.ledger.models import DraftParent
    from luoshi.ledger.services import draft_parents_suggest
    from luoshi.ledger.tests.test_links import city_tasks, district_plan

    cross_border, *_ = city_tasks()
    document, (first, *_) = district_plan()
    draft_parents_suggest(document, personas.supervisor)

    log_in_as_supervisor(driver, live_server)

    driver.get(f"{live_server.url}/ledger/review/{document.pk}/")
    block = f"#draft-parent-{first.pk}"
    driver.find_element(By.CSS_SELECTOR, f"{block} .accept-suggestion").click()
    chosen = WebDriverWait(driver, 10).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, f"{block} .chosen-parent")))
    assert chosen.text.startswith(cross_border.code)
    assert "/ledger/review/" in driver.current_url  # swapped in place, no page load
    assert DraftParent.objects.get(measure=first).parent == cross_border
    save_screenshot(driver, "review-parent-accepted")


def test_a_supervisor_finds_a_key_project_by_typing_and_links_it_from_the_task_page(
        live_server: LiveServer, driver: WebDriver, personas: Personas) -> None:
    """The task page's project search: the options come as the user types (HTMX fills the
    datalist), the one chosen is linked, and the panel then lists it."""
    from luoshi.projects.models import KeyProject

    for n in range(25):
        KeyProject.objects.create(year=2024, code=f"GK-{n:02d}", name=f"临港港口物流设施{n:02d}号")
    wanted = KeyProject.objects.create(year=2024, code="BH2024-009", name="滨唐高速(滨海段)")
    task = personas.task_a

    log_in_as_supervisor(driver, live_server)

    driver.get(f"{live_server.url}/ledger/tasks/{task.pk}/")
    search = driver.find_element(By.CSS_SELECTOR, "#task-project-link input[name=project_ref]")
    assert driver.find_elements(By.CSS_SELECTOR, "#task-project-options option") == []  # nothing listed up front
    search.click()  # on focus, the first projects of the catalogue to browse (20 of 26)
    WebDriverWait(driver, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#task-project-options option")) == 20)
    search.send_keys("滨唐")  # then those matching what is typed

    def offered(d: WebDriver) -> list[str | None]:
        return [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#task-project-options option")]

    WebDriverWait(driver, 10).until(lambda d: offered(d) == ["2024/BH2024-009"])
    search.clear()
    search.send_keys("2024/BH2024-009")
    save_screenshot(driver, "task-project-search")
    driver.find_element(By.CSS_SELECTOR, "#task-project-link button[type=submit]").click()
    WebDriverWait(driver, 10).until(
        ec.text_to_be_present_in_element((By.ID, "task-projects"), "滨唐高速(滨海段)"))
    assert list(wanted.tasks.all()) == [task]

"""In headless chromium, a unit reporter's path (#4): log in, open 进展填报, report on a task with an
evidence file, see it returned, resubmit it, and ask for a later deadline."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import PASSWORD, Personas
from luoshi.oversight.models import AdjustmentRequest
from luoshi.reports.models import ProgressReport
from luoshi.reports.services import report_return
from luoshi.reports.tests.files import PDF
from luoshi.web.tests.browser import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def wait_for(driver: WebDriver, element_id: str) -> Any:
    return WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.ID, element_id)))


def test_a_reporter_reports_with_evidence_resubmits_and_asks_for_more_time(
        live_server: Any, driver: WebDriver, personas: Personas, tmp_path: Path) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=personas.task_a.pk).update(start_date=today - timedelta(days=30),
                                                      deadline=today + timedelta(days=60))
    evidence = tmp_path / "立项批复.pdf"
    evidence.write_bytes(PDF)

    driver.get(f"{live_server.url}/login/")
    driver.find_element(By.ID, "id_username").send_keys("rep_a")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    wait_for(driver, "kpi-total")

    # 进展填报 lists the unit's tasks to report; another unit's task is not there.
    driver.find_element(By.LINK_TEXT, "进展填报").click()
    todo = wait_for(driver, "todo")
    assert personas.task_a.code in todo.text and personas.task_b.code not in todo.text
    row = next(r for r in todo.find_elements(By.CSS_SELECTOR, "tbody tr") if personas.task_a.code in r.text)
    row.find_element(By.CSS_SELECTOR, "a.report-new").click()

    # Write the report with an evidence file and submit it.
    form = wait_for(driver, "report-form")
    form.find_element(By.ID, "id_narrative").send_keys("已完成选址和立项,正在开展初步设计。")
    percent = form.find_element(By.ID, "id_percent_done")
    percent.clear()
    percent.send_keys("20")
    form.find_element(By.ID, "id_files").send_keys(str(evidence))
    save_screenshot(driver, "reporter-report-form")
    form.find_element(By.ID, "report-submit").click()
    status = wait_for(driver, "report-status")
    assert "已提交" in status.text
    assert "立项批复.pdf" in driver.find_element(By.ID, "evidence").text
    report = ProgressReport.objects.get(task=personas.task_a)
    assert (report.status, report.percent_done, report.evidence.count()) == ("submitted", 20, 1)

    # The supervisor returns it; the reporter finds it in the inbox and resubmits a second version.
    report_return(user=personas.supervisor, report=report, comment="请补充批复文号。")
    driver.get(f"{live_server.url}/reports/")
    returned = wait_for(driver, "returned")
    returned.find_element(By.PARTIAL_LINK_TEXT, personas.task_a.code).click()
    wait_for(driver, "resubmit-link").click()
    form = wait_for(driver, "report-form")
    narrative = form.find_element(By.ID, "id_narrative")
    narrative.clear()
    narrative.send_keys("已完成选址和立项(批复文号津科〔2024〕12号),正在开展初步设计。")
    form.find_element(By.ID, "report-submit").click()
    assert "已提交" in wait_for(driver, "report-status").text
    versions = list(ProgressReport.objects.filter(task=personas.task_a).order_by("revision")
                    .values_list("revision", "status"))
    assert versions == [(1, "returned"), (2, "submitted")]
    save_screenshot(driver, "reporter-resubmitted")

    # From the task page, ask for a later deadline with a reason.
    driver.get(f"{live_server.url}{personas.task_a.get_absolute_url()}")
    wait_for(driver, "adjust-link").click()
    form = wait_for(driver, "adjustment-form")
    later = today + timedelta(days=120)
    driver.execute_script("arguments[0].value = arguments[1];", form.find_element(By.ID, "id_deadline"),
                          later.isoformat())
    form.find_element(By.ID, "id_reason").send_keys("设备到货延迟,申请顺延两个月。")
    form.find_element(By.ID, "adjustment-submit").click()
    assert "待审批" in wait_for(driver, "adjustment-status").text
    assert AdjustmentRequest.objects.get().changes == {"deadline": later.isoformat()}
    save_screenshot(driver, "reporter-adjustment")

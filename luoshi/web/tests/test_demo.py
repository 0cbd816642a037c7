"""The demo: the seeds load into a ledger, a second load duplicates nothing, a bad folder writes nothing.

Loading the seeds takes seconds, so the module loads them once (`seeded`) inside a transaction
that is rolled back after the module's last test; each test runs in its own savepoint inside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction

from luoshi.core.audit import audit_verify
from luoshi.documents.models import Document, ExtractedItem
from luoshi.ledger.choices import Role
from luoshi.ledger.models import Person, Task, Unit
from luoshi.projects.models import KeyProject, ProjectBatch
from luoshi.reports.models import ProgressReport
from luoshi.web.demo.loader import DemoError, DemoReport, demo_load

pytestmark = pytest.mark.django_db

SEEDS = Path(os.environ.get("DOCS") or Path(__file__).resolve().parents[3].parent / "shared" / "seeds")


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoReport]:
    """The seeds loaded once for the module; everything is rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = demo_load(SEEDS)
        yield report
        transaction.set_rollback(True)


def counts() -> tuple[int, ...]:
    return (Document.objects.count(), ExtractedItem.objects.count(), Task.objects.count(), Unit.objects.count(),
            Person.objects.count(), get_user_model().objects.count())


def test_the_seeds_load_into_a_ledger_with_sources_and_a_second_load_adds_nothing(seeded: DemoReport) -> None:
    report = seeded
    assert report.documents_created == 2 and report.tasks_created > 100
    assert report.targets_confirmed >= 30 and report.batches_confirmed >= 10
    before = counts()
    task = Task.objects.filter(source_document__filename="001_520e196db07610e2.txt").order_by("source_start").first()
    assert task is not None and task.source_document is not None
    assert task.source_quote and task.source_quote in task.source_document.text

    again = demo_load(SEEDS)
    assert again.documents_created == 0 and again.tasks_created == 0
    assert counts() == before


def test_there_is_one_demo_account_per_role(seeded: DemoReport) -> None:
    roles = set(Person.objects.filter(user__username__in=["supervisor", "reporter", "leader", "admin"])
                .values_list("role", flat=True))
    assert roles == {Role.SUPERVISOR, Role.REPORTER, Role.LEADER, Role.ADMIN}
    assert get_user_model().objects.get(username="reporter").check_password("luoshi-demo-2024")


def test_an_unreadable_file_in_the_folder_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text((SEEDS / "000_23098c29dc51a7a7.txt").read_text("utf-8"), "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    before = counts()
    with pytest.raises(DemoError) as error:
        demo_load(tmp_path)
    assert "empty.txt" in str(error.value)
    assert counts() == before


def test_the_binhai_project_list_comes_only_with_its_work_report(seeded: DemoReport, tmp_path: Path) -> None:
    """The demo's key projects are those the Binhai work report names: loaded beside that report,
    never for a folder of other documents."""
    assert KeyProject.objects.filter(year=2024).count() >= 40
    other = next(path for path in sorted(SEEDS.iterdir()) if "诺和诺德扩建" not in path.read_text("utf-8"))
    (tmp_path / other.name).write_text(other.read_text("utf-8"), "utf-8")
    KeyProject.objects.all().delete()
    ProjectBatch.objects.all().delete()
    demo_load(tmp_path)
    assert not KeyProject.objects.exists()


def test_the_demo_s_audit_log_verifies_until_an_accepted_report_is_changed_by_sql(seeded: DemoReport) -> None:
    assert audit_verify() == []
    report = ProgressReport.objects.filter(status="accepted").first()
    assert report is not None
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_progressreport SET grade = %s WHERE id = %s",
                       [1 if report.grade != 1 else 2, report.pk])
    assert audit_verify() == [f"reports.progressreport {report.pk} ({report}) was changed outside the services"]


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DemoError) as error:
        demo_load(tmp_path / "nowhere")
    assert "DOCS" in str(error.value)


def test_the_demo_command_prints_the_logins(seeded: DemoReport, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--docs", str(SEEDS), "--no-migrate")
    out = capsys.readouterr().out
    assert "supervisor" in out and "luoshi-demo-2024" in out and "督查人员" in out


def test_each_level_has_its_office_and_supervisor_and_every_task_an_office(seeded: DemoReport) -> None:
    """Issue 10: one office per level with its own demo supervisor; the seeds' documents belong to
    the office of their level, and so do their tasks; `supervisor` stays installation-wide."""
    from luoshi.ledger.permissions import documents_visible_to, tasks_managed_by, tasks_visible_to
    from luoshi.web.demo.offices import demo_tasks_office_fill

    offices = {username: str(office) for username, office in
               Person.objects.filter(office__isnull=False).values_list("user__username", "office__short_name")}
    assert offices == {
        "sup_national": "国家发展改革委", "sup_city": "市发改委", "sup_district": "区政府办", "sup_zone": "天津港保税区"}
    assert Person.objects.get(user__username="supervisor").office is None
    assert not Task.objects.filter(office__isnull=True).exists()
    assert demo_tasks_office_fill() == 0  # idempotent
    press = Document.objects.get(filename="000_23098c29dc51a7a7.txt")
    report = Document.objects.get(filename="001_520e196db07610e2.txt")
    assert str(press.office) == "市发改委" and str(report.office) == "区政府办"
    assert set(Task.objects.filter(source_document=report).values_list("office__short_name", flat=True)) == {"区政府办"}
    users = get_user_model().objects
    district, city, zone = (users.get(username=n) for n in ("sup_district", "sup_city", "sup_zone"))
    assert list(documents_visible_to(district, Document.objects.all())) == [report]
    assert set(documents_visible_to(city, Document.objects.all())) == {press, report}
    # The city runs the district's tasks; the district sees (not runs) the city's falling to it.
    assert tasks_managed_by(city).count() > tasks_managed_by(district).count() > 0
    falling = tasks_visible_to(district).exclude(pk__in=tasks_managed_by(district).values("pk"))
    assert falling.exists() and not falling.exclude(office__short_name="市发改委").exists()
    assert tasks_visible_to(zone).count() < tasks_visible_to(district).count()
    out_of_reach = Task.objects.exclude(pk__in=tasks_visible_to(district).values("pk"))
    assert out_of_reach.exists()  # the national tasks that do not fall to the district
    assert audit_verify() == []


def test_the_demo_shows_the_seeds_chain_of_levels_with_real_numbers(seeded: DemoReport) -> None:
    from luoshi.briefings.selectors import coverage, plan_coverage

    supervisor = get_user_model().objects.get(username="supervisor")
    areas = Task.objects.filter(level="city", title__startswith="围绕").order_by("code")
    assert {a.title for a in areas} == {"围绕产业创新提出101项举措", "围绕港航功能提出49项举措", "围绕金融创新提出25项举措",
                                        "围绕改革开放提出33项举措", "围绕宜居城市提出51项举措"}
    assert all(a.parent is not None and a.parent.level == "national" for a in areas)
    industry = areas.get(category="产业创新")
    assert industry.source_quote == industry.title  # quoted from the press conference
    assert "加强京津冀三省市商业航天产业链协同" in set(industry.children.values_list("title", flat=True))
    # the measures confirmed from the press conference sit under their areas, the zone's as zone tasks
    assert Task.objects.filter(parent__in=areas, level="district").exists()
    assert Task.objects.filter(parent__in=areas, level="zone").exists()
    stats = {s["level"]: s for s in coverage(user=supervisor, filters={})["stats"]}
    assert stats["national"]["covered"] == 5 and stats["city"]["covered"] >= 5
    plans = {p["document"].filename: p for p in plan_coverage(user=supervisor)}
    counts = {c["announced"]: c for c in plans["000_23098c29dc51a7a7.txt"]["counts"]}
    assert counts[259]["level"] == "city" and counts[259]["registered"] >= 12
    assert {p["name"]: p["announced"] for p in counts[259]["parts"]} == {
        "产业创新": 101, "港航功能": 49, "金融创新": 25, "改革开放": 33, "宜居城市": 51}
    assert all(p["registered"] >= 2 for p in counts[259]["parts"])
    assert counts[372]["level"] == "district" and counts[372]["registered"] > 0
    assert counts[142]["level"] == "zone" and counts[142]["registered"] > 0
    assert counts[16]["level"] == counts[124]["level"] == "national"
    # the district work report's measures that share two words with an area sit under it (示例数据)
    work_report = Task.objects.filter(source_document__filename="001_520e196db07610e2.txt", parent__in=areas)
    assert work_report.count() >= 10
    linked = work_report.first()
    assert linked is not None and linked.history.filter(history_change_reason__startswith="示例数据").exists()
    # the national tasks' figures are rolled up from below
    assert Task.objects.filter(level="national", rollup_progress__isnull=False).count() == 5
    # a second load links nothing again
    assert demo_load(SEEDS).tasks_created == 0
    assert Task.objects.filter(level="city", title__startswith="围绕").count() == 5


def test_the_district_supervisor_sees_the_city_areas_it_refines_on_coverage_and_the_map(seeded: DemoReport) -> None:
    """Issue 10: the city's areas name the district (滨海新区) as a co-unit, since the district
    refines them into its action plan; so they fall to the district, whose supervisor sees them
    read-only with the district's measures beneath them, and coverage is no longer 0 %."""
    from luoshi.briefings.selectors import coverage, dashboard_data
    from luoshi.ledger.permissions import can_edit_task, tasks_visible_to

    district = get_user_model().objects.get(username="sup_district")
    areas = Task.objects.filter(level="city", title__startswith="围绕")
    assert all(a.co_units.filter(short_name="滨海新区").exists() for a in areas)
    seen = tasks_visible_to(district, areas)
    assert seen.count() == 5 and not any(can_edit_task(district, a) for a in seen)

    result = coverage(user=district, filters={})
    stats = {s["level"]: s for s in result["stats"]}
    assert stats["city"]["total"] >= 5 and stats["city"]["covered"] >= 4 and stats["city"]["rate"] > 0
    assert stats["district"]["total"] - stats["district"]["unlinked"] >= 10  # district measures linked upward
    assert result["root"] == "city"
    trees = {t.task["title"]: t for t in result["trees"]}
    industry = trees["围绕产业创新提出101项举措"]
    assert any(child.task["level"] == "district" for child in industry.children)

    # The battle map counts the district's measures linked to the city's areas; the areas themselves
    # are headings of the city's plan (structure, not work) and are not counted.
    assert all(a.kind == "heading" for a in areas)
    linked_up = dashboard_data(user=district, use_cache=False, filters={"level": "district", "linked_up": "true"})
    assert next(k["value"] for k in linked_up["kpis"] if k["key"] == "total") >= 10
    city = dashboard_data(user=district, use_cache=False, filters={"level": "city"})
    assert next(k["value"] for k in city["kpis"] if k["key"] == "total") == stats["city"]["total"] - 5

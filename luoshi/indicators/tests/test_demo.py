"""The demo data of both apps: plausible, and idempotent (a second run duplicates nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.indicators.selectors import indicator_status_rows
from luoshi.projects.models import KeyProject, ProjectBatch, ProjectInvestment, ProjectMilestone
from luoshi.projects.selectors import project_rollup
from luoshi.web.demo.indicators import indicators_demo_load
from luoshi.web.demo.loader import demo_accounts_load, demo_load, demo_units_load
from luoshi.web.demo.projects import projects_demo_load

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (Indicator.objects.count(), IndicatorTarget.objects.count(), Observation.objects.count(),
            ProjectBatch.objects.count(), KeyProject.objects.count(), ProjectInvestment.objects.count(),
            ProjectMilestone.objects.count())


def test_the_demo_loads_once_and_shows_every_light() -> None:
    demo_units_load()
    demo_accounts_load()
    assert indicators_demo_load() > 100
    assert projects_demo_load() >= 40
    first = _counts()
    assert indicators_demo_load() == 0 and projects_demo_load() == 0
    assert _counts() == first
    lights = {r.light for r in indicator_status_rows(year=2024, with_target_only=True)}
    assert {"green", "yellow", "red"} <= lights
    groups, _total = project_rollup(year=2024, by="pipeline")
    assert [(g.key, g.promised_count) for g in groups] == [("new_start", 212), ("under_construction", 583),
                                                          ("completion", 197)]
    reporter_unit = Indicator.objects.filter(responsible_unit__short_name="区科技局")
    assert reporter_unit.exists() and KeyProject.objects.filter(lead_unit__short_name="区科技局").exists()


SEEDS = Path(str(settings.LUOSHI["DEMO_DOCS"]))


def _confirm_the_work_report() -> None:
    """What the demo loader does with the work report, restricted to this issue's apps: ingest it,
    confirm its targets and project batches, then add the demo data of both apps."""
    from luoshi.documents.services import document_ingest, document_read_file
    from luoshi.indicators.services import target_confirm_from_item
    from luoshi.ledger.models import Person
    from luoshi.projects.services import batch_confirm_from_item

    demo_units_load()
    demo_accounts_load()
    supervisor = Person.objects.get(role="supervisor").user
    data, name = document_read_file(SEEDS / "001_520e196db07610e2.txt")
    document = document_ingest(data=data, filename=name, user=supervisor).document
    for item in document.items.filter(status="draft"):
        if item.kind == "target":
            target_confirm_from_item(item=item, user=supervisor)
        elif item.kind == "project":
            batch_confirm_from_item(item=item, user=supervisor)
    indicators_demo_load(user=supervisor)
    projects_demo_load(user=supervisor)


@pytest.mark.skipif(not (SEEDS / "001_520e196db07610e2.txt").exists(), reason="seed documents not present")
def test_extracted_targets_and_the_demo_catalogue_are_one_catalogue() -> None:
    """Targets confirmed from the work report and the demo's standard indicators merge; rerunning adds nothing."""
    _confirm_the_work_report()
    first = _counts()
    _confirm_the_work_report()
    assert _counts() == first
    names = set(Indicator.objects.values_list("name", flat=True))
    assert {"地区生产总值增速", "城镇新增就业", "新增学位", "海绵城市建成区面积占比"} <= names
    assert not names & {"固定资产投资同比", "建成区面积", "实施片区合流制改造"}
    gdp = IndicatorTarget.objects.get(indicator__name="地区生产总值增速", year=2024)
    assert gdp.comparator == "about" and gdp.source_document is not None
    assert gdp.source_quote == "地区生产总值同比增长4.8%左右"
    jobs = IndicatorTarget.objects.get(indicator__name="城镇新增就业", year=2024)
    assert jobs.value is not None and float(jobs.value) == 9.5
    batch = ProjectBatch.objects.get(year=2024, pipeline="under_construction", promised_count=583)
    assert batch.promised_investment is not None and float(batch.promised_investment) == 73916000 and batch.source_document is not None


def test_the_demo_loader_calls_both_apps() -> None:
    """The web demo loader ends with this issue's two demo functions (one call each)."""
    import inspect

    source = inspect.getsource(demo_load)
    assert "indicators_demo_load(user=supervisor)" in source and "projects_demo_load(user=supervisor)" in source

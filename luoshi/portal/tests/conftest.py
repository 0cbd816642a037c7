"""Published and unpublished measures on top of the shared personas."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.portal.services import task_publication_update


@dataclass
class Published:
    personas: Personas
    lab: Task
    talent: Task
    secret: Task


@pytest.fixture
def published(personas: Personas) -> Published:
    """Two measures a supervisor published (海河实验室 through the service, 人才 likewise) and one
    internal task whose title shares words with them but must never be shown."""
    p = personas
    lab = task_publication_update(
        task=p.task_a, user=p.supervisor, expected_version=1, is_public=True,
        public_explanation="支持企业与海河实验室合作开展研发,符合条件的项目可申请补助。",
        applies_to_industries="生物医药、智能制造", applies_to_areas="滨海高新区",
    )
    talent_task = task_factory("实施海河英才计划", lead_unit=p.unit_b, category="人才", status=TaskStatus.IN_PROGRESS,
                               progress_percent=60)
    talent = task_publication_update(task=talent_task, user=p.supervisor, expected_version=1, is_public=True,
                                     public_explanation="面向全区引进高层次人才,提供安家补贴。")
    secret = task_factory("海河实验室内部人事调整", lead_unit=p.unit_a, progress_note="内部信息,不得公开",
                          public_explanation="这段解读从未公开")
    return Published(p, lab, talent, secret)

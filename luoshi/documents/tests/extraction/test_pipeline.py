"""The runner and the public interface the Django side depends on."""

from __future__ import annotations

from dataclasses import fields

import pytest

import luoshi.documents.extraction as extraction
from luoshi.documents.extraction import PIPELINE, extract, to_eval_json
from luoshi.documents.extraction.datatypes import Item, WorkingDocument
from luoshi.documents.extraction.pipeline import PipelineError, run


def test_the_public_names_are_exported() -> None:
    for name in (
        "read_document",
        "ReadError",
        "extract",
        "PIPELINE",
        "to_eval_json",
        "SourceDocument",
        "Extraction",
        "Span",
        "Item",
        "Section",
        "Measure",
        "DocumentMeta",
        "Task",
        "genre_profile",
    ):
        assert hasattr(extraction, name)


def test_the_steps_run_in_their_documented_order() -> None:
    assert [name for name, _ in PIPELINE] == [
        "furniture",
        "structure",
        "meta",
        "periods",
        "numbers",
        "quantities",
        "classification",
        "parts",
        "measures",
        "tasks",
    ]
    assert all(step.__doc__ for _, step in PIPELINE)


def test_the_runner_names_the_failing_step() -> None:
    def broken(document: WorkingDocument) -> WorkingDocument:
        raise ValueError("boom")

    with pytest.raises(PipelineError) as raised:
        run(WorkingDocument(text="x"), (("furniture", PIPELINE[0][1]), ("broken", broken)))
    assert raised.value.step == "broken"
    assert "broken" in str(raised.value) and isinstance(raised.value.__cause__, ValueError)


def test_the_same_text_gives_the_same_extraction() -> None:
    text = "2024年重点工作\n新增城镇就业6500人，改造老旧小区35个。"
    assert extract(text) == extract(text)


def test_an_empty_text_gives_an_empty_extraction() -> None:
    result = extract("")
    assert (result.items, result.sections, result.measures, result.furniture) == ((), (), (), ())


def test_items_carry_every_field_of_the_interface() -> None:
    names = {field.name for field in fields(Item)}
    assert {
        "kind",
        "value",
        "unit",
        "comparator",
        "period",
        "indicator",
        "start",
        "end",
        "quote",
        "parts",
        "investment",
        "section_id",
        "consistent",
        "number_start",
        "number_end",
    } <= names


def test_the_evaluation_format_has_what_the_scorer_reads() -> None:
    text = "2024年重点工作\n总投资860亿元的120个项目开工，城镇新增就业6500人。"
    result = to_eval_json(extract(text), "doc.txt")
    assert result["doc"] == "doc.txt"
    project, jobs = result["items"]
    assert {key: project[key] for key in ("kind", "value", "unit", "comparator", "period", "investment")} == {
        "kind": "project",
        "value": 120,
        "unit": "个",
        "comparator": "eq",
        "period": "2024",
        "investment": 86_000_000_000,
    }
    assert project["quote"] == text[project["start"] : project["end"]]
    assert "parts" not in project
    assert (jobs["kind"], jobs["value"], jobs["unit"], jobs["period"]) == ("target", 6500, "人", "2024")
    assert "parts" not in jobs and "investment" not in jobs

"""Unit names as offices abbreviate them: one spelling per unit, one line of work across levels."""

from __future__ import annotations

import pytest

from luoshi.ledger.linking.units import (
    normalise_unit_name,
    place_level,
    split_unit_names,
    unit_function,
    unit_key,
)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("区发改委", "区发展和改革委员会"),
        ("区发展改革委", "区发展和改革委员会"),
        ("区发展和改革委员会", "区发展和改革委员会"),
        ("滨海新区发改委", "滨海新区发展和改革委员会"),
        ("国家发展改革委", "国家发展和改革委员会"),
        ("市工信局", "市工业和信息化局"),
        ("市住建委", "市住房和城乡建设委员会"),
        ("区人社局", "区人力资源和社会保障局"),
        ("市市场监管局", "市市场监督管理局"),
        ("市场监管总局", "市场监督管理总局"),
        ("市卫健委", "市卫生健康委员会"),
        ("区政务服务办", "区政务服务办公室"),
        (" 市 商务局 ", "市商务局"),
        ("（市商务局）", "市商务局"),
        ("天津海关", "天津海关"),
    ],
)
def test_it_writes_one_spelling_for_one_unit(written: str, canonical: str) -> None:
    assert normalise_unit_name(written) == canonical


def test_it_keeps_units_of_different_levels_apart() -> None:
    assert normalise_unit_name("市商务局") != normalise_unit_name("区商务局")


@pytest.mark.parametrize(
    ("names", "function"),
    [
        (("商务部", "市商务局", "区商务局"), "商务"),
        (("国家发展改革委", "市发改委", "区发展和改革委员会"), "发展和改革"),
        (("工业和信息化部", "市工信局"), "工业和信息化"),
        (("交通运输部", "市交通运输委", "区交通运输局"), "交通运输"),
        (("海关总署", "天津海关"), "海关"),
        (("中国人民银行", "人民银行天津分行"), "人民银行"),
        (("国家市场监督管理总局", "市市场监管局"), "市场监督管理"),
    ],
)
def test_it_finds_the_same_line_of_work_across_levels(names: tuple[str, ...], function: str) -> None:
    assert {unit_function(name) for name in names} == {function}


def test_it_tells_different_lines_of_work_apart() -> None:
    assert unit_function("市商务局") != unit_function("市科技局")


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("市商务局、市发展改革委", ("市商务局", "市发展改革委")),
        ("市商务局，天津海关;市口岸办", ("市商务局", "天津海关", "市口岸办")),
        ("区商务局及区发改委", ("区商务局", "区发改委")),
        ("", ()),
    ],
)
def test_it_splits_a_list_of_units(written: str, names: tuple[str, ...]) -> None:
    assert split_unit_names(written) == names


@pytest.mark.parametrize(
    ("written", "default", "key"),
    [
        ("区发改委", "", ("district", "发展和改革委员会")),
        ("滨海新区发展和改革委员会", "", ("district", "发展和改革委员会")),
        ("市发展改革委", "", ("city", "发展和改革委员会")),
        ("县发改委", "", ("county", "发展和改革委员会")),
        ("发改委", "city", ("city", "发展和改革委员会")),
        ("区政府办公室", "", ("district", "政府办公室")),
        ("区政府", "", ("district", "政府")),
        ("市场监管局", "district", ("district", "市场监督管理局")),
    ],
)
def test_a_unit_key_is_its_level_and_its_body_written_out(written: str, default: str, key: tuple[str, str]) -> None:
    assert unit_key(written, default) == key


@pytest.mark.parametrize(("place", "level"), [("青山县", "county"), ("云岭市", "city"), ("滨海新区", "district"),
                                              ("某某镇", "")])
def test_a_place_states_its_level_by_its_last_character(place: str, level: str) -> None:
    assert place_level(place) == level

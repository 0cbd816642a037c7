"""Unit names as offices write them: one canonical form for each unit, and the line of work.

Plans abbreviate freely: 区发改委, 区发展改革委 and 区发展和改革委员会 are one unit;
市商务局 (a city bureau) and 区商务局 (a district bureau) are different units of the same line
of work, which is what links a district measure to the city task it refines.

    >>> normalise_unit_name("区发改委")
    '区发展和改革委员会'
    >>> unit_function("国家发展改革委") == unit_function("区发展和改革委员会")
    True

Pure functions over strings; the tables are data and may grow.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Level prefixes, longest first, so that 滨海新区 wins over 新区 and 区.
LEVEL_PREFIXES: Final[tuple[str, ...]] = tuple(
    sorted(
        ("国家", "国务院", "天津市", "滨海新区", "新区", "市", "区", "县", "省", "自贸区", "保税区", "开发区"),
        key=len,
        reverse=True,
    )
)

# Abbreviations and variants of a unit's name (without its level prefix) to the full name.
# A body that ends in 委 is first read as …委员会 (发展改革委 → 发展改革委员会), then looked up here.
BODY_ALIASES: Final[dict[str, str]] = {
    "发改委员会": "发展和改革委员会",
    "发展改革委员会": "发展和改革委员会",
    "工信局": "工业和信息化局",
    "工信部": "工业和信息化部",
    "工信厅": "工业和信息化厅",
    "工业和信息化委员会": "工业和信息化局",
    "科技局": "科学技术局",
    "科技部": "科学技术部",
    "科技厅": "科学技术厅",
    "科委员会": "科学技术委员会",
    "交通委员会": "交通运输委员会",
    "交委员会": "交通运输委员会",
    "人社局": "人力资源和社会保障局",
    "人社部": "人力资源和社会保障部",
    "人力社保局": "人力资源和社会保障局",
    "住建委员会": "住房和城乡建设委员会",
    "住建局": "住房和城乡建设局",
    "住建部": "住房和城乡建设部",
    "规自局": "规划和自然资源局",
    "规划资源局": "规划和自然资源局",
    "市场监管局": "市场监督管理局",
    "市场监管委员会": "市场监督管理委员会",
    "市场监管总局": "市场监督管理总局",
    "卫健委员会": "卫生健康委员会",
    "卫生健康委": "卫生健康委员会",
    "文旅局": "文化和旅游局",
    "文旅部": "文化和旅游部",
    "国资委员会": "国有资产监督管理委员会",
    "网信办": "网络安全和信息化委员会办公室",
    "政务服务办": "政务服务办公室",
    "口岸办": "口岸服务办公室",
    "应急局": "应急管理局",
    "生态环境局": "生态环境局",
    "农业农村委员会": "农业农村委员会",
    "管委会": "管理委员会",
    "教委员会": "教育委员会",
    "金融局": "金融工作局",
    "金融委员会": "金融工作委员会",
    "网信委员会": "网络安全和信息化委员会",
    "审批局": "行政审批局",
    "数据局": "数据管理局",
}

# Lines of work named inside a unit's name, whatever its level: 海关总署 and 天津海关,
# 中国人民银行 and 人民银行天津分行.
NAMED_FUNCTIONS: Final[tuple[str, ...]] = ("海关", "人民银行", "税务", "外汇管理", "金融监督管理", "海事", "边检")

# Kinds of organ, longest first: removed to leave the line of work (商务部 / 市商务局 → 商务).
ORGAN_SUFFIXES: Final[tuple[str, ...]] = (
    "委员会办公室",
    "委员会",
    "办公室",
    "总局",
    "局",
    "厅",
    "部",
    "委",
    "办",
)

_SEPARATORS: Final = re.compile(r"[、，,；;／/\s]+|(?<=[局委厅部办会室行])及")
_DROP: Final = re.compile(r"[\s　\"'“”‘’()（）【】\[\]]")


def split_unit_names(text: str) -> tuple[str, ...]:
    """The unit names in a list as written: "市商务局、市发展改革委" → ("市商务局", "市发展改革委").

    Empty names are left out; the order is kept.
    """
    return tuple(part for part in (p.strip() for p in _SEPARATORS.split(text)) if part)


def _prefix_and_body(name: str) -> tuple[str, str]:
    cleaned = _DROP.sub("", unicodedata.normalize("NFKC", name))
    if cleaned in BODY_ALIASES or cleaned in _FULL_BODIES:
        # 市场监管总局 is a national body whose name happens to start with 市.
        return "", cleaned
    for prefix in LEVEL_PREFIXES:
        if cleaned.startswith(prefix) and len(cleaned) > len(prefix) + 1:
            return prefix, cleaned[len(prefix) :]
    return "", cleaned


_FULL_BODIES: Final = frozenset(BODY_ALIASES.values())


def _full_body(body: str) -> str:
    if body.endswith("委") and not body.endswith("管委"):
        body += "员会"
    return BODY_ALIASES.get(body, body)


def normalise_unit_name(name: str) -> str:
    """One spelling for one unit: the level prefix kept, the rest written out in full.

    区发改委, 区发展改革委 and 区发展和改革委员会 all give 区发展和改革委员会; spaces, quotes,
    brackets and full-width forms are dropped. A name the tables do not know comes back cleaned
    but otherwise as written.
    """
    prefix, body = _prefix_and_body(name)
    return prefix + _full_body(body)


def unit_function(name: str) -> str:
    """The line of work of a unit, without its level and its kind of organ.

    商务部, 市商务局 and 区商务局 all give 商务; 国家发展改革委 and 区发改委 give 发展和改革.
    Returns the cleaned name itself when nothing is left to strip.
    """
    _, body = _prefix_and_body(name)
    full = _full_body(body)
    for named in NAMED_FUNCTIONS:
        if named in full:
            return named
    for suffix in ORGAN_SUFFIXES:
        if full.endswith(suffix) and len(full) > len(suffix):
            return full[: -len(suffix)]
    return full


# The level a prefix names: what makes 区发改委 and 滨海新区发展和改革委员会 one unit and
# 市发改委 another. A name without a prefix (发改委) takes the level of the document naming it.
PREFIX_LEVELS: Final[dict[str, str]] = {
    "国家": "national", "国务院": "national",
    "省": "province",
    "天津市": "city", "市": "city",
    # A county is at a district's level but is not a district: 县商务局 is never 区商务局.
    "滨海新区": "district", "新区": "district", "区": "district", "县": "county",
    "自贸区": "zone", "保税区": "zone", "开发区": "zone",
}


def unit_key(name: str, default_level: str = "") -> tuple[str, str]:
    """(level, body written out in full) of a unit's name: two names with equal keys name one unit.

    区发改委, 区发展改革委 and 滨海新区发展和改革委员会 give ("district", "发展和改革委员会");
    市发改委 gives ("city", …). A name without a level prefix takes ``default_level``.

        >>> unit_key("区发改委") == unit_key("滨海新区发展和改革委员会")
        True
        >>> unit_key("区政府办公室") == unit_key("区政府")
        False
    """
    prefix, body = _prefix_and_body(name)
    return (PREFIX_LEVELS.get(prefix, default_level) if prefix else default_level), _full_body(body)


def place_level(place: str, default_level: str = "") -> str:
    """The level a place name states by its last character: 青山县 a county, 云岭市 a city."""
    return {"省": "province", "市": "city", "区": "district", "县": "county"}.get(place[-1:], default_level)


def has_level_prefix(name: str) -> bool:
    """Whether a unit's name states its level (区发改委, 市商务局) or leaves it to the document (发改委)."""
    return bool(_prefix_and_body(name)[0])

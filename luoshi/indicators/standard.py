"""Standard indicators: how the common statistical indicators of a work report are kept.

When a target is confirmed from a document, its indicator is created from the matching entry
here (unit, expression, frequency, responsible unit), instead of from guesses; the demo uses the
same entries. Units are named by their short names in the unit directory (区发展改革委 …) and
are skipped when the directory does not have them. Data, not logic: add entries freely.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.indicators.choices import Direction, Expression, Frequency


@dataclass(frozen=True)
class StandardIndicator:
    name: str
    unit: str
    expression: str
    frequency: str
    cumulative: bool
    responsible_unit: str = ""
    aliases: tuple[str, ...] = ()
    direction: str = Direction.HIGHER_IS_BETTER
    definition: str = ""


G, L, S = Expression.GROWTH, Expression.LEVEL, Expression.SHARE
M, Q, Y = Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR

STANDARD_INDICATORS: tuple[StandardIndicator, ...] = (
    StandardIndicator("地区生产总值增速", "%", G, Q, True, "区发展改革委",
                      ("地区生产总值", "地区生产总值增长", "地区生产总值同比增长", "GDP增速", "经济增长"),
                      definition="按可比价格计算的地区生产总值累计同比增速"),
    StandardIndicator("一般公共预算收入增速", "%", G, M, True, "区财政局",
                      ("一般公共预算收入", "一般公共预算收入增长", "一般公共预算收入同比增长"),
                      definition="一般公共预算收入累计同比增速(同口径)"),
    StandardIndicator("固定资产投资增速", "%", G, M, True, "区发展改革委",
                      ("固定资产投资", "固定资产投资增长", "固定资产投资同比增长"),
                      definition="固定资产投资(不含农户)累计同比增速"),
    StandardIndicator("居民人均可支配收入增速", "%", G, Q, True, "区发展改革委",
                      ("居民人均可支配收入", "居民人均可支配收入增长"),
                      definition="全体居民人均可支配收入累计名义增速"),
    StandardIndicator("城镇新增就业", "万人", L, M, True, "区人社局", ("城镇新增就业人数", "新增就业")),
    StandardIndicator("新增学位", "个", L, M, True, "区教体局", ("新增中小学幼儿园学位",)),
    StandardIndicator("保障性租赁住房建设", "套", L, M, True, "区住房建设委",
                      ("保障性租赁住房", "完成保障性租赁住房建设")),
    StandardIndicator("老旧小区改造", "个", L, M, True, "区住房建设委", ("改造老旧小区",)),
    StandardIndicator("海绵城市建成区面积占比", "%", S, Q, False, "区住房建设委",
                      ("海绵城市建成区面积", "海绵城市建成区面积比例"),
                      definition="达到海绵城市要求的建成区面积占建成区总面积的比例(期末值)"),
    StandardIndicator("引育科技型企业", "家", L, M, True, "区科技局", ("引育科技型企业数",)),
    StandardIndicator("新增市级以上研发机构", "家", L, Q, True, "区科技局", ("市级以上研发机构",)),
    StandardIndicator("国家专精特新“小巨人”企业", "家", L, Q, False, "区科技局",
                      ("国家专精特新小巨人企业", "专精特新“小巨人”企业"), definition="期末累计认定数"),
    StandardIndicator("合流制改造片区", "个", L, Q, True, "区生态环境局", ("片区合流制改造",)),
    StandardIndicator("高技能人才", "万人", L, Q, False, "区人社局", ("高技能人才总量",),
                      definition="期末高技能人才总量"),
    StandardIndicator("新建、改造提升高标准农田", "万亩", L, Q, True, "区农业农村委",
                      ("高标准农田", "新建高标准农田")),
)


def standard_for(key: str) -> StandardIndicator | None:
    """The standard entry whose name or alias has the normalised key `key` (see services.name_key)."""
    from luoshi.indicators.services import name_key

    for entry in STANDARD_INDICATORS:
        if key in {name_key(n) for n in (entry.name, *entry.aliases)}:
            return entry
    return None

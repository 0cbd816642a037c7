"""Word lists and compiled patterns used by the extraction steps: data kept apart from logic.

Nothing here is specific to one document: the lists describe the genre (Chinese government work
reports, press conferences, policy packages) and are meant to be extended as new documents show
new wording. Patterns that use character classes spell digits out ([0-9０-９]) because ``\\d``
also matches other scripts' digits.
"""

from __future__ import annotations

import re
from typing import Final

from .datatypes import Comparator, UnitClass


def _alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so that 人次 wins over 人."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


# --------------------------------------------------------------------------- characters

CJK: Final = "\u4e00-\u9fff"
DIGITS: Final = "0-9０-９"
CHINESE_DIGIT_VALUES: Final[dict[str, int]] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_SMALL_UNITS: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1000}
CHINESE_BIG_UNITS: Final[dict[str, int]] = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS: Final = "零〇一二两三四五六七八九十百千万亿"
# Multipliers written after Arabic digits (1.8万, 2.1万亿, 3千万). 千 is not a multiplier when it
# starts a unit (5千米 is five kilometres, 30万千瓦 is thirty myriad kilowatts).
MULTIPLIERS: Final[dict[str, float]] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "亿": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

# --------------------------------------------------------------------------- numbers

FULL_WIDTH_DIGITS: Final = str.maketrans("０１２３４５６７８９．", "0123456789.")

# --------------------------------------------------------------------------- units

COUNT_UNITS: Final[tuple[str, ...]] = (
    "个",
    "家",
    "项",
    "人次",
    "人",
    "户",
    "套",
    "座",
    "所",
    "张",
    "辆",
    "部",
    "件",
    "名",
    "艘",
    "架",
    "台",
    "条",
    "处",
    "宗",
    "笔",
    "场次",
    "场",
    "家次",
    "次",
    "例",
    "只",
    "头",
    "株",
    "棵",
    "栋",
    "幢",
    "支",
    "份",
    "篇",
    "册",
    "列",
    "标准箱",
    "标箱",
    "TEU",
)
MEASURE_UNITS: Final[tuple[str, ...]] = (
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "公顷",
    "亩",
    "公里",
    "千米",
    "延米",
    "米",
    "吨",
    "千克",
    "公斤",
    "斤",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "吉瓦",
    "千伏安",
    "千伏",
    "度",
    "微克/立方米",
    "毫克/立方米",
)
MONEY_UNITS: Final[tuple[str, ...]] = ("元", "美元", "欧元", "港元", "日元")
RATE_UNITS: Final[tuple[str, ...]] = ("%", "％", "‰", "个百分点", "百分点", "倍")

UNIT_CLASSES: Final[dict[str, UnitClass]] = {
    **{unit: "count" for unit in COUNT_UNITS},
    **{unit: "measure" for unit in MEASURE_UNITS},
    **{unit: "money" for unit in MONEY_UNITS},
    **{unit: "rate" for unit in RATE_UNITS},
}
# How a unit is written in the output: the scorer compares units as written, with 个百分点
# and 百分点 equal and the full-width percent sign folded.
UNIT_NORMALISED: Final[dict[str, str]] = {"％": "%", "个百分点": "百分点"}

# A unit word is not a unit when the characters after it make it part of a longer word
# (20亿人民币 is not 人, 3部门 is not 部, 项目 is not 项).
_UNIT_BLOCKERS: Final[dict[str, str]] = {
    "人": "民|口|均|才|员|大|士|们|工|居|社|事|口",
    "个": "人所得|体工商|体户|性|月|多月|小时|工作日|季度|星期|年头|周",
    "部": "门|署|委|长|分|署|队|位",
    "项": "目",
    "条": "例|件|款|线|幅",
    "处": "理|置|罚|于|长|室",
    "场": "景|所|馆|地|站|合|景|面|域|次",
    "次": "会议|全会|代表大会|序|要|生|级|数|日",
    "台": "湾|账|阶|风|资",
    "所": "属|在|有|得|需|以|谓|长",
    "户": "籍|外|口|型",
    "架": "构",
    "例": "如|会",
    "只": "有|要|是|能",
    "头": "部|雁|企业|羊",
    "支": "持|撑|出|付|援|部|柱|流",
    "列": "入|为|车|出|举",
    "度": "电量|假|过",
    "名": "单|称|义|片|录|医|城|牌",
    "张": "家",
    "米": "粮|面",
}

_UNIT_PATTERN: Final = "|".join(
    re.escape(unit) + (f"(?:(?!{_UNIT_BLOCKERS[unit]}))" if unit in _UNIT_BLOCKERS else "")
    for unit in sorted(UNIT_CLASSES, key=len, reverse=True)
)
# Matched right after a number: an optional 余/多 ("4900余家", "100多家"), the unit, then an
# optional comparator suffix.
UNIT_RE: Final = re.compile(
    rf"(?P<approx>余|多)?\s?(?P<unit>{_UNIT_PATTERN})(?P<suffix>及以上|以上|以下|以内|左右|上下)?"
)

# Chinese numerals are read only where a unit (or 余/多 before one) may follow: most 一, 三, 十
# in running text belong to words (统一, 三区三线, 十佳) and reading them all would be slow.
_UNIT_FIRST_CHARS: Final = "".join(sorted({unit[0] for unit in UNIT_CLASSES} | {"余", "多"}))
NUMBER_RE: Final = re.compile(
    rf"百分之(?P<percent>[{CHINESE_NUMERAL_CHARS}]+|[{DIGITS}]+(?:[.．][{DIGITS}]+)?)"
    rf"|(?P<arabic>[{DIGITS}]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[{DIGITS}]+(?:[.．][{DIGITS}]+)?)"
    rf"(?P<multiplier>万亿|千亿|百亿|千万|百万|十万|亿|万|千(?![米瓦克伏帕卡])|百(?!分))?"
    rf"|(?<![{DIGITS}.．])(?P<chinese>[{CHINESE_NUMERAL_CHARS}]+)(?=[{re.escape(_UNIT_FIRST_CHARS)}])"
)

# --------------------------------------------------------------------------- comparators

# Suffixes after the unit.
SUFFIX_COMPARATORS: Final[dict[str, Comparator]] = {
    "以上": "gte",
    "及以上": "gte",
    "以下": "lte",
    "以内": "lte",
    "左右": "about",
    "上下": "about",
}
# Words written directly before the number (a short verb such as 达到 may stand between).
PREFIX_COMPARATOR_RE: Final = re.compile(
    r"(?P<word>超过|超出|超|逾|不低于|不少于|至少|多于|突破|不超过|不高于|控制在|低于|少于|不到|"
    r"近|接近|将近|约|大约|约为)(?:了|到|达到|达|为|增长|增加|提高)?$"
)
PREFIX_COMPARATORS: Final[dict[str, Comparator]] = {
    "超过": "gte",
    "超出": "gte",
    "超": "gte",
    "逾": "gte",
    "不低于": "gte",
    "不少于": "gte",
    "至少": "gte",
    "多于": "gte",
    "突破": "gte",
    "不超过": "lte",
    "不高于": "lte",
    "控制在": "lte",
    "低于": "lte",
    "少于": "lte",
    "不到": "lte",
    "近": "about",
    "接近": "about",
    "将近": "about",
    "约": "about",
    "大约": "about",
    "约为": "about",
}
# 约 and 预计 reach over a short stretch of their clause ("约占全市71%"); 约 inside 签约,
# 节约, 集约, 制约, 约束 is another word.
CLAUSE_ABOUT_RE: Final = re.compile(r"(?<![签节集制条预公契邀履相隐])约(?![束定谈请见])|预计|预估|大概")
# A threshold word followed by the noun it breaks through is a verb, not a comparator:
# 力争突破10项产业链"卡脖子"技术 counts technologies; 成交额突破700亿元 passes a threshold.
THRESHOLD_VERBS: Final = frozenset({"突破"})

# --------------------------------------------------------------------------- exclusions

# Head nouns after a count that make it a count of categories, aspects or fields (scope), not
# an item: 6个方面, 十大领域, 8条产业链 (but 10项产业链"卡脖子"技术 counts technologies).
SCOPE_HEAD_RE: Final = re.compile(
    r"(?:方面|领域|机制|维度|层面|层级|板块|环节|门类|类别|大类|原则|理念|战略|产业链|清单|"
    r"行业|区的|县的|市的|省的|梯队|批次|阶段|步骤|路径|方向|着力点|抓手|功能区)$"
)
# Words after a Chinese-numeral count that make it a name or slogan (十项行动, 八项规定).
CHINESE_NAME_FOLLOWER_RE: Final = re.compile(
    r"(?:[一二三四五六七八九十]|行动|规定|制度|清单|工程|战略|原则|理念|确立|维护|自信|意识|"
    r"百分百|体系|中心|基地|方面|领域|机制|服务|结合|优先|不|之|大|级|化|为|是|字|步|类|个)"
)
# Verbs and comparators one of which must stand right before a Chinese-numeral quantity.
CHINESE_QUANTITY_CUE_RE: Final = re.compile(
    r"(?:新建|建成|新增|完成|实施|创建|培育|打造|引进|开工|竣工|建设|改造|达到|达|突破|超过|超|"
    r"增加|减少|累计|共|成立|组建|获批|入选|推出|设立|举办|开展|新设|落户|认定|评为|增至|提高|"
    r"为|有|新开|开通|开设|建立|形成|签约|引育|培养|招引|吸引|实现|惠及|压减|降低|约|近|逾|"
    r"将近|增长|下降|到|至)(?:了)?$"
)
# Counts written as denominators: 全市16个区, or 16个地表水考核断面达标率100%.
DENOMINATOR_PREFIX_RE: Final = re.compile(r"(?:全市|全区|全省|全国|全县|全镇|全部|所有)$")
RATIO_WORD_RE: Final = re.compile(r"率|比例|占比|比重|覆盖面|合格率|达标率")
# For measure units, what may follow the quantity. Anything else makes the quantity a
# modifier inside a name (中石化120万吨乙烯产业集群, 30万千瓦光伏项目).
MEASURE_FOLLOWER_RE: Final = re.compile(
    r"(?:$|[^\u4e00-\u9fff]|以上|以下|以内|左右|上下|水平|的|和|及|与|或|、|等|同比|比|较|增长|下降|"
    r"提高|实现|完成|建成|投入|开工|竣工|贯通|通车|以|，|左|目标|任务|规模|大关|台阶|"
    r"[，。；、])"
)
# Characters that glue a number into a name or formula: A321, 5G, 8+8+8, 7×24, 1754/1/1.
NAME_GLUE_BEFORE: Final = frozenset(
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+×*/\\#_.@:∶“"「《〈第'
)
NAME_GLUE_AFTER: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+×*/\\#_@:∶")
# Quote marks directly after a number make it a slogan: 两个“确立”, 六个“百分百”.
OPENING_QUOTES: Final = frozenset('“"「『《〈')
# Ordinal and name prefixes: 第四次, 首批 (no number), 市五所 (handled by the Chinese rules).
ORDINAL_PREFIXES: Final = frozenset("第")
# Policy conditions: amounts of a reward or subsidy in a policy package are rules, not figures.
POLICY_CONDITION_RE: Final = re.compile(r"(?:给予|奖励|补贴|补助|资助|最高|一次性)(?:最高|不超过|一次性)?$")

# --------------------------------------------------------------------------- special quantities

FLAT_RE: Final = re.compile(r"持平")
# The words before 持平 that belong to it (同比持平, 与上年基本持平), matched at the end of a window.
FLAT_PREFIX_RE: Final = re.compile(r"(?:同比|与上年|比上年|较上年|基本|总体|保持)?(?:基本)?$")
DOUBLING_RE: Final = re.compile(r"翻(?:一)?番|翻两番")
RANGE_DASH_RE: Final = re.compile(r"\s?[—–\-~～至到]\s?")

# --------------------------------------------------------------------------- kinds

PROJECT_NOUN_RE: Final = re.compile(r"项目(?!部|化|库|制|经理)|工程(?!师|院|化|局|学|建设项目)")
# What may follow the project noun inside the head of a batch: 583个项目建设, 212个项目开工.
PROJECT_HEAD_TAIL: Final = r"(?:建设|改造|实施|推进|开工|竣工|前期工作|签约|落地|投产|储备|谋划|集中开工)?"
# Lists of livelihood tasks are counts of tasks, not engineering works.
TASK_LIST_NOUN_RE: Final = re.compile(r"民心工程|民生工程|惠民工程|民生实事|惠民实事|为民办实事|实事项目")
COUNT_NOUN_RE: Final = re.compile(
    r"举措|措施|任务|政策|行动计划|行动方案|计划|专项行动|行动|改革事项|实事|工作要点|重点工作|意见|条款|"
    r"任务清单|措施清单|政策文件|配套文件|实施细则"
)
COUNT_UNIT_WORDS: Final = frozenset({"项", "条", "个", "件"})
# Progress tallies of a plan's tasks: 重点任务已完成23项, 政策措施共计33条, 120项任务中，完成85项.
PROGRESS_TAIL_RE: Final = re.compile(
    r"(?:中|里|当中)?(?:已经|已|均|全部|累计|共计|合计|总计|总共|共|有)*"
    r"(?:完成|办结|落地|落实|实施|推进|启动|开工|出台|制定|梳理出|梳理|明确|取得进展|有序推进|按期推进)?(?:了)?$"
)
PROGRESS_ONLY_RE: Final = re.compile(
    r"(?:其中)?(?:已经|已|均|全部|累计|共|有)*(?:完成|办结|落地|落实|实施|推进|启动|按期推进|有序推进|序时推进|取得阶段性进展)(?:了)?"
)
PROJECT_UNIT_WORDS: Final = frozenset({"个", "项", "批"})
INVESTMENT_RE: Final = re.compile(
    r"(?:总投资|完成投资|计划投资|投资总额|年度投资|累计投资|累计完成投资|完成年度投资|年度计划投资|估算投资)"
    r"(?:额)?(?:约|达|达到|超|超过|逾|为|近)?$"
)
GROWTH_WORD_RE: Final = re.compile(
    r"(?:同比|环比|比上年|较上年|比去年|年均|平均)?(?:增长|增加|提高|提升|上升|下降|降低|减少|回落|增速)"
    r"(?:了|超过|超|达到|达|为|约)?$"
)
GROWTH_CLAUSE_START_RE: Final = re.compile(
    r"^(?:同口径|按可比价格计算|可比价)?(?:同比|环比|比上年|较上年|比去年|年均|分别)?(?:增长|下降|提高|降低|增加|减少)"
)

# --------------------------------------------------------------------------- tense and mode

REVIEW_HEADING_RE: Final = re.compile(
    r"回顾|过去一年|过去五年|过去的一年|一年来|五年来|上年|去年|主要成绩|工作成效|取得的成绩|发展成就|工作总结|成绩"
)
PLAN_HEADING_RE: Final = re.compile(
    r"重点工作|工作安排|主要任务|目标任务|预期目标|主要目标|工作任务|总体要求|下一步|计划|今后|展望|"
    r"打算|思路|部署|年工作|重点任务|主要工作|发展目标|目标"
)
# Headings of the top-level parts of a work report: 2023年工作回顾, 2024年重点工作, 过去五年工作回顾.
PART_HEADING_RE: Final = re.compile(
    r"^(?:[一二三四五六七八九十]+、)?(?:(?:19|20)[0-9]{2}年|过去[一五]年|今后[一五]年|今年|过去一年|本届政府|[一五]年来)"
    r"(?:的)?(?:主要)?(?:工作回顾|重点工作|工作安排|工作任务|主要任务|主要工作|工作总结|政府工作)(?:和.{0,10})?$"
    r"|^(?:工作回顾|过去一年工作回顾|今年工作安排|今年重点工作)$"
)
FUTURE_CUE_RE: Final = re.compile(
    r"将(?:逐步|进一步|力争|全面|持续|加快|会)?(?:达到|达|增加|增长|提高|提升|实现|完成|建成|突破|新增|超过|"
    r"形成|累计|扩大|下降|减少|降低|控制|开工|竣工|建设|投用|投产|落地)|"
    r"(?:我们|我区|我市|我县|我省|还|也|即|下半年|年内|年底前|今年|明年|全年|下一步)将|"
    r"将(?:在|于|会|要|继续|持续|再|全面|加快|进一步|逐步)|"
    r"力争|确保|(?<![行动工作发展])计划(?=[在到于将新完建实开投安])|预期|目标|"
    r"年内|年底前|下一步|今后|拟|有望|预期|要(?:实现|完成|达到|确保)"
)
PAST_CUE_RE: Final = re.compile(
    r"已经|已|截至|截止|以来|完成了|实现了|达到了|增长了|取得了|累计|目前|当前|去年|上年"
)
YEAR_RE: Final = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?![0-9]*月份以来)")
YEAR_BASE_BEFORE_RE: Final = re.compile(r"(?:比|较|与|同|相比|对比|基数|自|从)$")

# --------------------------------------------------------------------------- text structure

CLAUSE_BOUNDARY_RE: Final = re.compile(r"[，,；;。！!？?：:\n]")
SENTENCE_BOUNDARY_RE: Final = re.compile(r"[。！!？?；;\n]")
LINE_RE: Final = re.compile(r"[^\n]*")

# --------------------------------------------------------------------------- furniture

FURNITURE_LINE_RES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("id", re.compile(r"^[0-9]{10,}$")),
    ("query_string", re.compile(r"(?:[A-Za-z_][A-Za-z0-9_]*=[^&\s]*&){2,}|&[A-Za-z_][A-Za-z0-9_]*=")),
    ("copyright", re.compile(r"版权所有|[Cc]opyright|©|未经.{0,6}授权|转载请注明")),
    ("licence", re.compile(r"ICP备|ICP证|公网安备|许可证[:：]?\s*[0-9]|网站标识码|政府网站标识")),
    ("hotline", re.compile(r"举报电话|举报中心|举报入口|举报邮箱|不良信息|服务邮箱|监督电话|联系电话[:：]")),
    (
        "byline",
        re.compile(
            r"^[（(【\[]?(?:稿源|来源|编辑|责任编辑|责编|作者|摄影|通讯员|审核|校对|发布日期|发布时间|发布机构|"
            r"浏览次数|阅读次数|点击数|信息来源|文章来源|时间)\s*[:：]"
        ),
    ),
    (
        "tools",
        re.compile(
            r"^(?:字号|【?字体|【?打印|【?关闭|分享到|扫一扫|•?\s*扫一扫|当前位置|您当前的位置|您的位置|首页\s*[>›»]|"
            r"【\s*大\s*中\s*小\s*】|打印本页|关闭窗口|收藏本页|返回顶部|上一篇|下一篇|相关阅读|相关链接|推荐阅读)"
        ),
    ),
    (
        "navigation",
        re.compile(
            r"^(?:[^\s。，,；;]{0,16}(?:门户网站|政府网站|系统网站|政务邮箱|网站地图|无障碍|加入收藏|设为首页|"
            r"关于我们|联系我们|重点链接|友情链接|English|登录|注册)\s*)+$"
        ),
    ),
    ("caption", re.compile(r"^(?:图为|图片[为来:：]|[（(]图片|[（(]图为|图\s*[：:]|视频[：:]|[（(]资料图)")),
    ("organisers", re.compile(r"^(?:主办单位|承办单位|技术支持|运维单位|主办|承办)\s*[:：]")),
)
# Lines longer than this are text, whatever they contain (a long paragraph may quote 版权所有).
FURNITURE_MAX_LINE: Final = 160
# Lines of this pattern are debris however long they are.
FURNITURE_ANY_LENGTH: Final = frozenset({"query_string"})

# --------------------------------------------------------------------------- sections

QA_NUMBER_LINE_RE: Final = re.compile(r"^(?:0[0-9]|[1-9][0-9]?)$")
QA_QUESTION_LINE_RE: Final = re.compile(r"^(?P<marker>问|提问|记者(?:提问)?|[^\s：:，,。]{1,16}记者)\s*[:：]")
QUESTION_END_RE: Final = re.compile(r"[？?]\s*$")
# Line-start markers of numbered headings and enumerations, with their nesting rank.
ENUMERATION_MARKERS: Final[tuple[tuple[int, re.Pattern[str]], ...]] = (
    (1, re.compile(r"^(?P<marker>[一二三四五六七八九十]{1,3}、)")),
    (2, re.compile(r"^(?P<marker>[（(][一二三四五六七八九十]{1,3}[）)])")),
    (3, re.compile(r"^(?P<marker>[0-9]{1,2}[.．、])(?:(?![0-9])|(?=[0-9]{1,2}月|(?:19|20)[0-9]{2}年))")),
    (4, re.compile(r"^(?P<marker>[（(][0-9]{1,2}[）)])")),
    (5, re.compile(r"^(?P<marker>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
)
# 一是/二是… at a line start or after a sentence or clause break inside a paragraph.
INLINE_ENUMERATION_RE: Final = re.compile(
    r"(?:^|(?<=[。；;：:！!？?\n]))\s*(?P<marker>(?:[一二三四五六七八九]|十[一二三四五六七八九]?)是|"
    r"第[一二三四五六七八九十]{1,3}[，,、是]|首先[，,]|其次[，,]|再次[，,]|最后[，,])"
)
ENUMERATION_RANK: Final = 6
QA_RANK: Final = 1
PART_HEADING_RANK: Final = 1
PLAIN_HEADING_RANK: Final = 2
HEADING_MAX_CHARS: Final = 48
HEADING_FORBIDDEN_END: Final = frozenset("。！!？?；;：:，,、")
SPEAKER_LINE_RE: Final = re.compile(r"^(?P<who>[^\s，,。；;？?]{3,40})\s*[:：]\s*$")
POST_RE: Final = re.compile(
    r"(?:(?:党组|党委|党工委|区委|市委|县委|省委|州委|镇党委|街道党工委|管委会|人大常委会|政协)?"
    r"(?:常务)?副?(?:书记|主任|局长|区长|市长|县长|省长|州长|镇长|乡长|主席|委员|常委|部长|厅长|处长|科长|"
    r"总经理|董事长|秘书长|新闻发言人|发言人|巡视员|调研员|院长|校长|司长|署长|行长|会长|理事长|总工程师|总经济师|"
    r"队长|所长|站长|社长|总监|主持人|成员)(?:、)?)+"
)
SPEAKER_NAME_MAX: Final = 4
BYLINE_SPEAKER_RE: Final = re.compile(
    rf"^(?P<unit>[{CJK}]{{2,20}}?)(?P<post>(?:常务)?副?(?:区长|市长|县长|省长|州长|主任|书记|局长|镇长|乡长))\s+(?P<name>[{CJK}]{{2,4}})$"
)

# --------------------------------------------------------------------------- meta

PRESS_CONFERENCE_RE: Final = re.compile(r"新闻发布会|发布会|答记者问|记者提问|媒体见面会|吹风会")
WORK_REPORT_RE: Final = re.compile(r"政府工作报告|工作报告")
NOTICE_TITLE_RE: Final = re.compile(r"通知|通告|公告")
POLICY_TITLE_RE: Final = re.compile(r"意见|办法|措施|方案|规定|政策|决定|细则|规划|纲要|条例")
ISSUER_RE: Final = re.compile(
    rf"(?P<issuer>[{CJK}]{{2,16}}?(?:人民政府办公厅|人民政府办公室|人民政府|政府新闻办公室|政府新闻办|新闻办公室|"
    rf"发展和改革委员会|管理委员会|委员会|办公厅|办公室|管委会))"
)
FULL_DATE_RES: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(r"(?P<y>(?:19|20)[0-9]{2})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日"),
    re.compile(r"(?P<y>(?:19|20)[0-9]{2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})(?![0-9])"),
)

# --------------------------------------------------------------------------- measures

ACTION_VERB_RE: Final = re.compile(
    r"^(?:(?:积极|大力|全面|持续|着力|深入|稳步|切实|不断|严格|有序|全力|精准|加快|继续|进一步|扎实|"
    r"高标准|高质量|高水平|统筹|协同|重点|主动|坚决|努力|力争|确保|及时|逐步|探索|共同|推动|同步)*)"
    r"(?:推动|推进|加快|加强|实施|建设|完成|力争|开展|打造|启动|深化|推出|建立|健全|完善|提升|优化|扩大|"
    r"培育|支持|鼓励|引导|落实|抓好|做好|强化|促进|开工|建成|新建|改造|实现|创建|制定|出台|发展|提高|"
    r"开通|壮大|构建|组建|引进|引育|新增|谋划|编制|举办|办好|筹办|承办|部署|布局|培训|组织|研究|争取|"
    r"开发|设立|成立|拓展|拓宽|保障|巩固|守住|防范|化解|整治|治理|盘活|出让|销售|压减|降低|减少|提速|"
    r"加大|创新|聚焦|围绕|统筹|协调|对接|承接|营造|增强|发挥|用好|推广|复制|申建|争创|申报|打通|"
    r"畅通|开辟|缩短|压缩|清理|规范|梳理|细化|明确|确保|坚持|树牢|深入实施|新开工|新签约|安排|兑现|办好|"
    r"落实好|新开|签约|招引|储备|谋划实施|发放|减免|帮扶|救助|建立健全|加快推进)"
)
# A short sentence without a comma that opens a run of measures works as their heading
# (推进创新协同互补互促。).
INLINE_HEADING_MAX: Final = 16
MEASURE_MIN_CHARS: Final = 6
MEASURE_TITLE_MAX: Final = 40
LEAD_UNIT_CUE_RES: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(rf"(?:牵头单位|责任单位|牵头部门|责任部门)\s*[:：]\s*(?P<unit>[{CJK}]{{2,24}})"),
    re.compile(rf"由(?P<unit>[{CJK}]{{2,24}}?)(?:牵头|负责|组织实施)"),
    re.compile(rf"[（(](?P<unit>[{CJK}]{{2,24}}?)(?:牵头|负责)?(?:[，,、；;][^）)]*)?[）)]"),
    re.compile(rf"(?P<unit>[{CJK}]{{2,24}}?)牵头"),
)
GOVERNMENT_UNIT_RE: Final = re.compile(
    rf"^(?:[{CJK}]{{0,12}}?(?:省|市|区|县|州|镇|乡|街道|开发区|新区|高新区|保税区|园区))?[{CJK}]{{1,14}}?"
    rf"(?:委员会|管委会|委|局|办公室|办公厅|办|厅|中心|集团|公司|部|署|院|所|站|处|队|政府|街道|镇)$"
)
DEADLINE_RE: Final = re.compile(
    r"(?P<ymd>(?P<y1>(?:19|20)[0-9]{2})年(?P<m1>[0-9]{1,2})月(?P<d1>[0-9]{1,2})日(?:前|之前)?)"
    r"|(?P<ym>(?P<y2>(?:19|20)[0-9]{2})年(?P<m2>[0-9]{1,2})月(?:底|末)?(?:前|之前)?)"
    r"|(?P<y>(?:到|至|于)?(?P<y3>(?:19|20)[0-9]{2})年(?:底|末)?(?:前|之前)?)"
    r"|(?P<md>(?P<m4>[0-9]{1,2})月(?P<d4>[0-9]{1,2})日(?:前|之前))"
    r"|(?P<mend>(?P<m5>[0-9]{1,2})月(?:底|末)(?:前|之前)?)"
    r"|(?P<half>上半年|下半年)"
    r"|(?P<quarter>(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?(?:前)?)"
    r"|(?P<yearend>年内|年底前|年底|年末|全年|今年内|本年度|当年)"
)

# --------------------------------------------------------------------------- snippets

# Where the noun after a count stops: punctuation, or a verb that starts the predicate.
HEAD_STOP_RE: Final = re.compile(
    r"[，,。；;、：:和与及（(0-9０-９]|提出|制定|明确|出台|推出|加快|推进|取得|落地|实施|开工|竣工|投产|建成|完成|纳入|入选|在|获|复制|推广|"
    r"投入|实现|启动|为|达|有序|稳步|全面|基本|已|正在|陆续|相继|成功|顺利|全部|按期|累计|共|分别|均|将|等|"
    r"被|得到|通过|进入|列入|覆盖|惠及|参与|开展|开放|揭牌|挂牌|授牌|认定|办结|上线"
)
HEAD_MAX_CHARS: Final = 14
# Words at the end of the text before a number that belong to the predicate, not the indicator.
TRAILING_VERB_RE: Final = re.compile(
    r"(?:达到|达|共|累计|总数|总量|为|超过|超出|超|约|近|逾|突破|增至|到|至|了|控制在|保持在|稳定在|"
    r"不低于|不少于|不超过|高于|低于|占|以上|分别|均|各|在|是|有)+$"
)
LEADING_CUE_RE: Final = re.compile(
    r"^(?:[0-9]{1,2}[.．、](?![0-9])|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|其中|全年|年内|力争|预计|确保|目前|当前|同时|此外|另外|今年以来|截至目前|并|且|共|累计|已|将|要|"
    r"[0-9０-９]{1,2}[—–\-~～][0-9０-９]{1,2}月份?|[0-9０-９]{1,2}月份?以来|[0-9０-９]{1,2}月份?)+"
)
QUOTE_MAX_BEFORE: Final = 40

# A list marker at the start of a clause, left out of quotes: 2.年内新开工…, （三）…
LIST_MARKER_RE: Final = re.compile(
    r"\s*(?:[0-9]{1,2}[.．、](?![0-9]{1,2}[%％.．])|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|"
    r"[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
# In a policy package or notice, a sentence with these words states a rule (who gets how much
# under which condition), whose numbers are not figures of the document.
POLICY_RULE_SENTENCE_RE: Final = re.compile(
    r"^(?:[（(][一二三四五六七八九十0-9]{1,3}[）)]|[0-9]{1,2}[.．、])?\s*对|给予|奖励|补贴|补助|资助|奖补|贴息|"
    r"最高不超过|每人每月|每人|每户|每家|单个项目|单个企业|按.{0,16}的[0-9０-９.]+[%％]|有效期|起施行"
)
# Sections whose text is framing rather than tasks: no draft measures there.
NON_TASK_SECTION_RE: Final = re.compile(
    r"附则|总则|说明|适用范围|指导思想|总体要求|基本原则|工作原则|政策依据|名词解释"
)

# Sentences that judge rather than act (做好全年工作至关重要): a verb opens them, but no task follows.
NON_TASK_SENTENCE_RE: Final = re.compile(r"(?:至关重要|十分重要|非常重要|意义重大|责任重大|任重道远)$")

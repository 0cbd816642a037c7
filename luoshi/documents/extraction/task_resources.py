"""Word lists and compiled patterns of the task-list steps (numbering, notes, deadlines).

Kept apart from :mod:`resources` (the quantified items' vocabulary). Every pattern reads both
full-width and ASCII punctuation: plans copied out of databases write ``(`` ``:`` ``,`` for
``（`` ``：`` ``，``.
"""

from __future__ import annotations

import re

CHINESE_NUMERALS = "一二三四五六七八九十百零〇"

# A numbered unit starts a line: 一、 > （一）/(一) > 1./1、/1． > （1）/(1) > ①.
# 1.5亿元 at a line start is a number, not a marker: the dot must not be followed by a digit.
NUMBERING_RE = re.compile(
    r"(?m)^[ \t\u3000]*(?:"
    rf"(?P<r0>第[{CHINESE_NUMERALS}]{{1,3}}(?:部分|章|篇)[ \t\u3000、]*)"
    rf"|(?P<r1>[{CHINESE_NUMERALS}]{{1,3}}、)"
    rf"|(?P<r2>[（(][{CHINESE_NUMERALS}]{{1,3}}[）)])"
    r"|(?P<r3>[0-9０-９]{1,3}(?:[.．](?![0-9０-９])|、))"
    r"|(?P<r4>[（(]?[0-9０-９]{1,3}[）)])"
    r"|(?P<r5>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"
    r")[ \t\u3000]*(?=\S)"
)
RANK_GROUPS = ("r0", "r1", "r2", "r3", "r4", "r5")

# Sections that frame the plan rather than assign work; the title ends with one of these words.
FRAMING_TITLE_RE = re.compile(
    r"(?:指导思想|基本原则|工作原则|总体要求|总体思路|工作思路|目标要求|有关要求|工作要求|"
    r"(?:发展|工作|主要|总体|改革|行动|预期|具体|阶段)目标|适用范围|编制依据|名词解释|附则)$"
)
# Support sections give tasks only when their numbered items carry responsibility notes.
SUPPORT_TITLE_RE = re.compile(
    r"(?:保障措施|保障机制|实施保障|组织保障|工作保障|政策保障|组织实施|推进机制|工作机制|工作措施保障|"
    r"组织领导|督促检查|督查考核|考核评估|宣传引导)$"
)
# Closing paragraphs that end a measure's run of lines: 各地各部门要…, 本方案自…起施行, 附件.
CLOSING_LINE_RE = re.compile(
    r"(?:各(?:地|级|区|县|市|部门|单位|有关)[^，,。]{0,24}要|本(?:方案|措施|意见|通知|办法|规定|细则|要点|计划|政策)"
    r"|附件|附表|抄送|印发|(?:19|20)\d\d年\d{1,2}月\d{1,2}日$)"
)

# Labels of a responsibility note, with the role each gives.
LEAD_LABELS = ("牵头责任单位", "牵头单位", "牵头部门", "主责单位", "主责部门", "主办单位", "牵头")
CO_LABELS = (
    "配合责任单位", "配合单位", "配合部门", "协办单位", "协办部门", "协同单位", "协同部门", "参与单位", "参与部门",
    "协助单位", "配合",
)
RESPONSIBLE_LABELS = ("责任单位", "责任部门", "责任主体", "实施单位", "承办单位", "落实单位")
DEADLINE_LABELS = (
    "完成时限", "完成时间", "完成期限", "时间节点", "时序进度", "进度安排", "时间安排", "时限要求", "时限",
)
PERSON_LABELS = ("责任人", "责任领导", "分管领导", "牵头领导", "联系人")
OUTCOME_LABELS = ("预期成效", "预期效果", "预期目标", "工作目标", "成果形式")
_ALL_LABELS = sorted(
    LEAD_LABELS + CO_LABELS + RESPONSIBLE_LABELS + DEADLINE_LABELS + PERSON_LABELS + OUTCOME_LABELS,
    key=len,
    reverse=True,
)
_LABELS = "|".join(_ALL_LABELS)
# 牵头单位：X, 牵头单位:X, or 【牵头单位】X.
NOTE_LABEL_RE = re.compile(rf"(?:(?P<label>{_LABELS})[ \t\u3000]*[:：]|【(?P<boxed>{_LABELS})】[:：]?)")
# A line that is a note on its own: it starts with a label (or is one whole bracketed note).
NOTE_LINE_RE = re.compile(rf"[ \t\u3000]*(?:[（(〔【]?(?:{_LABELS})[ \t\u3000]*[:：]|【(?:{_LABELS})】)")

# Verb phrasing: the verb that ends a clause of unit names, and the role it gives.
ROLE_VERB_RE = re.compile(
    r"(?P<verb>为牵头单位|为牵头部门|为配合单位|为配合部门|为协办单位|为责任单位|按职责分工负责|按照职责分工负责|按职能分工负责|按职责负责|分工负责|牵头负责|牵头抓总|牵头落实|牵头|"
    r"共同负责|负责落实|具体负责|负责|主责|主抓|配合落实|配合|协助|协同|协办|参与|指导)$"
)
# 牵头 and its kin name the lead; 按职责分工负责 shares the lead, unless another unit 牵头s.
HEAD_VERBS = frozenset({"为牵头单位", "为牵头部门", "牵头负责", "牵头抓总", "牵头落实", "牵头", "主责", "主抓"})
SHARED_VERBS = frozenset({"按职责分工负责", "按照职责分工负责", "按职能分工负责", "按职责负责", "分工负责", "共同负责"})
PLAIN_LEAD_VERBS = frozenset({"负责落实", "具体负责", "负责", "为责任单位"})
# 市税务局牵头、各县区政府配合: a role verb closes its clause even before 、.
VERB_THEN_LIST_RE = re.compile(r"(?<=牵头|负责|配合|参与|协助)、")
# 〔区发展改革委会同区财政局负责〕: the unit before 会同 leads, the units after it help.
TOGETHER_RE = re.compile(r"会同|协调")
# A document's own order rule: the first unit named leads, the rest help.
ORDER_RULE_RE = re.compile(
    r"(?:排序|排名|排在|排|列在|列于|列|位列|位于)(?:第一|首)(?:位|个)?的?(?:单位|部门)?(?:为|是)?牵头(?:单位|部门)?|"
    r"(?:第一|首)(?:个|位)(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
)
# A blanket clause that assigns a unit to every task without listing it again.
BLANKET_RE = re.compile(r"以下均由|不再(?:一一)?列出|下同")
# A unit's own lead mark inside a list: 县发改局（牵头）.
UNIT_LEAD_MARK_RE = re.compile(r"[（(]牵头[）)]$")
# Trailing words that only say "and others": 商务部等有关部门 -> 商务部.
TRAILING_ETC_RE = re.compile(r"等(?:有关|相关|其他)?(?:部门|单位|机构)?$")
GENERIC_UNIT_RE = re.compile(r"^(?:各|其他|其它|有关|相关)")
# A place list that shares the organ ending of the next element: 各市（州）、各县（市、区）人民政府.
PLACE_ONLY_RE = re.compile(
    r"^(?:各)?[\u4e00-\u9fff]{0,6}?[省市州县区盟旗](?:[（(〔][^）)〕]{1,8}[）)〕])$|^[省市州县区乡镇]{2,4}$"
)
UNIT_ENDING_RE = re.compile(
    r"(?:政府|委员会|管委会|局|委|厅|办|部|署|院|会|中心|室|处|所|站|队|社|行|司|团|组|馆|联|协|关|校|台|场|"
    r"公司|集团|银行|单位|部门|机构|街道|乡镇|镇|乡)$"
)
# Opening brackets and one level of nesting inside a bracketed stretch.
BRACKETED_RE = re.compile(
    r"[（(〔【]((?:[^（）()〔〕【】\n]|[（(〔【][^（）()〔〕【】\n]*[）)〕】])*)[）)〕】]"
)
# The same across a line break, for a note that a hard-wrapped text broke in two.
BRACKETED_ACROSS_LINES_RE = re.compile(
    r"[（(〔【]((?:[^（）()〔〕【】]|[（(〔【][^（）()〔〕【】]*[）)〕】]){1,200}?)[）)〕】]"
)
SENTENCE_END_CHARS = "。；;.!！?？"

# Deadlines written in notes.
ONGOING_RE = re.compile(r"持续推进|长期坚持|长期推进|长期|常态化|持续开展|持续实施|持续|每季度|每月|每半年")
DEADLINE_PHRASE_RE = re.compile(
    r"(?P<range>(?P<ry1>(?:19|20)\d\d)年?\s*[—–\-~～至到]+\s*(?P<ry2>(?:19|20)\d\d)年)"
    r"|(?P<ymd>(?P<y1>(?:19|20)\d\d)年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日)"
    r"|(?P<ym>(?P<y2>(?:19|20)\d\d)年(?P<m2>\d{1,2})月)"
    r"|(?P<yhalf>(?P<y3>(?:19|20)\d\d)年(?P<h3>上半年|下半年))"
    r"|(?P<yq>(?P<y4>(?:19|20)\d\d)年(?:第)?(?P<q4>[一二三四1-4])季度)"
    r"|(?P<y>(?P<y5>(?:19|20)\d\d)年(?:年底|底|末|年末|内|度)?)"
    r"|(?P<md>(?P<m6>\d{1,2})月(?P<d6>\d{1,2})日)"
    r"|(?P<m>(?P<m7>\d{1,2})月(?:底|末|份)?)"
    r"|(?P<half>上半年|下半年)"
    r"|(?P<q>(?:第)?(?P<q8>[一二三四])季度)"
    r"|(?P<year_end>年内|年底前|年底|年末|全年|当年)"
)

"""Task-division tables written out as text: header words, rows, categories, cells by content."""

from __future__ import annotations

from datetime import date

from luoshi.documents.extraction import extract
from luoshi.documents.extraction.tasktable import find_tables

CELL_PER_LINE = """\
临江县2025年重点工作任务分工表

序号
重点任务
牵头单位
配合单位
完成时限
一、营商环境
1
开展涉企收费专项清理，建立收费目录清单。
县市场监管局
县发改局、县财政局
2025年6月底前
2
推行工程建设项目审批“一网通办”。
县住建局
县政务服务中心
年内
二、民生保障
3
新建社区养老服务站5个。
县民政局
持续推进
"""

ONE_LINE_ROWS = (
    "某市2025年重点任务清单\n"
    "序号\t工作任务\t牵头单位\t责任单位\t完成时间\n"
    "1\t建设城市数据中台\t市数据局\t市财政局、市发改委\t2025年12月底\n"
    "2\t推进老旧小区改造\t市住建局\t各区政府\t2025年2月30日\n"
    "\n本清单由市政府办公室负责解释。\n"
)


def test_a_table_read_one_cell_per_line_gives_categories_and_rows() -> None:
    tasks = extract(CELL_PER_LINE).tasks
    assert [(task.title, task.heading, task.parent_id) for task in tasks] == [
        ("营商环境", True, None),
        ("开展涉企收费专项清理", False, 1),
        ("推行工程建设项目审批“一网通办”", False, 1),
        ("民生保障", True, None),
        ("新建社区养老服务站5个", False, 4),
    ]
    assert [(task.lead_units, task.co_units, task.deadline, task.ongoing) for task in tasks if not task.heading] == [
        (("县市场监管局",), ("县发改局", "县财政局"), date(2025, 6, 30), False),
        (("县住建局",), ("县政务服务中心",), date(2025, 12, 31), False),
        (("县民政局",), (), None, True),
    ]
    row = tasks[1]
    assert CELL_PER_LINE[row.start : row.end].startswith("1\n开展") and CELL_PER_LINE[row.end - 1] == "前"


def test_a_table_of_one_line_rows_reads_its_columns_and_flags_an_impossible_date() -> None:
    tasks = extract(ONE_LINE_ROWS).tasks
    assert [(task.lead_units, task.co_units, task.deadline) for task in tasks] == [
        (("市数据局",), ("市财政局", "市发改委"), date(2025, 12, 31)),
        (("市住建局",), ("各区政府",), None),
    ]
    assert tasks[1].problems == ("invalid_deadline",)
    assert ONE_LINE_ROWS[tasks[1].start : tasks[1].end].endswith("2025年2月30日")


def test_note_lines_of_a_numbered_plan_are_no_table_header() -> None:
    text = "1.建设平台。\n牵头单位：市数据局\n配合单位：市财政局\n完成时限：2025年底前\n"
    assert find_tables(text, False) == ()


MERGED_CATEGORY = """\
某区2025年重点改革任务分工

序号
类别
具体举措
牵头单位
配合单位
完成时限
1
营商环境
推行企业开办全程网办，压缩开办时间。
区市场监管局
区税务局
2025年6月底前
2
推进涉企证照电子化。
区数据局
年内
3
民生保障
建设15分钟便民生活圈。
区商务局
区住房城乡建设局
持续推进
"""


def test_a_merged_category_column_heads_its_rows_and_missing_cells_go_by_content() -> None:
    tasks = extract(MERGED_CATEGORY).tasks
    assert [(task.title, task.heading, task.parent_id, task.lead_units, task.co_units) for task in tasks] == [
        ("营商环境", True, None, (), ()),
        ("推行企业开办全程网办", False, 1, ("区市场监管局",), ("区税务局",)),
        ("推进涉企证照电子化", False, 1, ("区数据局",), ()),
        ("民生保障", True, None, (), ()),
        ("建设15分钟便民生活圈", False, 4, ("区商务局",), ("区住房城乡建设局",)),
    ]
    assert (tasks[2].deadline, tasks[4].ongoing) == (date(2025, 12, 31), True)

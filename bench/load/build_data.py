"""Build a province's year of data on PostgreSQL for the load benchmark, set-based.

What it writes (defaults, all through the project's own tables):

- 200 units over four levels with a parent tree, one reporter per unit, 5 supervisors, 5 leaders;
- 100,000 tasks over four levels (national → city → district → zone, each refining one of the
  level above), each with one co-unit, a deadline inside the year and a history row;
- 12 monthly progress reports per task (1.2 million) with one history row each;
- 12 monthly evaluation snapshots (1.2 million snapshot rows) and 3 milestones per task (300,000);
- 1.2 million inbox messages spread over the people;
- every tenth task public, with its search index row (10,000 published measures; `--public-share`);
- each office's plan document, which its tasks quote; 6,000 key projects with their investment
  and milestones, 400 indicators with targets and observations; one task in 20 serves a key
  project and one in 50 an indicator.

Rows are made with ``INSERT … SELECT … FROM generate_series`` so the whole set takes minutes,
not hours. The build is idempotent: it stops if the benchmark's units already exist (drop and
create the database to build again).

    createdb -h 127.0.0.1 -U postgres luoshi_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_load .venv/bin/python bench/load/build_data.py

Options: ``--tasks N`` (default 100000) scales every table with it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luoshi_load")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

UNIT_PREFIX = "负载测试单位"
PASSWORD = "load-bench-password-2024"
#: The last day the data covers; the year before it holds the twelve monthly periods.
AS_OF = date.today()
UNITS = 200
#: Every benchmark unit is a government or an administration with its office (200 offices); each
#: level has one office-bound supervisor, ``load_office_<level>``, in the first unit of that level.
OFFICE_SUPERVISORS = {"national": "LOAD001", "city": "LOAD006", "district": "LOAD026", "zone": "LOAD101"}
#: Share of tasks at each level, in order; a level's tasks refine tasks of the level above.
LEVEL_SHARES = (("national", 0.01), ("city", 0.09), ("district", 0.40), ("zone", 0.50))
CATEGORIES = ("科技创新", "港口航运", "金融创新", "改革开放", "宜居城市", "产业升级", "绿色低碳", "数字经济",
              "民生保障", "营商环境", "京津冀协同", "乡村振兴", "教育体育", "医疗卫生", "文化旅游", "城市更新")
VERBS = ("推动", "加快", "实施", "建设", "完善", "深化", "培育", "打造", "提升", "落实")
OBJECTS = ("跨境电商综合试验区", "保税维修业务", "航运金融服务", "智慧港口", "科技型企业梯度培育", "融资租赁聚集区",
           "城市更新项目", "新能源汽车产业链", "人才公寓", "数字政务服务", "绿色低碳园区", "口岸通关便利化")


def months() -> list[date]:
    """The first days of the twelve months before the month of ``AS_OF``, oldest first."""
    year, month = AS_OF.year, AS_OF.month
    firsts = []
    for _ in range(12):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        firsts.append(date(year, month, 1))
    return firsts[::-1]


def execute(sql: str, params: tuple[object, ...] | list[object] = ()) -> int:
    # Parameters are always passed (an empty tuple included), so a literal % is always written %%.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def step(label: str, sql: str, params: tuple[object, ...] | list[object] = ()) -> None:
    started = time.perf_counter()
    rows = execute(sql, params)
    print(f"  {label:<34} {rows:>10,} rows  {time.perf_counter() - started:6.1f} s", flush=True)


def build_people() -> None:
    """Units (a tree over four levels), users and their people: one reporter per unit."""
    step("units", f"""
        INSERT INTO ledger_unit (created_at, updated_at, name, short_name, aliases, level, parent_id, code,
                                 is_office)
        SELECT now(), now(), '{UNIT_PREFIX}' || lpad(g::text, 3, '0'), '单位' || lpad(g::text, 3, '0'), '',
               CASE WHEN g <= 5 THEN 'national' WHEN g <= 25 THEN 'city' WHEN g <= 100 THEN 'district'
                    ELSE 'zone' END, NULL, 'LOAD' || lpad(g::text, 3, '0'), true
        FROM generate_series(1, %s) g""", (UNITS,))
    # Each unit below the top hangs under a unit of the level above (by position).
    execute(f"""
        WITH u AS (SELECT id, level, row_number() OVER (PARTITION BY level ORDER BY id) AS n
                   FROM ledger_unit WHERE name LIKE '{UNIT_PREFIX}%%'),
             up AS (SELECT child.id AS child_id, parent.id AS parent_id
                    FROM u child JOIN u parent ON
                      (child.level, parent.level) IN (('city','national'), ('district','city'), ('zone','district'))
                      AND parent.n = 1 + (child.n %% (SELECT count(*) FROM u p2 WHERE p2.level = parent.level)))
        UPDATE ledger_unit SET parent_id = up.parent_id FROM up WHERE ledger_unit.id = up.child_id""")
    hashed = make_password(PASSWORD)
    step("users", """
        INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                               is_active, date_joined)
        SELECT %s, false, name, '', '', '', false, true, now() FROM (
            SELECT 'load_reporter_' || lpad(g::text, 3, '0') AS name FROM generate_series(1, %s) g
            UNION ALL SELECT 'load_supervisor_' || g FROM generate_series(1, 5) g
            UNION ALL SELECT 'load_leader_' || g FROM generate_series(1, 5) g
            UNION ALL SELECT 'load_office_' || level FROM unnest(%s::text[]) level) names""",
         (hashed, UNITS, list(OFFICE_SUPERVISORS)))
    step("people", f"""
        INSERT INTO ledger_person (created_at, updated_at, user_id, name, unit_id, role, post, phone, email,
                                   office_id)
        SELECT now(), now(), u.id, u.username,
               CASE WHEN u.username LIKE 'load_reporter_%%' THEN
                    (SELECT id FROM ledger_unit WHERE code = 'LOAD' || right(u.username, 3))
                    WHEN office.code IS NOT NULL THEN office.id
                    ELSE (SELECT min(id) FROM ledger_unit WHERE name LIKE '{UNIT_PREFIX}%%') END,
               CASE WHEN u.username LIKE 'load_reporter_%%' THEN 'reporter'
                    WHEN u.username LIKE 'load_leader_%%' THEN 'leader' ELSE 'supervisor' END,
               '', '', '', office.id
        FROM auth_user u
        LEFT JOIN (SELECT 'load_office_' || o.level AS username, o.code, ledger_unit.id FROM unnest(%s::text[], %s::text[])
                   AS o(level, code) JOIN ledger_unit ON ledger_unit.code = o.code) office ON office.username = u.username
        WHERE u.username LIKE 'load\\_%%'""", (list(OFFICE_SUPERVISORS), list(OFFICE_SUPERVISORS.values())))


def build_tasks(n_tasks: int) -> None:
    """Tasks per level, each refining a task of the level above; one co-unit; one history row."""
    first = 1
    for index, (level, share) in enumerate(LEVEL_SHARES):
        count = max(1, int(n_tasks * share))
        parent_level = LEVEL_SHARES[index - 1][0] if index else None
        parent_sql = "NULL" if parent_level is None else f"""
            (SELECT id FROM ledger_task WHERE code = 'LOAD-{parent_level[0].upper()}-' ||
                lpad((1 + g %% (SELECT count(*) FROM ledger_task WHERE code LIKE 'LOAD-{parent_level[0].upper()}-%%'))::text,
                6, '0'))"""
        step(f"tasks ({level})", f"""
            INSERT INTO ledger_task (created_at, updated_at, code, title, description, level, category,
                parent_id, lead_unit_id, responsible_person_id, start_date, deadline, expected_outcome,
                target_indicator, target_value, target_unit, target_comparator, status, light,
                progress_percent, progress_note, report_frequency, source_document_id, source_start,
                source_end, source_measure_id, is_public, public_explanation, applies_to_industries,
                applies_to_areas, version, ongoing, office_id, kind)
            SELECT now(), now(), 'LOAD-{level[0].upper()}-' || lpad(g::text, 6, '0'),
                   (ARRAY{list(VERBS)})[1 + g %% {len(VERBS)}] || (ARRAY{list(OBJECTS)})[1 + (g / 7) %% {len(OBJECTS)}]
                       || '第' || g || '项举措',
                   '', %s, (ARRAY{list(CATEGORIES)})[1 + g %% {len(CATEGORIES)}], {parent_sql},
                   units.ids[1 + g %% array_length(units.ids, 1)], NULL,
                   %s::date, %s::date + 30 * (1 + g %% 24),
                   '', '', NULL, '', 'eq',
                   (ARRAY['not_started','in_progress','in_progress','completed'])[1 + g %% 4],
                   (ARRAY['green','yellow','red','done','green','unreported'])[1 + g %% 6],
                   (g * 7) %% 101, '', 'monthly', NULL, NULL, NULL, NULL,
                   (g + {first}) %% %s = 0, '', '', '', 1, false, units.ids[1 + g %% array_length(units.ids, 1)],
                   'measure'
            FROM generate_series(1, %s) g,
                 (SELECT array_agg(id ORDER BY id) AS ids FROM ledger_unit WHERE level = %s
                    AND name LIKE '{UNIT_PREFIX}%%') units""",
             (level, months()[0], months()[0], PUBLIC_EVERY, count, level))
        first += count
    step("task co-units", f"""
        INSERT INTO ledger_task_co_units (task_id, unit_id)
        SELECT t.id, (SELECT id FROM ledger_unit WHERE code = 'LOAD' || lpad((1 + (t.id %% {UNITS}))::text, 3, '0'))
        FROM ledger_task t WHERE t.code LIKE 'LOAD-%%'
          AND t.lead_unit_id <> (SELECT id FROM ledger_unit WHERE code = 'LOAD' || lpad((1 + (t.id %% {UNITS}))::text, 3, '0'))""")
    step("task history", """
        INSERT INTO ledger_historicaltask (id, created_at, updated_at, code, title, description, level, category,
            start_date, deadline, expected_outcome, target_indicator, target_value, target_unit, target_comparator,
            status, light, progress_percent, progress_note, report_frequency, source_start, source_end, is_public,
            public_explanation, applies_to_industries, applies_to_areas, version, parent_id, lead_unit_id,
            responsible_person_id, source_document_id, source_measure_id, history_date, history_change_reason,
            history_type, history_user_id, ongoing, office_id, kind)
        SELECT id, created_at, updated_at, code, title, description, level, category, start_date, deadline,
            expected_outcome, target_indicator, target_value, target_unit, target_comparator, status, light,
            progress_percent, progress_note, report_frequency, source_start, source_end, is_public,
            public_explanation, applies_to_industries, applies_to_areas, version, parent_id, lead_unit_id,
            responsible_person_id, source_document_id, source_measure_id, now(), '负载测试数据', '+', NULL,
            ongoing, office_id, kind
        FROM ledger_task WHERE code LIKE 'LOAD-%%'""")


#: What a province's catalogues hold beside its tasks: its key projects of the year (every level's),
#: its indicators; one task in PROJECT_EVERY serves a key project and one in INDICATOR_EVERY an
#: indicator. Each office's plan is one document of about 15,000 characters (a district's work
#: report is 14,000), which every task of the office quotes.
KEY_PROJECTS = 6_000
INDICATORS = 400
PROJECT_EVERY = 20
INDICATOR_EVERY = 50
PLAN_PARAGRAPH = ("坚持稳中求进工作总基调,完整准确全面贯彻新发展理念,加快构建新发展格局,着力推动高质量发展。"
                  "实施科技创新引领工程,推动跨境电商综合试验区、智慧港口、融资租赁聚集区建设,深化口岸通关便利化改革,"
                  "培育新能源汽车产业链,打造绿色低碳园区,完善人才公寓和数字政务服务。全年地区生产总值增长5%左右,"
                  "一般公共预算收入增长3%,新增市场主体2万户以上,城镇新增就业3万人。")


def build_catalogues() -> None:
    """Each office's plan document, quoted by the tasks it owns; key projects with a year's monthly
    investment and two milestones each; indicators with a target and their monthly observations;
    and the tasks serving them (what the task page's panels read)."""
    year = AS_OF.year
    step("plan documents", """
        INSERT INTO documents_document (created_at, updated_at, title, issuer, issued_on, kind, source_url,
            filename, file_kind, encoding, text, content_hash, structure, office_id)
        SELECT now(), now(), u.name || %s, u.name, %s::date, 'policy', '', 'plan-' || u.code || '.txt', 'txt',
               'utf-8', repeat(%s, 80), md5(u.code) || md5('plan' || u.code), '{}'::jsonb, u.id
        FROM ledger_unit u WHERE u.name LIKE %s""", (f"{year}年重点工作实施方案", months()[0], PLAN_PARAGRAPH,
                                                   UNIT_PREFIX + "%"))
    step("tasks quoting their plan", """
        UPDATE ledger_task t SET source_document_id = d.id, source_start = (t.id %% 70) * %s,
               source_end = (t.id %% 70) * %s + 40
        FROM documents_document d WHERE d.office_id = t.office_id AND t.code LIKE 'LOAD-%%'""",
         (len(PLAN_PARAGRAPH), len(PLAN_PARAGRAPH)))
    step("key projects", f"""
        INSERT INTO projects_keyproject (created_at, updated_at, year, code, name, pipeline, programme, location,
            industry, description, total_investment, planned_investment, lead_unit_id, batch_id)
        SELECT now(), now(), %s, 'LOADP-' || lpad(g::text, 5, '0'),
               (ARRAY{list(OBJECTS)})[1 + g %% {len(OBJECTS)}] || '重点项目' || g || '号',
               (ARRAY['new_start','under_construction','completion'])[1 + g %% 3], '', '', '', '',
               10000 + (g %% 50) * 1000, 1200 + (g %% 50) * 100, units.ids[1 + g %% array_length(units.ids, 1)], NULL
        FROM generate_series(1, %s) g,
             (SELECT array_agg(id ORDER BY id) AS ids FROM ledger_unit WHERE name LIKE %s) units""",
         (year, KEY_PROJECTS, UNIT_PREFIX + "%"))
    step("key project investment", """
        INSERT INTO projects_projectinvestment (created_at, updated_at, year, month, amount, entered_by_id, project_id)
        SELECT now(), now(), p.year, m, 80 + (p.id %% 40), NULL, p.id
        FROM projects_keyproject p, generate_series(1, %s) m WHERE p.code LIKE 'LOADP-%%'""",
         (max(1, AS_OF.month - 1),))
    step("key project milestones", """
        INSERT INTO projects_projectmilestone (created_at, updated_at, kind, planned_date, actual_date, note,
            project_id)
        SELECT now(), now(), k.kind, make_date(p.year, k.month, 15),
               CASE WHEN k.month < %s AND p.id %% 3 > 0 THEN make_date(p.year, k.month, 20) END, '', p.id
        FROM projects_keyproject p,
             (VALUES ('start', 3), ('completion', 11)) AS k(kind, month) WHERE p.code LIKE 'LOADP-%%'""",
         (AS_OF.month,))
    step("tasks serving a key project", """
        INSERT INTO projects_keyproject_tasks (keyproject_id, task_id)
        SELECT (SELECT min(id) FROM projects_keyproject WHERE code LIKE 'LOADP-%%') + (t.id / %s) %% %s, t.id
        FROM ledger_task t WHERE t.code LIKE 'LOAD-%%' AND t.id %% %s = 0""",
         (PROJECT_EVERY, KEY_PROJECTS, PROJECT_EVERY))
    step("indicators", """
        INSERT INTO indicators_indicator (created_at, updated_at, name, aliases, definition, unit, direction,
            expression, frequency, cumulative, is_active, responsible_unit_id)
        SELECT now(), now(), '负载测试指标' || lpad(g::text, 4, '0'), '', '', (ARRAY['%%','亿元','万人','家'])[1 + g %% 4],
               'up', (ARRAY['growth','level','level','level'])[1 + g %% 4], 'month', g %% 4 > 0, true,
               units.ids[1 + g %% array_length(units.ids, 1)]
        FROM generate_series(1, %s) g,
             (SELECT array_agg(id ORDER BY id) AS ids FROM ledger_unit WHERE name LIKE %s) units""",
         (INDICATORS, UNIT_PREFIX + "%"))
    step("indicator targets", """
        INSERT INTO indicators_indicatortarget (created_at, updated_at, year, comparator, value, tolerance, baseline,
            statement, source_start, source_end, indicator_id, reference_indicator_id, source_document_id,
            source_item_id)
        SELECT now(), now(), %s, (ARRAY['about','gte','eq'])[1 + i.id %% 3], 5 + i.id %% 20, NULL, NULL, '',
               NULL, NULL, i.id, NULL, NULL, NULL
        FROM indicators_indicator i WHERE i.name LIKE '负载测试指标%%'""", (year,))
    step("indicator observations", """
        INSERT INTO indicators_observation (created_at, updated_at, period_end, value, note, source, entered_by_id,
            indicator_id)
        SELECT now(), now(), (make_date(%s, m, 1) + interval '1 month' - interval '1 day')::date,
               (m * (1 + i.id %% 5))::numeric / 3, '', 'import', NULL, i.id
        FROM indicators_indicator i, generate_series(1, %s) m WHERE i.name LIKE '负载测试指标%%'""",
         (year, max(1, AS_OF.month - 1)))
    step("tasks serving an indicator", """
        INSERT INTO indicators_indicator_tasks (indicator_id, task_id)
        SELECT (SELECT min(id) FROM indicators_indicator WHERE name LIKE '负载测试指标%%') + (t.id / %s) %% %s, t.id
        FROM ledger_task t WHERE t.code LIKE 'LOAD-%%' AND t.id %% %s = 0""",
         (INDICATOR_EVERY, INDICATORS, INDICATOR_EVERY))


def build_reports() -> None:
    """Twelve monthly reports per task (the lead unit's reporter), accepted but for the last
    month's, which are submitted; one history row each."""
    step("progress reports", """
        INSERT INTO reports_progressreport (created_at, updated_at, task_id, period_key, period_start, period_end,
            due_date, revision, supersedes_id, status, narrative, percent_done, measured_value, measured_note,
            author_id, unit_id, submitted_at, is_late, reviewed_by_id, reviewed_at, review_comment, grade,
            idempotency_key)
        SELECT now(), now(), t.id, to_char(m.start, 'YYYY-MM'), m.start,
               (m.start + interval '1 month - 1 day')::date,
               (m.start + interval '1 month 5 days')::date, 1, NULL,
               CASE WHEN m.n = 12 THEN 'submitted' ELSE 'accepted' END,
               '本月推进' || t.title || '，完成阶段性工作。', LEAST(100, m.n * 8 + t.id %% 7), NULL, '',
               p.user_id, t.lead_unit_id, m.start + interval '1 month 2 days', t.id %% 9 = 0,
               NULL, NULL, '', NULL, ''
        FROM ledger_task t
        JOIN ledger_person p ON p.unit_id = t.lead_unit_id AND p.role = 'reporter'
        CROSS JOIN unnest(%s::date[]) WITH ORDINALITY AS m(start, n)
        WHERE t.code LIKE 'LOAD-%%'""", (months(),))
    step("progress report history", """
        INSERT INTO reports_historicalprogressreport (id, created_at, updated_at, period_key, period_start,
            period_end, due_date, revision, status, narrative, percent_done, measured_value, measured_note,
            submitted_at, is_late, reviewed_at, review_comment, grade, task_id, supersedes_id, author_id, unit_id,
            reviewed_by_id, history_date, history_change_reason, history_type, history_user_id)
        SELECT r.id, r.created_at, r.updated_at, r.period_key, r.period_start, r.period_end, r.due_date, r.revision,
            r.status, r.narrative, r.percent_done, r.measured_value, r.measured_note, r.submitted_at, r.is_late,
            r.reviewed_at, r.review_comment, r.grade, r.task_id, r.supersedes_id, r.author_id, r.unit_id,
            r.reviewed_by_id, now(), '负载测试数据', '+', r.author_id
        FROM reports_progressreport r JOIN ledger_task t ON t.id = r.task_id WHERE t.code LIKE 'LOAD-%%'""")
    step("milestones", """
        INSERT INTO reports_milestone (created_at, updated_at, task_id, title, due_date, reached_on,
            reached_by_report_id, position)
        SELECT now(), now(), t.id, '节点' || k, t.start_date + 120 * k,
               CASE WHEN t.start_date + 120 * k < %s THEN t.start_date + 120 * k - 5 END, NULL, k
        FROM ledger_task t CROSS JOIN generate_series(1, 3) k WHERE t.code LIKE 'LOAD-%%'""", (AS_OF,))


def build_snapshots() -> None:
    """The year's twelve monthly evaluation snapshots, one row per task each."""
    step("snapshots", """
        INSERT INTO oversight_evaluationsnapshot (key, kind, as_of, taken_at, taken_by_id, task_count, green,
            yellow, red, done, unevaluated, staged_progress, overdue, unreported)
        SELECT 'load-' || to_char(m, 'YYYY-MM'), 'monthly',
               (m + interval '1 month - 1 day')::date, now(), NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0
        FROM unnest(%s::date[]) AS m""", (months(),))
    step("snapshot rows", """
        INSERT INTO oversight_tasksnapshot (snapshot_id, task_id, lead_unit_id, light, status, progress_percent,
            expected_percent, overdue, overdue_milestones, missing_reports, staged_progress, deadline, reasons)
        SELECT s.id, t.id, t.lead_unit_id,
               (ARRAY['green','yellow','red','done','green','unreported'])[1 + (t.id + extract(month FROM s.as_of)::int) %% 6],
               t.status, LEAST(100, extract(month FROM s.as_of)::int * 8), LEAST(100, extract(month FROM s.as_of)::int * 9),
               t.deadline < s.as_of, 0, 0, t.id %% 3 = 0, t.deadline, ''
        FROM oversight_evaluationsnapshot s CROSS JOIN ledger_task t
        WHERE s.key LIKE 'load-%%' AND t.code LIKE 'LOAD-%%'""")
    execute("""
        UPDATE oversight_evaluationsnapshot s SET task_count = c.n, green = c.g, yellow = c.y, red = c.r, done = c.d,
            unreported = c.u, staged_progress = c.sp, overdue = c.o
        FROM (SELECT snapshot_id, count(*) n, count(*) FILTER (WHERE light = 'green') g,
                     count(*) FILTER (WHERE light = 'yellow') y, count(*) FILTER (WHERE light = 'red') r,
                     count(*) FILTER (WHERE light = 'done') d, count(*) FILTER (WHERE light = 'unreported') u,
                     count(*) FILTER (WHERE staged_progress) sp,
                     count(*) FILTER (WHERE overdue) o
              FROM oversight_tasksnapshot GROUP BY snapshot_id) c
        WHERE s.id = c.snapshot_id AND s.key LIKE 'load-%%'""")


def build_messages(n_messages: int) -> None:
    """Inbox messages spread over the benchmark's people, each about a task."""
    step("messages", """
        INSERT INTO reports_notification (recipient_id, kind, subject, body, url, task_id, dedupe_key, created_at,
            read_at, email_state, email_attempts, emailed_at)
        SELECT people.ids[1 + g %% array_length(people.ids, 1)],
               (ARRAY['report_reminder','deadline_reminder','report_accepted','notice_issued'])[1 + g %% 4],
               '负载测试消息' || g, '请按时填报进展。', '/ledger/', tasks.first_id + g %% tasks.n,
               'load-' || g, now() - (g %% 365) * interval '1 day',
               CASE WHEN g %% 3 = 0 THEN NULL ELSE now() END, 'none', 0, NULL
        FROM generate_series(1, %s) g,
             (SELECT array_agg(user_id ORDER BY id) AS ids FROM ledger_person WHERE name LIKE 'load\\_%%') people,
             (SELECT min(id) AS first_id, count(*) AS n FROM ledger_task WHERE code LIKE 'LOAD-%%') tasks""",
         (n_messages,))


def build_public_index() -> None:
    """Search index rows of the public tasks, through the portal's own indexing service."""
    from luoshi.portal.services import measures_reindex

    started = time.perf_counter()
    count, _removed = measures_reindex()
    print(f"  {'public search index':<34} {count:>10,} rows  {time.perf_counter() - started:6.1f} s", flush=True)


def build_derived() -> None:
    """Every parent's stored roll-up and every task's stored forecast, by the evaluation run's own
    passes (as after a nightly run)."""
    from luoshi.ledger.services import rollups_refresh_all
    from luoshi.oversight.services.forecasts import forecasts_refresh_all

    for label, refresh in (("roll-ups", rollups_refresh_all), ("forecasts", forecasts_refresh_all)):
        started = time.perf_counter()
        count = refresh()
        print(f"  {label:<34} {count:>10,} rows  {time.perf_counter() - started:6.1f} s", flush=True)


PUBLIC_EVERY = 10
RANDOM_PAGE_COST = 1.1


def refuse_business_date() -> None:
    """Stop when the installation runs "as of" a fixed date: the data is built around today, and a
    date left by `luoshi demo` (var/business_date) makes every page count a different year."""
    from luoshi.core.clock import business_date

    day = business_date()
    if day is not None:
        where = getattr(settings, "LUOSHI_BUSINESS_DATE_FILE", None)
        raise SystemExit(f"This installation runs as of {day} (LUOSHI_BUSINESS_DATE or the business-date file "
                         f"{where}, written by `luoshi demo`); the load data is built around today. "
                         "Remove it before measuring.")


def tune_planner() -> None:
    """The planner setting docs/deploy.md recommends for a server on SSD storage (new connections
    take it; the current one is set too)."""
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    execute(f"ALTER DATABASE {name} SET random_page_cost = {RANDOM_PAGE_COST}")
    execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")


def main() -> None:
    global PUBLIC_EVERY
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--public-every", type=int, default=10, help="one task in N is public")
    args = parser.parse_args()
    PUBLIC_EVERY = max(1, args.public_every)
    if connection.vendor != "postgresql":
        sys.exit("The load benchmark runs on PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ledger_unit WHERE name LIKE %s", [UNIT_PREFIX + "%"])
        if cursor.fetchone()[0]:
            print("benchmark data present; drop and create the database to build again")
            return
    started = time.perf_counter()
    print(f"building a province's year: {args.tasks:,} tasks, periods {months()[0]:%Y-%m} to {months()[-1]:%Y-%m}")
    build_people()
    build_tasks(args.tasks)
    build_catalogues()
    build_reports()
    build_snapshots()
    build_messages(args.tasks * 12)
    build_public_index()
    build_derived()
    execute("ANALYZE")
    tune_planner()
    print(f"built in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

"""The tally: standing counts of the counted tasks per dimension, light and status.

The province-wide battle map counts every task by category and lead unit (and, on its other tabs,
by level and plan), each by light and status. At 100,000 tasks reading them all costs 90–130 ms
per request on PostgreSQL; the tally answers from a few thousand rows instead.

It is kept by the database, not by Python: a trigger on the task table appends the change of
every insert, update of a counted column and delete, so the counts stay exact whoever writes
(the services, the evaluation's bulk updates of lights and roll-ups, imports, the admin, SQL).
PostgreSQL runs one statement-level trigger per write with the rows it changed (a bulk update
of 70,000 lights is one grouped insert); SQLite, which has only row triggers, one per row.

The rows are changes (+1 for a task's new figures, -1 for its old ones), appended and never
updated, so concurrent writers never wait on a shared counter row nor deadlock on two of them.
A count is the sum of its group's rows; `tally_compact` folds them back to one row per group
after bulk work (the evaluation run) and on the hourly tick.

What is counted is what the battle map counts (`Task.objects.counted()`): every task but the
headings of a plan, each with its effective light and status (a parent's roll-up, else its own).
The coverage page's figures per level (`level_links`) count the headings too, as its tree draws them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Concat

from luoshi.ledger.choices import TaskKind
from luoshi.ledger.models import Task, TaskTally

logger = logging.getLogger("luoshi.tally")

# What the tally groups by, each as SQL of a task row (`{row}`): the battle map's breakdowns (its
# `dimension` names the task column; the two ids are stored as text and read back as integers),
# whether a task has a quantified target (the home page's figure), "yes" or "no", and the
# coverage page's figures per level: "<level>:<top|linked>:<refined|open>", whether the task is
# linked to a task above it and whether one below refines it; and the battle map's deadlines by
# month: "<YYYY-MM>:<own status>:<category>" ("" without a deadline), from which the timeline's
# months and the tasks overdue by category in the months before this one are summed (the days of
# this month are counted on the tasks: the day moves). By month, not by day: a province whose
# plans set deadlines on every day of a year made 20,867 rows by day, and summing them cost what
# counting the tasks did. It reads the task's own status, as the overdue list and the drill-down
# do, and is not split by light and effective status (UNSPLIT_DIMENSIONS). `{month}` is the
# deadline's month as text on either database.
DIMENSIONS: dict[str, str] = {
    "category": "{row}.category",
    "lead_unit_id": "CAST({row}.lead_unit_id AS TEXT)",
    "level": "{row}.level",
    "source_document_id": "CAST({row}.source_document_id AS TEXT)",
    "has_target": "CASE WHEN {row}.target_value IS NULL THEN 'no' ELSE 'yes' END",
    "level_links": ("{row}.level || ':' || CASE WHEN {row}.parent_id IS NULL THEN 'top' ELSE 'linked' END || ':' || "
                    "CASE WHEN {row}.children_count > 0 THEN 'refined' ELSE 'open' END"),
    "deadline_month": ("CASE WHEN {row}.deadline IS NULL THEN '' "
                       "ELSE {month} || ':' || {row}.status || ':' || {row}.category END"),
}
ID_DIMENSIONS = frozenset({"lead_unit_id", "source_document_id"})
# Dimensions that count every task, the headings of a plan included: the coverage tree draws a
# heading as a task of its level (it may be refined below, or be a gap). The others count only
# the tasks that count (`Task.objects.counted()`).
EVERY_TASK_DIMENSIONS = frozenset({"level_links"})
# Dimensions whose rows are not split by effective light and status (stored as ""): what they are
# read for does not ask, and the split would multiply their rows.
UNSPLIT_DIMENSIONS = frozenset({"deadline_month"})
# A change of any of these changes a task's tally rows; other updates (progress, forecast,
# texts) leave the tally alone.
COUNTED_COLUMNS = ("kind", "category", "lead_unit_id", "level", "source_document_id", "target_value",
                   "light", "rollup_light", "status", "rollup_status", "parent_id", "children_count", "deadline")


def _month_text(column: str, vendor: str) -> str:
    """SQL of a date column's month as text ("2026-06"): SQLite stores the date as ISO text;
    PostgreSQL's own cast of a date would follow the session's DateStyle."""
    return f"to_char({column}, 'YYYY-MM')" if vendor == "postgresql" else f"substr({column}, 1, 7)"


def _value_sql(dimension: str, row: str, vendor: str) -> str:
    return DIMENSIONS[dimension].format(row=row, month=_month_text(f"{row}.deadline", vendor))


def _live_expression(dimension: str) -> Any:
    """The ORM's expression of a dimension, for counting the tasks themselves."""
    if dimension == "has_target":
        return Case(When(target_value__isnull=True, then=Value("no")), default=Value("yes"))
    if dimension == "level_links":
        return Concat(F("level"), Value(":"),
                      Case(When(parent__isnull=True, then=Value("top")), default=Value("linked")), Value(":"),
                      Case(When(children_count__gt=0, then=Value("refined")), default=Value("open")),
                      output_field=CharField())
    return F(dimension)


def _tasks_of(dimension: str) -> QuerySet[Task]:
    """The tasks a dimension counts."""
    return Task.objects.all() if dimension in EVERY_TASK_DIMENSIONS else Task.objects.counted()


def is_every_counted_task(queryset: QuerySet[Task]) -> bool:
    """Whether `queryset` is exactly the tasks that count: no filter but the one that leaves out
    the headings of a plan (`Task.objects.counted()`), and no list of ids attached to it for its
    readers (the battle map's `task_ids`). Its counts are then the tally's. (Every task, headings
    included, is not: the tally leaves them out.)"""
    if getattr(queryset, "task_ids", None) is not None:
        return False
    return bool(queryset.query.where == Task.objects.counted().query.where)


def is_every_task(queryset: QuerySet[Task]) -> bool:
    """Whether `queryset` is every task, headings included, with no filter at all: its counts of
    an EVERY_TASK_DIMENSIONS dimension are then the tally's."""
    return getattr(queryset, "task_ids", None) is None and not queryset.query.where


TASKS = Task._meta.db_table
TALLY = TaskTally._meta.db_table
HEADING = str(TaskKind.HEADING)
TRIGGER = "ledger_task_tally"
PG, LITE = "postgresql", "sqlite"

Counts = dict[str, dict[object, dict[tuple[str, str], int]]]


# --- the trigger's SQL, one template for both databases -----------------------------------------

def _rows_of(row: str, sign: int, vendor: str, source: str = "") -> str:
    """The tally rows (dimension, value, light, status, n) of the task rows named `row`, each
    counted `sign`: `source` is the table they come from ("" for a row trigger's OLD or NEW, which
    SQLite reads without a FROM)."""
    source = f" FROM {source} AS {row}" if source else ""
    parts = []
    for dimension in DIMENSIONS:
        counted_only = "" if dimension in EVERY_TASK_DIMENSIONS else f" WHERE {row}.kind <> '{HEADING}'"
        light, status = (("''", "''") if dimension in UNSPLIT_DIMENSIONS else
                         (f"COALESCE({row}.rollup_light, {row}.light)", f"COALESCE({row}.rollup_status, {row}.status)"))
        parts.append(
            f"SELECT '{dimension}' AS dimension, COALESCE({_value_sql(dimension, row, vendor)}, '') AS value, "
            f"{light} AS light, {status} AS status, {sign} AS n{source}{counted_only}")
    return " UNION ALL ".join(parts)


def _grouped_insert(changes: str) -> str:
    """Append the net change of each group of `changes` (a SELECT of tally rows), leaving out
    groups whose changes cancel (an update of a column the tally does not count)."""
    return (f"INSERT INTO {TALLY} (dimension, value, light, status, n) "
            f"SELECT dimension, value, light, status, SUM(n) FROM ({changes}) AS c "
            f"GROUP BY dimension, value, light, status HAVING SUM(n) <> 0")


def _postgresql_install() -> list[str]:
    # No column list: PostgreSQL allows none on a trigger with transition tables. An update of
    # other columns costs one grouped read of the rows it changed, whose changes then cancel.
    body = {
        "INSERT": _grouped_insert(_rows_of("t", 1, PG, "new_rows")),
        "DELETE": _grouped_insert(_rows_of("t", -1, PG, "old_rows")),
        "UPDATE": _grouped_insert(f"{_rows_of('t', -1, PG, 'old_rows')} UNION ALL {_rows_of('t', 1, PG, 'new_rows')}"),
    }
    function = (
        f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n"
        f"  IF TG_OP = 'INSERT' THEN {body['INSERT']};\n"
        f"  ELSIF TG_OP = 'DELETE' THEN {body['DELETE']};\n"
        f"  ELSIF TG_OP = 'UPDATE' THEN {body['UPDATE']};\n"
        f"  ELSIF TG_OP = 'TRUNCATE' THEN DELETE FROM {TALLY};\n"
        f"  END IF;\n"
        f"  RETURN NULL;\n"
        f"END $$")
    return [
        function,
        # One trigger per event: a trigger with transition tables may name only one.
        f"CREATE TRIGGER {TRIGGER}_insert AFTER INSERT ON {TASKS} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
        f"CREATE TRIGGER {TRIGGER}_update AFTER UPDATE ON {TASKS} REFERENCING OLD TABLE AS old_rows "
        f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
        f"CREATE TRIGGER {TRIGGER}_delete AFTER DELETE ON {TASKS} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
        f"CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {TASKS} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
    ]


def _sqlite_install() -> list[str]:
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in COUNTED_COLUMNS)
    columns = ", ".join(COUNTED_COLUMNS)
    insert = f"INSERT INTO {TALLY} (dimension, value, light, status, n) "
    return [
        f"CREATE TRIGGER {TRIGGER}_insert AFTER INSERT ON {TASKS} BEGIN {insert}{_rows_of('NEW', 1, LITE)}; END",
        f"CREATE TRIGGER {TRIGGER}_delete AFTER DELETE ON {TASKS} BEGIN {insert}{_rows_of('OLD', -1, LITE)}; END",
        f"CREATE TRIGGER {TRIGGER}_update AFTER UPDATE OF {columns} ON {TASKS} WHEN {changed} BEGIN "
        f"{insert}{_rows_of('OLD', -1, LITE)}; {insert}{_rows_of('NEW', 1, LITE)}; END",
    ]


def _drop_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {TRIGGER}_{event} ON {TASKS}"
                for event in ("insert", "update", "delete", "truncate")] + [f"DROP FUNCTION IF EXISTS {TRIGGER}()"]
    return [f"DROP TRIGGER IF EXISTS {TRIGGER}_{event}" for event in ("insert", "update", "delete")]


def trigger_statements(vendor: str) -> list[str]:
    """The SQL that makes `vendor`'s database keep the tally (after dropping an older version)."""
    if vendor == "postgresql":
        return _drop_statements(vendor) + _postgresql_install()
    if vendor == "sqlite":
        return _drop_statements(vendor) + _sqlite_install()
    raise NotImplementedError(f"the tally has no trigger for {vendor}")


def triggers_install(schema_editor: object = None) -> None:
    """Install the triggers and rebuild the counts (the migration's step, and a repair)."""
    with connection.cursor() as cursor:
        for statement in trigger_statements(connection.vendor):
            cursor.execute(statement)
    tally_rebuild()


def _trigger_names(vendor: str) -> set[str]:
    events = ("insert", "update", "delete", "truncate") if vendor == "postgresql" else ("insert", "update", "delete")
    return {f"{TRIGGER}_{event}" for event in events}


def triggers_missing(using: str = "default") -> set[str]:
    """The tally's triggers that the task table lacks (none when it is kept)."""
    from django.db import connections

    db = connections[using]
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TASKS])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TASKS])
        present = {row[0] for row in cursor.fetchall()}
    return _trigger_names(db.vendor) - present


def tally_after_migrate(*, using: str = "default", **_signal: object) -> None:
    """After `migrate` or `flush` (post_migrate): the triggers are in place, and an empty ledger
    has an empty tally.

    - On SQLite, a migration that alters a column of the task table remakes the table, and its
      triggers go with it (0021 did, and reinstalls them; this catches the next one that forgets):
      missing triggers are installed again and the tally recounted.
    - SQLite's flush deletes the tables in no fixed order; when it empties the tally before the
      tasks, the delete trigger appends their -1 rows afterwards, and the next tasks would be
      counted short. (PostgreSQL's flush truncates, and the truncate trigger empties the tally.)"""
    from django.db import connections

    if TALLY not in connections[using].introspection.table_names():  # migrated back before the tally
        return
    if triggers_missing(using):
        logger.warning("the tally's triggers were missing: installed again and recounted")
        triggers_install()
    if not Task.objects.using(using).exists():
        TaskTally.objects.using(using).all().delete()


def triggers_remove() -> None:
    with connection.cursor() as cursor:
        for statement in _drop_statements(connection.vendor):
            cursor.execute(statement)


# --- keeping and reading ------------------------------------------------------------------------

def tally_rebuild() -> None:
    """Count every task afresh, writers held off meanwhile (a repair; the migration's backfill)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Without it a task committed between the delete and the count would be counted twice.
            cursor.execute(f"LOCK TABLE {TASKS} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {TALLY}")
        cursor.execute(_grouped_insert(_rows_of("t", 1, connection.vendor, TASKS)))


def tally_compact() -> int:
    """Fold each group's change rows into one (none when they cancel); returns the rows left.

    On PostgreSQL one statement deletes and re-inserts what it read, so a change appended by a
    concurrent writer meanwhile is neither lost nor counted twice; SQLite has one writer at a time.
    """
    columns = "dimension, value, light, status"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH gone AS (DELETE FROM {TALLY} RETURNING {columns}, n) "
                f"INSERT INTO {TALLY} ({columns}, n) SELECT {columns}, SUM(n) FROM gone "
                f"GROUP BY {columns} HAVING SUM(n) <> 0")
        else:
            cursor.execute(f"SELECT MAX(id) FROM {TALLY}")
            last = cursor.fetchone()[0]
            if last is None:
                return 0
            cursor.execute(
                f"INSERT INTO {TALLY} ({columns}, n) SELECT {columns}, SUM(n) FROM {TALLY} WHERE id <= %s "
                f"GROUP BY {columns} HAVING SUM(n) <> 0", [last])
            cursor.execute(f"DELETE FROM {TALLY} WHERE id <= %s", [last])
        return TaskTally.objects.count()


def _typed(dimension: str, value: str) -> object:
    """A stored value as the task column has it: an id as an integer, "" as None for an id;
    whether there is a target as a boolean; a deadline's ("YYYY-MM", own status, category), None
    for the tasks without one."""
    if dimension in ID_DIMENSIONS:
        return int(value) if value else None
    if dimension == "has_target":
        return value == "yes"
    if dimension == "deadline_month":
        if not value:
            return None
        month, status, category = value.split(":", 2)  # a category may hold a colon; the rest do not
        return (month, status, category)
    return value


def tally_counts(dimensions: Iterable[str]) -> Counts:
    """For each of `dimensions` (task columns): value → (light, status) → number of counted tasks,
    summed from the tally's rows in one grouped read."""
    wanted = list(dimensions)
    counts: Counts = {dimension: defaultdict(dict) for dimension in wanted}
    rows = (TaskTally.objects.filter(dimension__in=wanted).values("dimension", "value", "light", "status")
            .annotate(total=Sum("n")).exclude(total=0).order_by().values_list("dimension", "value", "light", "status",
                                                                              "total"))
    for dimension, value, light, status, total in rows:
        counts[dimension][_typed(dimension, value)][(light, status)] = int(total)
    return {dimension: dict(groups) for dimension, groups in counts.items()}


def tally_level_links() -> dict[str, dict[str, int]]:
    """The coverage page's figures of every task, headings included, by level: how many tasks
    ("total"), how many are not linked to a task above ("unlinked") and how many are refined by
    a task below ("covered")."""
    figures: dict[str, dict[str, int]] = {}
    for value, groups in tally_counts(["level_links"])["level_links"].items():
        level, linked, refined = str(value).split(":")
        n = sum(groups.values())
        counts = figures.setdefault(level, {"total": 0, "unlinked": 0, "covered": 0})
        counts["total"] += n
        counts["unlinked"] += n if linked == "top" else 0
        counts["covered"] += n if refined == "refined" else 0
    return figures


def tally_deadline_months(counts: Counts | None = None) -> dict[tuple[str, str, str], int]:
    """How many counted tasks fall due in each month ("2026-06"), by their own status and category
    (the tasks without a deadline left out): what the battle map's timeline and overdue figures
    sum. From `counts` when they hold the dimension (read with others in one query), else from
    the tally."""
    wanted = "deadline_month"
    groups = (counts if counts is not None and wanted in counts else tally_counts([wanted]))[wanted]
    # `_typed` reads each value of this dimension as (month, status, category), or None.
    return {cast(tuple[str, str, str], value): sum(by_light.values()) for value, by_light in groups.items()
            if value is not None}


def _live_groups(dimension: str, light: Any, status: Any) -> Iterable[tuple[object, str, str, int]]:
    """(value, light, status, n) of a dimension counted on the tasks, each value as `_typed` reads it."""
    tasks = _tasks_of(dimension)
    if dimension == "deadline_month":  # composed here: a date's text in SQL would follow the database's settings
        for row in tasks.values("deadline", "status", "category").annotate(n=Count("id")).order_by():
            day = row["deadline"]
            value = None if day is None else (f"{day.year:04d}-{day.month:02d}", row["status"], row["category"])
            yield value, "", "", row["n"]
        return
    for row in (tasks.values(group=_live_expression(dimension), group_light=light, group_status=status)
                .annotate(n=Count("id")).order_by()):
        group = _typed(dimension, row["group"]) if dimension == "has_target" else row["group"]
        yield group, row["group_light"], row["group_status"], row["n"]


def live_counts(dimensions: Iterable[str]) -> Counts:
    """What `tally_counts` answers, counted from the tasks themselves (for checking the tally)."""
    wanted = list(dimensions)
    counts: Counts = {dimension: defaultdict(dict) for dimension in wanted}
    light, status = Coalesce("rollup_light", "light"), Coalesce("rollup_status", "status")
    for dimension in wanted:
        for group, group_light, group_status, n in _live_groups(dimension, light, status):
            # Summed: the tasks without a deadline are one value, of several statuses and categories.
            key = (group_light, group_status)
            counts[dimension][group][key] = counts[dimension][group].get(key, 0) + n
    return {dimension: dict(groups) for dimension, groups in counts.items()}


def tally_drift() -> list[str]:
    """The groups where the tally and the tasks disagree, in words (empty when it is exact)."""
    kept, live = tally_counts(DIMENSIONS), live_counts(DIMENSIONS)
    problems = []
    for dimension in DIMENSIONS:
        for value in sorted(set(kept[dimension]) | set(live[dimension]), key=str):
            mine, theirs = kept[dimension].get(value, {}), live[dimension].get(value, {})
            for key in sorted(set(mine) | set(theirs)):
                if mine.get(key, 0) != theirs.get(key, 0):
                    problems.append(f"{dimension}={value!r} {key[0]}/{key[1]}: "
                                    f"tally {mine.get(key, 0)}, tasks {theirs.get(key, 0)}")
    return problems

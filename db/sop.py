"""SOP rules (sop_rules, sop_tag_baseline) and the set-based statements that turn a rule's
trigger occurrences into tasks.

Each `tasks_for_*` function is one INSERT OR IGNORE … SELECT: the SELECT yields (contact_id,
due_at, trigger_key) for the occurrences in the bounds the caller gives, and the unique index
tasks_sop_once (rule, contact, trigger_key) makes a second run insert nothing. Only live
contacts get tasks. Returns how many tasks were created.

Scans of every contact say `contacts NOT INDEXED`: left alone, the planner walks a partial
index for `deleted_at IS NULL` (contacts_live_tier_quiet) and fetches each row out of order,
0.15 s a scan at 100,000 contacts against 0.02 s for reading the table straight through.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from db import rows
from db.contacts import display_name_sql

PLACEHOLDER = "{客户}"  # replaced by the contact's display name in a task title


@dataclass(frozen=True)
class SopRule:
    id: int
    code: str
    name: str
    trigger: str
    params_json: str
    delay_minutes: int
    task_title: str
    script_category: str
    enabled: bool
    builtin: bool

    @property
    def params(self) -> dict:
        return json.loads(self.params_json)


COLUMNS = ("id", "code", "name", "trigger", "params_json", "delay_minutes", "task_title",
           "script_category", "enabled", "builtin")


def rules(conn: sqlite3.Connection) -> list[SopRule]:
    """Every rule: built-ins first, then the operator's in the order they were made."""
    return [SopRule(*r) for r in conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM sop_rules ORDER BY builtin DESC, id")]


def rule(conn: sqlite3.Connection, rule_id: int) -> SopRule | None:
    row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM sop_rules WHERE id = ?",
                       (rule_id,)).fetchone()
    return SopRule(*row) if row else None


def insert_rule(conn: sqlite3.Connection, values: Mapping[str, object]) -> int:
    return rows.insert(conn, "sop_rules", values)


def update_rule(conn: sqlite3.Connection, rule_id: int, values: Mapping[str, object]) -> None:
    rows.update(conn, "sop_rules", rule_id, values)


@dataclass(frozen=True)
class RuleImage:
    """What deleting a rule takes away: its row, its tasks' links to it, its baseline."""
    row: tuple
    task_ids: list[int]
    baseline: list[int]


def rule_image(conn: sqlite3.Connection, rule_id: int) -> RuleImage | None:
    row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM sop_rules WHERE id = ?",
                       (rule_id,)).fetchone()
    if row is None:
        return None
    task_ids = [r[0] for r in conn.execute("SELECT id FROM tasks WHERE sop_rule_id = ?",
                                           (rule_id,))]
    return RuleImage(tuple(row), task_ids, baseline_of(conn, rule_id))


def delete_rule(conn: sqlite3.Connection, rule_id: int) -> None:
    """Its tasks stay (their sop_rule_id becomes NULL); its baseline goes with it."""
    conn.execute("DELETE FROM sop_rules WHERE id = ?", (rule_id,))


def restore_rule(conn: sqlite3.Connection, image: RuleImage) -> None:
    rule_id = rows.insert(conn, "sop_rules", dict(zip(COLUMNS, image.row, strict=True)))
    conn.execute("UPDATE tasks SET sop_rule_id = ? WHERE id IN (SELECT value FROM json_each(?))",
                 (rule_id, json.dumps(image.task_ids)))
    replace_baseline(conn, rule_id, image.baseline)


def baseline_of(conn: sqlite3.Connection, rule_id: int) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT contact_id FROM sop_tag_baseline WHERE rule_id = ? ORDER BY contact_id",
        (rule_id,))]


def replace_baseline(conn: sqlite3.Connection, rule_id: int, contact_ids: Iterable[int]) -> None:
    conn.execute("DELETE FROM sop_tag_baseline WHERE rule_id = ?", (rule_id,))
    conn.execute("INSERT INTO sop_tag_baseline (rule_id, contact_id) "
                 "SELECT ?, value FROM json_each(?)", (rule_id, json.dumps(list(contact_ids))))


def add_tag_holders_to_baseline(conn: sqlite3.Connection, rule_id: int, tag_id: int) -> None:
    """Everyone who has the tag now is left alone by the rule (unless they already got a task)."""
    conn.execute("""INSERT OR IGNORE INTO sop_tag_baseline (rule_id, contact_id)
                    SELECT ?, contact_id FROM contact_tags WHERE tag_id = ?""", (rule_id, tag_id))


def script_for_category(conn: sqlite3.Connection, category: str) -> int | None:
    """The script a task of this category suggests: a favourite first, then the most used."""
    if not category:
        return None
    row = conn.execute("SELECT id FROM scripts WHERE category = ? "
                       "ORDER BY favourite DESC, usage_count DESC, id LIMIT 1",
                       (category,)).fetchone()
    return row[0] if row else None


def order_categories(conn: sqlite3.Connection) -> list[str]:
    """Categories that orders use (where the repurchase cycle per category can be set)."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT category FROM orders WHERE category <> '' ORDER BY category")]


def tag_exists(conn: sqlite3.Connection, tag_id: int) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM tags WHERE id = ?)",
                        (tag_id,)).fetchone()[0] == 1


# --- tasks from occurrences -------------------------------------------------------------------

@dataclass(frozen=True)
class TaskTemplate:
    """What every task of one rule run shares. `delay` is a SQLite modifier ('+10 minutes')."""
    rule_id: int
    title: str
    delay: str
    script_id: int | None
    now: str  # UTC text: created_at, and the upper bound of "has happened"


def _insert(conn: sqlite3.Connection, occurrences: str, params: dict,
            template: TaskTemplate) -> int:
    # MATERIALIZED: flattened into the join, the occurrences' scan of contacts would be driven
    # by the outer `contacts c` walking its partial index (see above) — 4× slower.
    conn.execute(
        f"""WITH x AS MATERIALIZED ({occurrences})
            INSERT OR IGNORE INTO tasks (title, contact_id, due_at, remind_at, source,
                                         sop_rule_id, trigger_key, suggested_script_id,
                                         created_at)
            SELECT replace(:title, '{PLACEHOLDER}', {display_name_sql("c")}), c.id, x.due_at,
                   x.due_at, 'sop', :rule_id, x.trigger_key, :script_id, :now
            FROM x JOIN contacts c ON c.id = x.contact_id
            WHERE c.deleted_at IS NULL""",
        {**params, "title": template.title, "rule_id": template.rule_id,
         "script_id": template.script_id, "now": template.now, "delay": template.delay})
    # changes(), not cursor.rowcount: sqlite3 reports -1 for a statement that starts with WITH
    return conn.execute("SELECT changes()").fetchone()[0]


def tasks_for_added(conn: sqlite3.Connection, template: TaskTemplate, *, since: str) -> int:
    """Contacts added in [since, now]; one task per contact ('added')."""
    return _insert(conn, """
        SELECT id AS contact_id, datetime(added_at, :delay) AS due_at, 'added' AS trigger_key
        FROM contacts WHERE deleted_at IS NULL AND added_at >= :since AND added_at <= :now""",
                   {"since": since}, template)


def tasks_for_first_order(conn: sqlite3.Connection, template: TaskTemplate, *,
                          since: str) -> int:
    """First orders placed in [since, now]; one task per contact ('first_order'). Only contacts
    whose last order is that recent can qualify, so only they are looked up in orders."""
    return _insert(conn, """
        SELECT id AS contact_id, datetime(first_at, :delay) AS due_at,
               'first_order' AS trigger_key
        FROM (SELECT id, (SELECT min(ordered_at) FROM orders WHERE contact_id = contacts.id)
                         AS first_at
              FROM contacts NOT INDEXED WHERE deleted_at IS NULL AND last_order_at >= :since)
        WHERE first_at >= :since AND first_at <= :now""", {"since": since}, template)


def tasks_for_last_order(conn: sqlite3.Connection, template: TaskTemplate, *, since: str,
                         default_days: int, category_days: Mapping[str, int],
                         lead_days: int) -> int:
    """The next purchase is expected within `lead_days` days, the moment it became so being in
    [since, now]. Expected: the last order + the contact's learned cycle (cycle_days, basis
    own or category; stored by the layering recompute), else + the rule's cycle of the last
    order's category, else + `default_days`. Key 'order:<UTC date of last order>'.

    Two scans: the learned cycles differ per contact, the rule's are few, so only the latter
    bound last_order_at before anything is computed per row."""
    cycles = [default_days, *category_days.values()]
    return _insert(conn, """
        SELECT id AS contact_id, datetime(reminder_at, :delay) AS due_at,
               'order:' || substr(last_order_at, 1, 10) AS trigger_key
        FROM (SELECT id, last_order_at,
                     datetime(last_order_at, (cycle_days - :lead) || ' days') AS reminder_at
              FROM contacts NOT INDEXED
              WHERE deleted_at IS NULL AND cycle_basis IN ('own', 'category')
              UNION ALL
              SELECT id, last_order_at,
                     datetime(last_order_at, (coalesce(
                         (SELECT cd.value FROM json_each(:category_days) AS cd
                          WHERE cd.key = (SELECT o.category FROM orders o
                                          WHERE o.contact_id = contacts.id
                                            AND o.ordered_at = contacts.last_order_at
                                          ORDER BY o.id DESC LIMIT 1)),
                         :default_days) - :lead) || ' days') AS reminder_at
              FROM contacts NOT INDEXED
              WHERE deleted_at IS NULL AND cycle_basis NOT IN ('own', 'category')
                AND last_order_at >= datetime(:since, (:lead - :longest) || ' days')
                AND last_order_at <= datetime(:now, (:lead - :shortest) || ' days'))
        WHERE reminder_at >= :since AND reminder_at <= :now""",
                   {"since": since, "default_days": default_days, "lead": lead_days,
                    "category_days": json.dumps(dict(category_days), ensure_ascii=False),
                    "longest": max(cycles), "shortest": min(cycles)}, template)


def repurchase_tasks_since(conn: sqlite3.Connection, rule_id: int, first_id: int
                           ) -> list[tuple[int, str, int | None, str, int, str]]:
    """(task id, last_order_at, cycle_days, cycle_basis, cycle_gaps, the last order's
    category) of the rule's tasks with ids from `first_id` on."""
    return conn.execute("""
        SELECT t.id, c.last_order_at, c.cycle_days, c.cycle_basis, c.cycle_gaps,
               coalesce((SELECT o.category FROM orders o WHERE o.contact_id = c.id
                         ORDER BY o.ordered_at DESC, o.id DESC LIMIT 1), '')
        FROM tasks t JOIN contacts c ON c.id = t.contact_id
        WHERE t.id >= ? AND t.sop_rule_id = ?""", (first_id, rule_id)).fetchall()


def set_task_notes(conn: sqlite3.Connection, notes: Iterable[tuple[str, int]]) -> None:
    """(notes, task id) pairs."""
    conn.executemany("UPDATE tasks SET notes = ? WHERE id = ?", notes)


def tasks_for_quiet(conn: sqlite3.Connection, template: TaskTemplate, *, since: str,
                    days: int) -> int:
    """`days` without interaction, order or being added ended in [since, now]. Key
    'silent:<UTC date of the last of those>', so a contact touched again can come due again."""
    return _insert(conn, """
        SELECT id AS contact_id, datetime(last_at, '+' || :days || ' days', :delay) AS due_at,
               'silent:' || substr(last_at, 1, 10) AS trigger_key
        FROM (SELECT id, max(added_at, coalesce(last_interaction_at, ''),
                             coalesce(last_order_at, '')) AS last_at
              FROM contacts NOT INDEXED WHERE deleted_at IS NULL)
        WHERE last_at >= datetime(:since, '-' || :days || ' days')
          AND last_at <= datetime(:now, '-' || :days || ' days')""",
                   {"since": since, "days": days}, template)


def tasks_for_stage(conn: sqlite3.Connection, template: TaskTemplate, *, since: str,
                    stage: str) -> int:
    """Entries into `stage` recorded in layer_history in [since, now] of contacts still in it.
    Key 'stage:<stage>:<history id>': each entry is one occurrence."""
    return _layer_changes(conn, template, "stage", stage,
                          "h.to_value = :value AND c.stage = :value", since)


def tasks_for_tier(conn: sqlite3.Connection, template: TaskTemplate, *, since: str,
                   tier: int) -> int:
    """Rises from below `tier` to it or above (L3 → L5 reaches L4 too) in [since, now] of
    contacts still at it or above. Key 'tier:<tier>:<history id>'."""
    return _layer_changes(conn, template, "tier", str(tier),
                          "CAST(h.to_value AS INTEGER) >= :number AND c.tier >= :number "
                          "AND CAST(h.from_value AS INTEGER) < :number", since)


def _layer_changes(conn: sqlite3.Connection, template: TaskTemplate, dimension: str, value: str,
                   still: str, since: str) -> int:
    return _insert(conn, f"""
        SELECT h.contact_id, datetime(h.changed_at, :delay) AS due_at,
               :dimension || ':' || :value || ':' || h.id AS trigger_key
        FROM layer_history h JOIN contacts c ON c.id = h.contact_id
        WHERE h.dimension = :dimension AND h.changed_at >= :since AND h.changed_at <= :now
          AND {still}""",
                   {"since": since, "dimension": dimension, "value": value,
                    "number": int(value) if value.isdigit() else None}, template)


def tasks_for_birthdays(conn: sqlite3.Connection, template: TaskTemplate, *,
                        days: Iterable[tuple[str, int, str]]) -> int:
    """Birthdays given as (MM-DD, year, due_at UTC): contacts whose birthday ('YYYY-MM-DD' or
    '--MM-DD') falls on MM-DD get a task due then, key 'birthday:<year>'."""
    return _insert(conn, """
        SELECT c.id AS contact_id, d.value ->> '$[2]' AS due_at,
               'birthday:' || (d.value ->> '$[1]') AS trigger_key
        FROM contacts AS c NOT INDEXED
             JOIN json_each(:days) AS d ON substr(c.birthday, -5) = d.value ->> '$[0]'
        WHERE c.deleted_at IS NULL AND c.birthday <> ''""",
                   {"days": json.dumps(list(days))}, template)


def tasks_for_tag(conn: sqlite3.Connection, template: TaskTemplate, *, tag_id: int) -> int:
    """Holders of the tag outside the rule's baseline and without the task yet: due `delay`
    after this run. Key 'tag:<tag id>' (once per contact and rule)."""
    return _insert(conn, """
        SELECT ct.contact_id, datetime(:now, :delay) AS due_at, :key AS trigger_key
        FROM contact_tags ct
        WHERE ct.tag_id = :tag_id
          AND NOT EXISTS (SELECT 1 FROM sop_tag_baseline b
                          WHERE b.rule_id = :rule_id AND b.contact_id = ct.contact_id)
          AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.sop_rule_id = :rule_id
                          AND t.contact_id = ct.contact_id AND t.trigger_key = :key)""",
                   {"tag_id": tag_id, "key": f"tag:{tag_id}"}, template)


def tasks_for_contact_ids(conn: sqlite3.Connection, template: TaskTemplate, *,
                          contact_ids: Iterable[int], trigger_key: str) -> int:
    """The given contacts, due `delay` after now, under `trigger_key` (e.g. the welcome of the
    friends a full export shows as new: 'added', so nobody is welcomed twice)."""
    return _insert(conn, """
        SELECT value AS contact_id, datetime(:now, :delay) AS due_at, :key AS trigger_key
        FROM json_each(:ids)""",
                   {"ids": json.dumps([int(i) for i in contact_ids]), "key": trigger_key},
                   template)

"""A small hand-built shop for the dashboard tests: every number the charts show is counted here
by hand. Local times are Shanghai (UTC+8); 2026-11-09, -16 and -23 are Mondays."""

from __future__ import annotations

from datetime import datetime

from desktop import timefmt


def local(text: str) -> str:
    """'YYYY-MM-DD HH:MM' Shanghai time → stored UTC text."""
    return timefmt.to_db(datetime.fromisoformat(text).astimezone())


def seed(conn) -> None:
    conn.executemany(
        "INSERT INTO contacts (id, nickname, tier, stage, channel, added_at, rfm_segment, "
        "total_spent_fen, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(1, '小花', 1, 'potential', '抖音', local('2026-11-16 00:00'), '', 0, None),
         # a minute before local Monday midnight: the week before
         (2, '王磊', 2, 'new', '抖音', local('2026-11-15 23:59'), '', 0, None),
         (3, '张姐', 4, 'mature', '门店扫码', local('2026-11-17 12:00'), 'important_value',
          10000, None),
         (4, '李哥', 4, 'mature', '门店扫码', local('2026-11-18 12:00'), 'important_value',
          30000, None),
         (5, '回收站里的人', 5, 'mature', '抖音', local('2026-11-17 12:00'), 'important_value',
          90000, local('2026-11-20 12:00')),
         (6, '老周', 3, 'growing', '', local('2026-01-01 12:00'), 'general_recall', 500, None)])
    conn.executemany(
        "INSERT INTO layer_history (contact_id, dimension, from_value, to_value, changed_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(3, 'tier', '1', '2', local('2026-10-01 12:00')),   # before the date: not counted
         (3, 'tier', '2', '3', local('2026-11-05 12:00')),   # → 3 went 2 → 4
         (3, 'tier', '3', '4', local('2026-11-20 12:00')),
         (4, 'tier', '1', '4', local('2026-11-02 12:00')),   # → 4 went 1 → 4
         (6, 'tier', '3', '5', local('2026-11-03 12:00')),   # → 6 went 3 → 3 (and back)
         (6, 'tier', '5', '3', local('2026-11-04 12:00')),
         (5, 'tier', '1', '5', local('2026-11-05 12:00')),   # in the trash
         (2, 'tier', '1', '2', local('2026-10-31 23:59')),   # a minute before the date
         (1, 'stage', 'potential', 'new', local('2026-11-05 12:00'))])
    conn.executemany(
        "INSERT INTO tasks (title, contact_id, due_at, status, done_at) VALUES (?, ?, ?, ?, ?)",
        [('准时', 1, local('2026-11-10 10:00'), 'done', local('2026-11-10 09:00')),
         ('晚了', 2, local('2026-11-11 10:00'), 'done', local('2026-11-12 09:00')),
         ('未做', 3, local('2026-11-17 10:00'), 'open', None),
         ('推迟', 4, local('2026-11-18 10:00'), 'snoozed', None),
         ('取消', 1, local('2026-11-18 10:00'), 'cancelled', None),
         ('周日深夜', 6, local('2026-11-22 23:30'), 'done', local('2026-11-22 20:00')),
         ('下周一零点', 6, local('2026-11-23 00:00'), 'open', None)])
    conn.executemany(
        "INSERT INTO moments_posts (planned_at, status) VALUES (?, ?)",
        [(local('2026-11-10 09:00'), 'posted'), (local('2026-11-11 09:00'), 'skipped'),
         (local('2026-11-12 09:00'), 'draft'), (local('2026-11-17 09:00'), 'posted'),
         (local('2026-11-19 09:00'), 'posted')])
    conn.commit()

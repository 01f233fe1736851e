"""The schema comes only from migrations, and it is the one checked in as tests/db/schema.sql."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import connection, migrations
from tests.conftest import fresh_connection

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def fresh(tmp_path: Path) -> sqlite3.Connection:
    return fresh_connection(tmp_path / "fresh.db")


def test_empty_database_migrates_to_the_checked_in_schema(tmp_path):
    conn = fresh(tmp_path)
    assert migrations.dump_schema(conn) == SCHEMA_SQL.read_text(encoding="utf-8"), (
        "schema changed: add a migration, then regenerate tests/db/schema.sql")
    assert migrations.schema_version(conn) == migrations.LATEST_VERSION
    assert migrations.pending(conn) == []


def test_migrations_are_recorded_and_not_applied_twice(tmp_path):
    conn = fresh(tmp_path)
    assert migrations.apply_pending(conn) == []
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == [name for _, name, _ in migrations.STEPS]


def test_connection_has_wal_and_foreign_keys(tmp_path):
    conn = fresh(tmp_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO orders (contact_id, ordered_at, amount_fen) "
                     "VALUES (999, '2026-01-01 00:00:00', 100)")


def test_a_failing_migration_leaves_nothing_behind(tmp_path):
    conn = fresh(tmp_path)
    latest = migrations.LATEST_VERSION
    broken = migrations.build((*migrations.STEPS, (latest + 1, f"{latest + 1:04d}_broken",
                                                   "CREATE TABLE half (x);\nSELECT nope();")))
    import sqlite_utils
    with pytest.raises(sqlite3.OperationalError):
        broken.apply(sqlite_utils.Database(conn))
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'"
                        ).fetchone()[0] == 0
    assert migrations.schema_version(conn) == latest


def test_single_choice_tag_group_is_enforced_by_the_database(tmp_path):
    conn = fresh(tmp_path)
    conn.execute("INSERT INTO tag_groups (id, name, single_choice) VALUES (1, '消费能力', 1)")
    conn.execute("INSERT INTO tags (id, group_id, name) VALUES (1, 1, '低'), (2, 1, '高')")
    conn.execute("INSERT INTO contacts (id, nickname) VALUES (1, '张小花')")
    conn.execute("INSERT INTO contact_tags VALUES (1, 1)")
    with pytest.raises(sqlite3.IntegrityError, match="single-choice"):
        conn.execute("INSERT INTO contact_tags VALUES (1, 2)")


def test_purging_a_contact_erases_everything_about_them(tmp_path):
    conn = fresh(tmp_path)
    conn.execute("INSERT INTO contacts (id, nickname) VALUES (1, '张小花'), (2, '王磊')")
    conn.execute("INSERT INTO accounts (id, name) VALUES (1, '主号')")
    for contact in (1, 2):
        conn.execute("INSERT INTO contact_accounts (contact_id, account_id) VALUES (?, 1)",
                     (contact,))
        conn.execute("INSERT INTO interactions (contact_id, kind, occurred_at) "
                     "VALUES (?, 'chat', '2026-01-01 00:00:00')", (contact,))
        conn.execute("INSERT INTO orders (contact_id, ordered_at, amount_fen) "
                     "VALUES (?, '2026-01-01 00:00:00', 9900)", (contact,))
        conn.execute("INSERT INTO tasks (title, contact_id) VALUES ('回访', ?)", (contact,))
        conn.execute("INSERT INTO layer_history (contact_id, dimension, to_value) "
                     "VALUES (?, 'tier', '2')", (contact,))
    conn.execute("DELETE FROM contacts WHERE id = 1")
    for table in ("contact_accounts", "interactions", "orders", "tasks", "layer_history"):
        remaining = conn.execute(f"SELECT DISTINCT contact_id FROM {table}").fetchall()
        assert remaining == [(2,)], table


def test_a_last_statement_without_semicolon_is_not_dropped():
    script = "CREATE TABLE a (x);\n-- then a column\nALTER TABLE a ADD COLUMN y"
    assert [s.strip() for s in migrations._split_sql(script)] == [
        "CREATE TABLE a (x);", "ALTER TABLE a ADD COLUMN y"]


def test_a_failed_commit_leaves_no_transaction_open(tmp_path):
    conn = fresh(tmp_path)
    conn.execute("PRAGMA defer_foreign_keys = ON")  # the violation surfaces only at COMMIT
    with pytest.raises(sqlite3.IntegrityError):
        with connection.transaction(conn):
            conn.execute("INSERT INTO orders (contact_id, ordered_at, amount_fen) "
                         "VALUES (999, '2026-01-01 00:00:00', 100)")
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
    with connection.transaction(conn):  # and the next action commits normally
        conn.execute("INSERT INTO contacts (nickname) VALUES ('张小花')")
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1

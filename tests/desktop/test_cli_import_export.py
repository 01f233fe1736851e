"""`siyu import …` / `siyu export …`, and export → import reproducing the same contacts."""

from __future__ import annotations

import csv
import json

import pytest

from desktop import exporting
from desktop.cli import main
from desktop.workspace import open_workspace
from tests.conftest import dump, fresh_connection

GBK_FILE = "客户名称,手机号,企业标签\n张小花,138 0013 8000,VIP\n李雷,13900139000,\n王芳,12x,\n"


@pytest.fixture
def gbk_csv(tmp_path):
    path = tmp_path / "客户.csv"
    path.write_bytes(GBK_FILE.encode("gbk"))
    return path


def test_preview_prints_the_readers_result_as_json(db_path, gbk_csv, capsys):
    assert main(["--db", str(db_path), "import", "preview", str(gbk_csv), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["encoding"] == "gb18030" and data["delimiter"] == ","
    assert data["headers"] == ["客户名称", "手机号", "企业标签"]
    assert data["rows"][0] == {"row": 2, "cells": ["张小花", "138 0013 8000", "VIP"]}
    assert data["recognised"] == {"nickname": "客户名称", "phone": "手机号", "tags": "企业标签"}


def test_dry_run_lists_rejected_rows_with_exit_code_1_and_writes_nothing(db_path, gbk_csv,
                                                                         capsys):
    ws = open_workspace(db_path)
    before = dump(ws.conn)
    ws.close()
    code = main(["--db", str(db_path), "import", "contacts", str(gbk_csv), "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "将新建客户 2 位" in out
    assert err.strip().splitlines() == [err.strip().splitlines()[0]]  # one line per problem
    assert err.startswith("第 4 行［手机号］：")
    ws = open_workspace(db_path)
    assert dump(ws.conn) == before
    ws.close()


def test_import_then_undo_by_batch_number(db_path, gbk_csv, capsys):
    assert main(["--db", str(db_path), "import", "contacts", str(gbk_csv), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["batch_id"]) == (2, 1)
    assert main(["--db", str(db_path), "import", "history"]) == 0
    assert "#1" in capsys.readouterr().out
    assert main(["--db", str(db_path), "import", "undo", "1"]) == 0
    assert main(["--db", str(db_path), "check"]) == 0
    assert "0 位客户" in capsys.readouterr().out


def test_map_options_choose_columns_and_bad_input_exits_2(db_path, tmp_path, capsys):
    path = tmp_path / "till.csv"
    path.write_text("会员,电话号码,积分\n赵六,13700137000,20\n", encoding="utf-8")
    args = ["--db", str(db_path), "import", "contacts", str(path)]
    assert main([*args, "--map", "昵称=会员", "--map", "手机号=电话号码"]) == 0
    assert main([*args, "--map", "昵称=不存在的列"]) == 2
    assert "没有“不存在的列”这一列" in capsys.readouterr().err
    assert main([*args, "--map", "乱写"]) == 2
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 broken")
    assert main(["--db", str(db_path), "import", "contacts", str(tmp_path / "bad.xlsx")]) == 2


def test_export_writes_csv_with_bom_and_masked_phones(demo_db, tmp_path, capsys):
    out = tmp_path / "客户.csv"
    assert main(["--db", str(demo_db), "export", "contacts", "-o", str(out), "--mask-phone",
                 "--columns", "昵称", "手机号"]) == 0
    assert "已导出 200 位客户" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["昵称", "手机号"] and len(rows) == 201
    assert all("****" in phone for _name, phone in rows[1:] if phone)


CONTACT_COLUMNS = ("nickname", "remark", "wechat_id", "wecom_external_id", "phone", "gender",
                   "city", "birthday", "channel", "added_at", "notes", "nickname_pinyin",
                   "sort_name", "phone_reversed")


def tagged_people(conn) -> list[tuple]:
    fields = conn.execute(f"""
        SELECT c.id, {', '.join('c.' + c for c in CONTACT_COLUMNS)},
               (SELECT name FROM accounts WHERE id = c.owner_account_id)
        FROM contacts c WHERE deleted_at IS NULL""").fetchall()
    tags: dict[int, list[str]] = {}
    for contact_id, label in conn.execute(
            "SELECT ct.contact_id, g.name || ':' || t.name FROM contact_tags ct "
            "JOIN tags t ON t.id = ct.tag_id JOIN tag_groups g ON g.id = t.group_id"):
        tags.setdefault(contact_id, []).append(label)
    return sorted((*row[1:], tuple(sorted(tags.get(row[0], [])))) for row in fields)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_reproduces_the_contacts(
        demo_db, tmp_path, fmt):
    source = open_workspace(demo_db)
    out = tmp_path / f"全部客户.{fmt}"
    with source.conn:
        source.conn.execute("UPDATE contacts SET notes = '=1+1 -2 @x' WHERE id = 1")
    exporting.export_contacts(source.conn, out, fmt=fmt,
                              columns=[key for key, _ in exporting.EXPORT_COLUMNS])
    expected = tagged_people(source.conn)
    source.close()
    empty = tmp_path / "empty.db"
    fresh_connection(empty).close()
    assert main(["--db", str(empty), "import", "contacts", str(out)]) == 0
    target = open_workspace(empty)
    try:
        assert tagged_people(target.conn) == expected
    finally:
        target.close()


def test_export_a_saved_segment_or_a_search_only(demo_db, tmp_path, capsys):
    from desktop import contact_query, segments
    workspace = open_workspace(demo_db)
    query = contact_query.ContactQuery(tiers=(4, 5))
    workspace.execute(lambda conn: segments.save_segment(conn, name="高活跃", query=query))
    expected = workspace.conn.execute(
        "SELECT count(*) FROM contacts WHERE tier >= 4 AND deleted_at IS NULL").fetchone()[0]
    first_name = workspace.conn.execute(
        "SELECT nickname FROM contacts WHERE tier >= 4 AND deleted_at IS NULL "
        "ORDER BY id LIMIT 1").fetchone()[0]
    workspace.close()
    out = tmp_path / "高活跃.csv"
    base = ["--db", str(demo_db), "export", "contacts", "-o", str(out), "--columns", "昵称"]
    assert 0 < expected < 200
    assert main([*base, "--segment", "高活跃"]) == 0
    assert f"已导出 {expected} 位客户" in capsys.readouterr().out
    assert main([*base, "--segment", "高活跃", "--search", first_name]) == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        names = [row[0] for row in csv.reader(f)][1:]
    assert first_name in names and len(names) < expected
    assert main([*base, "--segment", "不存在"]) == 2
    assert "找不到分组“不存在”。已保存的分组：高活跃" in capsys.readouterr().err


def test_an_import_and_its_undo_are_followed_by_a_full_recompute(db_path, gbk_csv, capsys):
    assert main(["--db", str(db_path), "import", "contacts", str(gbk_csv)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    # the two new people were added just now: 潜在 → still 潜在, nobody moved
    assert out[-1] == "已重新计算分层：0 位客户的层级或阶段有变化"
    ws = open_workspace(db_path)
    reasons = ws.conn.execute("SELECT tier_reason, stage_reason FROM contacts").fetchall()
    ws.close()
    assert len(reasons) == 2 and all(tier.startswith("L1：") and stage.startswith("潜在")
                                     for tier, stage in reasons)
    assert main(["--db", str(db_path), "import", "undo", "1"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("已重新计算分层：")
    assert main(["--db", str(db_path), "import", "contacts", str(gbk_csv), "--dry-run"]) == 1
    assert "重新计算" not in capsys.readouterr().out

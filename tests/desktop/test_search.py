"""The search box: each kind of query finds whom it should, ranked exact > prefix > substring.

Contacts are created through desktop.contacts, so the pinyin keys searched are the real ones.
"""

from __future__ import annotations

import pytest

from db import contacts as contacts_db
from desktop import contacts
from desktop.contact_query import ContactQuery, count_matching, matching_ids, text_search


def add(ws, nickname: str, **values) -> int:
    return ws.execute(lambda c: contacts.create_contact(
        c, values={"nickname": nickname, **values})).value


def names(ws, text: str, **query) -> list[str]:
    """Display names (remark, else nickname) of what a search returns, in order."""
    order = {k: query.pop(k) for k in ("sort_by", "descending") if k in query}
    ids = matching_ids(ws.conn, ContactQuery(text=text, **query), **order)
    rows = contacts_db.list_rows(ws.conn, ids)
    return [rows[i].remark or rows[i].nickname for i in ids]


@pytest.fixture
def people(workspace):
    for nickname, values in (
            ("张小花", {"phone": "13800138000", "wechat_id": "Zxh_2024"}),
            ("王磊", {"remark": "王哥-茶叶", "phone": "13912345678"}),
            ("李四", {"wecom_external_id": "wmAbCdEf12345"}),
            ("Amy", {}), ("Tony欧阳", {}), ("🌸花花", {}), ("赵六", {"phone": "0755-8000"})):
        add(workspace, nickname, **values)
    return workspace


def test_one_and_two_chinese_characters_match_anywhere_in_a_name(people):
    assert names(people, "花") == ["🌸花花", "张小花"]  # both by substring, in list order
    assert names(people, "小花") == ["张小花"]
    assert names(people, "磊") == ["王哥-茶叶"]          # the nickname behind a remark
    assert names(people, "茶叶") == ["王哥-茶叶"]        # the remark itself


def test_exact_before_prefix_before_substring_then_list_order(workspace):
    # List order (pinyin) is 阿小花, 白小花, 小花, 小花朵 — the ranking must override it.
    for nickname in ("小花朵", "白小花", "小花", "阿小花", "张三"):
        add(workspace, nickname)
    assert names(workspace, "小花") == ["小花", "小花朵", "阿小花", "白小花"]
    assert names(workspace, "xiaohua") == ["小花", "小花朵", "阿小花", "白小花"]
    assert names(workspace, "小花", sort_by="display_name") == names(workspace, "小花")


def test_descending_order_applies_within_each_rank(workspace):
    for nickname in ("小花朵", "白小花", "小花", "阿小花", "小花儿"):
        add(workspace, nickname)
    ids = matching_ids(workspace.conn, ContactQuery(text="小花"), descending=True)
    rows = contacts_db.list_rows(workspace.conn, ids)
    assert [rows[i].nickname for i in ids] == ["小花", "小花儿", "小花朵", "白小花", "阿小花"]


def test_pinyin_in_full_by_prefix_and_by_initials(people):
    assert names(people, "zhangxiaohua") == ["张小花"]
    assert names(people, "zhang") == ["张小花"]
    assert names(people, "zhang xiao") == ["张小花"]       # spaces typed between syllables
    assert names(people, "zhang'xiao") == ["张小花"]       # and apostrophes
    assert names(people, "zxh") == ["张小花"]
    assert names(people, "wangge") == ["王哥-茶叶"]          # the remark's pinyin
    assert names(people, "wl") == ["王哥-茶叶"]              # the nickname's initials


def test_pinyin_by_substring_needs_three_letters(people):
    assert names(people, "xiaohua") == ["张小花"]
    assert names(people, "ua") == []  # two letters: prefixes only, or half the list would match
    assert names(people, "hua") == ["🌸花花", "张小花"]


@pytest.mark.parametrize(("name", "full", "initials", "wrong"), [
    ("单田芳", "shantianfang", "stf", "dantianfang"),
    ("曾小贤", "zengxiaoxian", "zxx", "cengxiaoxian"),
    ("仇小丽", "qiuxiaoli", "qxl", "chouxiaoli"),
    ("解晓东", "xiexiaodong", "xxd", "jiexiaodong"),
    ("区小燕", "ouxiaoyan", "oxy", "quxiaoyan"),
])
def test_polyphonic_surnames_by_their_surname_reading(workspace, name, full, initials, wrong):
    add(workspace, name)
    add(workspace, "路人甲")
    assert names(workspace, full) == [name]
    assert names(workspace, full[:3]) == [name]
    assert names(workspace, initials) == [name]
    assert names(workspace, initials.upper()) == [name]
    assert names(workspace, wrong) == []


def test_wechat_id_by_prefix_ignoring_case_and_keeping_underscores(people):
    assert names(people, "Zxh_2024") == ["张小花"]
    assert names(people, "zxh_2") == ["张小花"]
    assert names(people, "ZXH_2024") == ["张小花"]
    assert names(people, "zxh_9") == []  # the underscore is part of the id, not dropped


def test_wecom_external_id_as_pasted_or_in_lower_case(people):
    assert names(people, "wmAbCdEf12345") == ["李四"]
    assert names(people, "wmabcdef") == ["李四"]


def test_phone_by_prefix_whole_number_and_last_four_digits(people):
    assert names(people, "138") == ["张小花"]
    assert names(people, "13800138000") == ["张小花"]
    assert names(people, "+86 138-0013-8000") == ["张小花"]
    assert names(people, "8000") == ["张小花", "赵六"]  # 0755-8000 ends the same way
    assert names(people, "5678") == ["王哥-茶叶"]
    assert names(people, "1") == []  # one digit is the start of nearly every mobile number


def test_exact_phone_ranks_before_a_phone_that_only_ends_the_same(workspace):
    add(workspace, "甲", phone="13800058000")
    add(workspace, "乙", phone="58000")
    assert names(workspace, "58000") == ["乙", "甲"]  # list order alone would put 甲 (jia) first


def test_latin_and_emoji_nicknames_ignore_case_and_width(people):
    for typed in ("amy", "AMY", "Ａｍｙ", "am"):
        assert names(people, typed) == ["Amy"], typed
    assert names(people, "tony") == ["Tony欧阳"]
    assert names(people, "ony") == ["Tony欧阳"]
    assert names(people, "TONY欧") == ["Tony欧阳"]  # mixed scripts: the name itself, any case
    assert names(people, "🌸") == ["🌸花花"]
    assert names(people, "ＺＸＨ") == ["张小花"]     # full-width initials


def test_like_wildcards_in_the_query_are_literal(people):
    add(people, "100%好评")
    add(people, "a_b")
    assert names(people, "%") == ["100%好评"]
    assert names(people, "_") == ["a_b"]
    assert names(people, "\\") == []


def test_the_trash_is_searched_only_when_shown(people, clock):
    target = matching_ids(people.conn, ContactQuery(text="zxh"))[0]
    people.execute(lambda c: contacts.move_to_trash(c, contact_ids=[target], clock=clock))
    for text in ("zxh", "张小花", "8000", "zxh_2024"):
        assert "张小花" not in names(people, text), text
        assert names(people, text, trashed=True) == ["张小花"], text


def test_search_combines_with_filters(people):
    people.conn.execute("UPDATE contacts SET tier = 4 WHERE nickname = '🌸花花'")
    assert names(people, "花", tiers=(4, 5)) == ["🌸花花"]
    assert names(people, "花", tiers=(3,)) == []
    assert names(people, "8000", has_phone=True) == ["张小花", "赵六"]
    assert names(people, "8000", channels=("抖音",)) == []


def test_every_sort_order_keeps_the_ranking(people):
    add(people, "花")
    for sort_by in contacts_db.SORT_EXPRESSIONS:
        for descending in (False, True):
            assert names(people, "hua", sort_by=sort_by, descending=descending) == [
                "花", "🌸花花", "张小花"], (sort_by, descending)


def test_count_agrees_with_the_list(people):
    for text in ("花", "zhang", "8000", "zxh_2024", "none"):
        query = ContactQuery(text=text)
        assert count_matching(people.conn, query) == len(matching_ids(people.conn, query))


@pytest.mark.parametrize(("typed", "kind", "key"), [
    ("张小花", "text", ""), ("🌸", "text", ""), ("tony欧", "text", "tony"), ("@", "text", ""),
    ("ＺＸＨ", "latin", "zxh"), ("Zhang Xiao", "latin", "zhangxiao"),
    ("+86 138-0013", "digits", "1380013"), ("８０００", "digits", "8000"),
])
def test_what_the_query_looks_like_decides_how_it_is_searched(typed, kind, key):
    search = text_search(typed)
    assert (search.kind, search.key) == (kind, key)


def test_blank_text_is_no_search(people):
    assert text_search("  \u3000 ") is None
    assert len(matching_ids(people.conn, ContactQuery(text="   "))) == 7

"""Placeholders: every field renders, unknown and empty ones are reported with their spans, and
{称呼} follows its documented rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from db.contacts import ContactRecord
from desktop.placeholders import NAMES, ShopSettings, address_of, render

SHOP = ShopSettings(advisor="小雅", store="花间茶舍", coupon="满99减20券")


def contact(**values) -> ContactRecord:
    base = dict(id=1, nickname="小花", remark="", wechat_id="xh_88", wecom_external_id="",
                phone="13800138000", gender="female", city="杭州", birthday="--05-20",
                owner_account_id=None, channel="包裹卡", added_at="2026-10-01 02:00:00",
                notes="喜欢花茶", last_interaction_at=None, last_order_at="2026-11-13 03:00:00",
                order_count=2, total_spent_fen=25800, tier=3, tier_pinned=0, tier_reason="",
                stage="growing", stage_reason="", rfm_segment="", deleted_at=None)
    return ContactRecord(**{**base, **values})


def test_every_field_renders(clock):
    template = "".join(f"[{{{name}}}]" for name in NAMES)
    rendered = render(template, contact(remark="王丽 VIP"), SHOP, clock=clock)
    assert rendered.ready, rendered.problems
    assert rendered.text == (
        "[王丽][小雅][花间茶舍][满99减20券][10][小花][王丽 VIP][王丽 VIP][xh_88][13800138000][女]"
        "[杭州][05-20][包裹卡][喜欢花茶][2026-10-01][2026-11-13][2][¥258][L3][成长期]")


def test_days_count_from_the_added_date_without_an_order(clock):
    rendered = render("已经{天数}天", contact(last_order_at=None, order_count=0), SHOP, clock=clock)
    assert rendered.text == "已经53天"


def test_unknown_and_empty_placeholders_stay_and_are_reported_with_spans(clock):
    rendered = render("{称呼}你好，{会员号}，城市{城市}，{优惠券}",
                      contact(city=""), replace(SHOP, coupon=""), clock=clock)
    assert not rendered.ready
    kinds = [(p.name, p.kind) for p in rendered.problems]
    assert kinds == [("会员号", "unknown"), ("城市", "empty"), ("优惠券", "empty")]
    for problem in rendered.problems:
        assert rendered.text[problem.start:problem.end] == f"{{{problem.name}}}"
    assert "话术设置" in rendered.problems[2].message


def test_without_a_contact_the_contact_placeholders_are_empty(clock):
    rendered = render("{昵称}，我是{顾问}", None, SHOP, clock=clock)
    assert rendered.text == "{昵称}，我是小雅"
    assert [p.kind for p in rendered.problems] == ["empty"]


@pytest.mark.parametrize(("remark", "nickname", "gender", "expected"), [
    ("王", "小花", "female", "王女士"),          # a surname alone + gender
    ("王", "小花", "male", "王先生"),
    ("欧阳", "阿锋", "male", "欧阳先生"),        # compound surname
    ("王", "小花", "", "小花"),                  # surname alone, gender unknown → nickname
    ("张姐-VIP 138", "小花", "female", "张姐"),  # the part before the first separator
    ("王丽娟", "小花", "female", "王丽娟"),      # a full name as written
    ("Amy", "小花", "", "Amy"),
    ("", "小花", "male", "小花"),                # no remark → nickname
    ("", "", "female", ""),                      # nothing known → empty (a problem)
])
def test_address_rule(remark, nickname, gender, expected):
    assert address_of(contact(remark=remark, nickname=nickname, gender=gender)) == expected


def test_empty_address_is_a_problem(clock):
    rendered = render("{称呼}您好", contact(remark="", nickname=""), SHOP, clock=clock)
    assert [(p.name, p.kind) for p in rendered.problems] == [("称呼", "empty")]

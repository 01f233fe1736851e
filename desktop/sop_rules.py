"""SOP rules (自动规则) as the operator edits them: the built-in ones, checks, and the
operations create / update / delete, each one undo step (database thread).

A rule is a trigger with its parameters, a delay in minutes, a task title and a script
category whose script the tasks suggest. Triggers and their `params`:

  contact_added          {}                                    被添加
  first_order            {}                                    首单
  days_after_last_order  {"default_days": N, "category_days": {品类: N}, "lead_days": N}
                         预计复购日前 lead_days 天（复购周期：客户自己的、品类的，否则这里的天数）
  no_interaction         {"days": N}                           N 天无互动
  entered_stage          {"stage": "declining"}                进入某生命周期阶段
  reached_tier           {"tier": 2–5}                         升到某层级
  birthday               {"days_before": N, "local_time": "09:00"}          生日
  tag_added              {"tag_id": id}                        打上某标签

A task title may contain `{客户}`, replaced by the contact's display name (remark, else
nickname); no other placeholder is accepted, so none is ever shown unreplaced.
Built-in rules can be switched off and edited (delay, title, parameters) but not deleted and
keep their trigger. They are seeded by code (`ensure_builtin_rules`), with the codes the demo
uses (resources/demo/sop_rules.json), so the demo's rules are these.

'tag_added': contact_tags records no time of adding and many code paths write it, so the rule
keeps a baseline instead — the contacts holding the tag when the rule was created, re-enabled
or pointed at another tag. Holders outside the baseline get the task once (key 'tag:<id>'); the
time of adding is taken as the engine run that first sees the tag (runs follow edits).
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from db import bulk
from db import sop as sop_db
from db.connection import transaction
from desktop.changes import Changes, OpResult
from desktop.contacts import ValidationError
from desktop.exporting import STAGE_NAMES

TRIGGERS = ("contact_added", "first_order", "days_after_last_order", "no_interaction",
            "entered_stage", "reached_tier", "birthday", "tag_added")
EDITABLE = ("name", "trigger", "params", "delay_minutes", "task_title", "script_category",
            "enabled")
_CHANGED = Changes(settings=True)
_MAX_DAYS = 3650
DEFAULT_LEAD_DAYS = 3  # the repurchase reminder comes this many days before the expected date
_MAX_DELAY_MINUTES = 366 * 24 * 60
_PLACEHOLDERS = re.compile(r"\{[^{}]*\}")
_LOCAL_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class BuiltinRule:
    code: str
    name: str
    trigger: str
    params: dict = field(default_factory=dict)
    delay_minutes: int = 0
    task_title: str = ""
    script_category: str = ""


# PRODUCT.md "SOP rule". The repurchase cycle is the one learned per contact
# (desktop/repurchase.py); 45 days when none is learned, unless a category sets its own.
BUILTIN_RULES = (
    BuiltinRule("welcome", "新客欢迎", "contact_added", {}, 10, "发送欢迎语", "欢迎语"),
    BuiltinRule("first_order_checkin", "首单回访", "first_order", {}, 3 * 24 * 60, "首单回访",
                "售后回访"),
    BuiltinRule("repurchase", "复购提醒", "days_after_last_order", {"default_days": 45}, 0,
                "复购提醒", "复购"),
    BuiltinRule("recall_30d", "30天未互动召回", "no_interaction", {"days": 30}, 0,
                "召回：30天未互动", "召回"),
    BuiltinRule("winback", "衰退期挽回", "entered_stage", {"stage": "declining"}, 0,
                "挽回：送老客券", "召回"),
    BuiltinRule("birthday", "生日祝福", "birthday", {"days_before": 0, "local_time": "09:00"}, 0,
                "生日祝福", "节日"),
    BuiltinRule("referral_l4", "L4 邀请转介绍", "reached_tier", {"tier": 4}, 0, "邀请转介绍",
                "裂变"),
    BuiltinRule("vip_l5", "L5 VIP 关怀", "reached_tier", {"tier": 5}, 0, "VIP 专属关怀",
                "VIP关怀"),
)


def ensure_builtin_rules(conn: sqlite3.Connection) -> dict[str, int]:
    """Add the built-in rules a database lacks (never touching ones that exist, so the
    operator's edits and switches stay); returns code → id of every rule. Idempotent."""
    with transaction(conn):
        return bulk.ensure_sop_rules(conn, [
            (b.code, b.name, b.trigger, json.dumps(b.params, ensure_ascii=False),
             b.delay_minutes, b.task_title, b.script_category, 1, 1) for b in BUILTIN_RULES])


def list_rules(conn: sqlite3.Connection) -> list[sop_db.SopRule]:
    """For the rules page: built-ins first. Reads only."""
    return sop_db.rules(conn)


# --- checks -----------------------------------------------------------------------------------

def _whole(value: object, field_name: str, caption: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise ValidationError(field_name, f"{caption}应为 {low} 到 {high} 之间的整数")
    return number


def check_params(conn: sqlite3.Connection, trigger: str, params: Mapping[str, object]
                 ) -> dict[str, object]:
    """The trigger's parameters, checked and normalised (unknown keys dropped)."""
    if trigger == "days_after_last_order":
        return {"default_days": _whole(params.get("default_days", 45), "params", "复购周期天数",
                                       1, _MAX_DAYS),
                "lead_days": _whole(params.get("lead_days", DEFAULT_LEAD_DAYS), "params",
                                    "提前提醒天数", 0, 30),
                "category_days": {str(k).strip(): _whole(v, "params", f"品类“{k}”的复购周期天数",
                                                         1, _MAX_DAYS)
                                  for k, v in dict(params.get("category_days") or {}).items()
                                  if str(k).strip()}}
    if trigger == "no_interaction":
        return {"days": _whole(params.get("days", 30), "params", "未互动天数", 1, _MAX_DAYS)}
    if trigger == "entered_stage":
        if params.get("stage") not in STAGE_NAMES:
            raise ValidationError("params", "请选择生命周期阶段")
        return {"stage": params["stage"]}
    if trigger == "reached_tier":
        return {"tier": _whole(params.get("tier", ""), "params", "层级", 2, 5)}
    if trigger == "birthday":
        local_time = str(params.get("local_time", "09:00")).strip()
        if not _LOCAL_TIME.fullmatch(local_time):
            raise ValidationError("params", "提醒时刻应写成 09:00 这样的 24 小时制时间")
        return {"days_before": _whole(params.get("days_before", 0), "params", "提前天数", 0, 30),
                "local_time": local_time}
    if trigger == "tag_added":
        tag_id = _whole(params.get("tag_id", 0), "params", "标签", 1, 2**62)
        if not sop_db.tag_exists(conn, tag_id):
            raise ValidationError("params", "这个标签已不存在，请重新选择")
        return {"tag_id": tag_id}
    return {}


def normalise_rule_fields(conn: sqlite3.Connection, values: Mapping[str, object],
                          *, trigger: str) -> dict[str, object]:
    """Edited fields (EDITABLE) as stored columns; `trigger` is the rule's trigger after the
    edit (its params are checked against it). Raises ValidationError naming the field."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"不能修改字段：{', '.join(sorted(unknown))}")
    out: dict[str, object] = {}
    if trigger not in TRIGGERS:
        raise ValidationError("trigger", "请选择触发条件")
    for name, value in values.items():
        if name in ("name", "task_title", "script_category"):
            out[name] = str(value or "").strip()
        elif name == "params":
            out["params_json"] = json.dumps(check_params(conn, trigger, dict(value or {})),
                                            ensure_ascii=False, sort_keys=True)
        elif name == "delay_minutes":
            out[name] = _whole(value, "delay_minutes", "延迟分钟数", 0, _MAX_DELAY_MINUTES)
        elif name == "enabled":
            out[name] = 1 if value else 0
        else:
            out[name] = value
    if out.get("name") == "":
        raise ValidationError("name", "规则名称不能为空")
    if out.get("task_title") == "":
        raise ValidationError("task_title", "任务标题不能为空")
    strangers = [p for p in _PLACEHOLDERS.findall(str(out.get("task_title", "")))
                 if p != sop_db.PLACEHOLDER]
    if strangers:
        raise ValidationError("task_title", f"任务标题里只能用占位符 {sop_db.PLACEHOLDER}"
                                            f"（客户的备注名或昵称），不认识：{'、'.join(strangers)}")
    return out


# --- operations -------------------------------------------------------------------------------

def create_rule(conn: sqlite3.Connection, *, values: Mapping[str, object]) -> OpResult:
    """A custom rule from `values` (EDITABLE; name, trigger and task_title required).
    `value` of the result is its id."""
    trigger = str(values.get("trigger", ""))
    fields = normalise_rule_fields(
        conn, {"params": {}, "name": "", "task_title": "", **values}, trigger=trigger)
    with transaction(conn):
        rule_id = sop_db.insert_rule(conn, {**fields, "code": f"custom-{uuid.uuid4().hex[:12]}",
                                            "builtin": 0})
        _reset_baseline(conn, rule_id)
    return OpResult(_CHANGED, label=f"新建自动规则“{fields['name']}”", count=1,
                    undo=lambda c: _set_rule(c, rule_id, None), value=rule_id)


def update_rule(conn: sqlite3.Connection, *, rule_id: int, values: Mapping[str, object]
                ) -> OpResult:
    """Change a rule's fields. A built-in rule keeps its trigger. A 'tag_added' rule that is
    switched on again or pointed at another tag starts from a new baseline."""
    current = _existing(conn, rule_id)
    if current.builtin and values.get("trigger", current.trigger) != current.trigger:
        raise ValidationError("trigger", "内置规则不能更换触发条件")
    trigger = str(values.get("trigger", current.trigger))
    if trigger != current.trigger and "params" not in values:
        values = {**values, "params": {}}
    fields = normalise_rule_fields(conn, values, trigger=trigger)
    changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if not changed:
        return OpResult(Changes())
    before = sop_db.rule_image(conn, rule_id)
    with transaction(conn):
        sop_db.update_rule(conn, rule_id, changed)
        if changed.keys() & {"trigger", "params_json"} or changed.get("enabled") == 1:
            _reset_baseline(conn, rule_id)
    return OpResult(_CHANGED, label=f"修改自动规则“{current.name}”", count=1,
                    undo=lambda c: _set_rule(c, rule_id, before))


def delete_rule(conn: sqlite3.Connection, *, rule_id: int) -> OpResult:
    """Delete a custom rule; the tasks it made stay. Built-in rules can only be switched off."""
    current = _existing(conn, rule_id)
    if current.builtin:
        raise ValidationError("id", "内置规则不能删除，可以停用")
    before = sop_db.rule_image(conn, rule_id)
    with transaction(conn):
        sop_db.delete_rule(conn, rule_id)
    return OpResult(_CHANGED, label=f"删除自动规则“{current.name}”", count=1,
                    undo=lambda c: _set_rule(c, rule_id, before))


def _existing(conn: sqlite3.Connection, rule_id: int) -> sop_db.SopRule:
    found = sop_db.rule(conn, rule_id)
    if found is None:
        raise ValidationError("id", "这条自动规则已不存在")
    return found


def _reset_baseline(conn: sqlite3.Connection, rule_id: int) -> None:
    """A 'tag_added' rule leaves alone whoever holds its tag now; other rules keep none."""
    found = sop_db.rule(conn, rule_id)
    sop_db.replace_baseline(conn, rule_id, [])
    if found.trigger == "tag_added" and found.enabled:
        sop_db.add_tag_holders_to_baseline(conn, rule_id, found.params["tag_id"])


def _set_rule(conn: sqlite3.Connection, rule_id: int, image: sop_db.RuleImage | None
              ) -> OpResult:
    """Make the rule `image` (None = absent); the result's undo puts back what it replaced."""
    current = sop_db.rule_image(conn, rule_id)
    if image is None:
        sop_db.delete_rule(conn, rule_id)
    elif current is not None:
        sop_db.update_rule(conn, rule_id, dict(zip(sop_db.COLUMNS[1:], image.row[1:],
                                                   strict=True)))
        sop_db.replace_baseline(conn, rule_id, image.baseline)
    else:
        sop_db.restore_rule(conn, image)
    return OpResult(_CHANGED, count=1, undo=lambda c: _set_rule(c, rule_id, current))

"""自动规则 driven as an operator would: the eight built-in rules in Chinese, a switch, a
built-in rule's delay, an own rule added, run and deleted, and the core's checks as messages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db import sop as sop_db
from tests.conftest import wait_ops
from ui.sop_rules_dialog import (
    COL_CATEGORY,
    COL_DELAY,
    COL_ENABLED,
    COL_KIND,
    COL_TRIGGER,
    RuleEditDialog,
    SopRulesDialog,
)


def open_rules(running, qtbot) -> SopRulesDialog:
    wait_ops(qtbot, running)
    running.window.sop_rules_action.trigger()
    [dialog] = [d for d in running.window.findChildren(SopRulesDialog) if d.isVisible()]
    return dialog


def row_of(dialog: SopRulesDialog, name: str) -> int:
    return next(i for i, rule in enumerate(dialog.rules) if rule.name == name)


def cell(dialog: SopRulesDialog, name: str, column: int) -> str:
    return dialog.table.item(row_of(dialog, name), column).text()


def rule_named(running, name: str) -> sop_db.SopRule:
    return next(r for r in sop_db.rules(running.reader) if r.name == name)


def test_built_in_rules_are_listed_in_chinese(running, qtbot):
    dialog = open_rules(running, qtbot)
    assert dialog.windowTitle() == "自动规则"
    assert dialog.table.rowCount() == 8
    assert cell(dialog, "30天未互动召回", COL_TRIGGER) == "30 天没有互动"
    assert cell(dialog, "衰退期挽回", COL_TRIGGER) == "进入衰退期"
    assert cell(dialog, "生日祝福", COL_TRIGGER) == "生日当天 09:00"
    assert cell(dialog, "复购提醒", COL_TRIGGER).startswith("最后一单后 45 天")  # + learned, lead
    assert cell(dialog, "新客欢迎", COL_DELAY) == "10 分钟后"
    assert cell(dialog, "首单回访", COL_DELAY) == "3 天后"
    assert cell(dialog, "首单回访", COL_CATEGORY) == "售后回访"
    assert cell(dialog, "首单回访", COL_KIND) == "内置"
    dialog.table.selectRow(0)
    assert dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()


def test_switch_a_rule_off_and_undo(running, qtbot):
    dialog = open_rules(running, qtbot)
    switch = dialog.table.item(row_of(dialog, "新客欢迎"), COL_ENABLED)
    assert switch.checkState() == Qt.CheckState.Checked
    switch.setCheckState(Qt.CheckState.Unchecked)
    wait_ops(qtbot, running)
    assert not rule_named(running, "新客欢迎").enabled
    assert running.window.undo_action.text() == "撤销：修改自动规则“新客欢迎”"
    running.window.undo_action.trigger()
    wait_ops(qtbot, running)
    assert rule_named(running, "新客欢迎").enabled
    switch = dialog.table.item(row_of(dialog, "新客欢迎"), COL_ENABLED)
    assert switch.checkState() == Qt.CheckState.Checked


def test_a_built_in_rule_keeps_its_trigger_and_gets_a_new_delay(running, qtbot, monkeypatch):
    dialog = open_rules(running, qtbot)

    def fill(edit: RuleEditDialog):
        assert not edit.trigger.isEnabled() and not edit.name.isEnabled()
        assert edit.quiet_days.value() == 30
        edit.quiet_days.setValue(21)
        edit.delay.setValue(2)
        edit.delay_unit.setCurrentIndex(edit.delay_unit.findData(60))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(RuleEditDialog, "exec", fill)
    dialog.table.selectRow(row_of(dialog, "30天未互动召回"))
    dialog.edit_button.click()
    wait_ops(qtbot, running)
    rule = rule_named(running, "30天未互动召回")
    assert (rule.trigger, rule.params, rule.delay_minutes) == ("no_interaction", {"days": 21},
                                                               120)
    assert cell(dialog, "30天未互动召回", COL_TRIGGER) == "21 天没有互动"
    assert cell(dialog, "30天未互动召回", COL_DELAY) == "2 小时后"


def test_own_rule_is_added_run_and_deleted(running, qtbot, monkeypatch, message_boxes):
    dialog = open_rules(running, qtbot)

    def fill(edit: RuleEditDialog):
        assert edit.windowTitle() == "新建规则"
        edit.name.setText("一周未互动关怀")
        edit.trigger.setCurrentIndex(edit.trigger.findData("no_interaction"))
        edit.quiet_days.setValue(7)
        edit.title.setText("关怀{客户}")
        edit.category.setCurrentText("召回")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(RuleEditDialog, "exec", fill)
    dialog.new_button.click()
    wait_ops(qtbot, running)
    assert cell(dialog, "一周未互动关怀", COL_KIND) == "自定义"
    assert cell(dialog, "一周未互动关怀", COL_TRIGGER) == "7 天没有互动"
    rule = rule_named(running, "一周未互动关怀")

    dialog.run_button.click()
    wait_ops(qtbot, running)
    made = running.reader.execute("SELECT count(*) FROM tasks WHERE sop_rule_id = ?",
                                  (rule.id,)).fetchone()[0]
    assert made > 0
    assert message_boxes[-1][:2] == ("information", "立即运行规则")
    assert message_boxes[-1][2].startswith("新建了 ") and f"{made} 个任务" in message_boxes[-1][2]
    assert running.reader.execute("SELECT title FROM tasks WHERE sop_rule_id = ? LIMIT 1",
                                  (rule.id,)).fetchone()[0].startswith("关怀")

    dialog.table.selectRow(row_of(dialog, "一周未互动关怀"))
    assert dialog.delete_button.isEnabled()
    dialog.delete_button.click()  # message_boxes answers the question with Yes
    wait_ops(qtbot, running)
    assert all(r.name != "一周未互动关怀" for r in sop_db.rules(running.reader))
    assert dialog.table.rowCount() == 8


def test_the_cores_check_is_shown_and_nothing_is_saved(running, qtbot, monkeypatch,
                                                       message_boxes):
    dialog = open_rules(running, qtbot)

    def fill(edit: RuleEditDialog):
        edit.name.setText("复购按品类")
        edit.trigger.setCurrentIndex(edit.trigger.findData("days_after_last_order"))
        edit.category_days.setPlainText("面膜 三十")
        edit.title.setText("复购提醒{客户}")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(RuleEditDialog, "exec", fill)
    dialog.new_button.click()
    wait_ops(qtbot, running)
    kind, _title, text = message_boxes[-1]
    assert kind == "warning" and "面膜" in text and "复购周期天数" in text
    assert dialog.table.rowCount() == 8

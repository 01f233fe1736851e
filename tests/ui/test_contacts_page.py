"""The 客户 page driven as an operator would: select, edit, tag, log, trash, restore, purge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLineEdit, QPlainTextEdit

from db import contacts as contacts_db
from desktop import reads
from tests.conftest import wait_ops
from ui.contact_detail import InteractionDialog, OrderDialog
from ui.contact_model import COL_REMARK


def contacts_page(running):
    running.window.navigation.setCurrentRow(1)
    return running.window.contacts_page


def test_edit_a_contact_in_the_detail_panel_then_undo(running, qtbot):
    page = contacts_page(running)
    page.view.selectRow(0)
    contact_id = page.detail.contact_id
    assert contact_id == page.model.contact_id(0)
    original = contacts_db.get(running.reader, contact_id)
    remark = page.detail.findChild(QLineEdit, "field_remark")
    remark.setText("张姐-美容卡VIP")
    phone = page.detail.findChild(QLineEdit, "field_phone")
    phone.clear()
    qtbot.keyClicks(phone, "138 0013 8000")
    qtbot.mouseClick(page.detail._save_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, running)
    record = contacts_db.get(running.reader, contact_id)
    assert (record.remark, record.phone) == ("张姐-美容卡VIP", "13800138000")
    row = page.model.row_of(contact_id)
    assert page.model.index(row, COL_REMARK).data() == "张姐-美容卡VIP"
    assert page.detail.contact_id == contact_id  # still selected after the list reloaded
    assert running.window.undo_action.isEnabled()
    assert running.window.undo_action.text().startswith("撤销：修改客户")
    running.window.undo_action.trigger()
    wait_ops(qtbot, running)
    reverted = contacts_db.get(running.reader, contact_id)
    assert (reverted.remark, reverted.phone) == (original.remark, original.phone)
    assert page.detail.findChild(QLineEdit, "field_remark").text() == original.remark


def test_invalid_phone_shows_a_message_and_saves_nothing(running, qtbot, message_boxes):
    page = contacts_page(running)
    page.view.selectRow(3)
    contact_id = page.detail.contact_id
    before = contacts_db.get(running.reader, contact_id)
    page.detail.findChild(QLineEdit, "field_phone").setText("138-abc")
    page.detail.save()
    wait_ops(qtbot, running)
    kind, _title, text = message_boxes[-1]
    assert kind == "warning" and "手机号" in text
    assert contacts_db.get(running.reader, contact_id) == before


def test_single_choice_tag_group_is_a_drop_down(running, qtbot):
    page = contacts_page(running)
    page.view.selectRow(1)
    contact_id = page.detail.contact_id
    groups = {g.name: g for g in reads.groups_with_tags(
        running.reader)}
    spending = groups["消费能力"]
    assert spending.single_choice

    def choose(name: str) -> list[str]:
        combo = page.detail.findChild(QComboBox, f"tag_group_{spending.id}")
        combo.setCurrentIndex(combo.findText(name))
        wait_ops(qtbot, running)
        tags = reads.tags_of_contacts(running.reader, [contact_id])[contact_id]
        return [t.name for t in tags if t.group_id == spending.id]
    assert choose("高") == ["高"]
    assert choose("低") == ["低"]  # replaces 高: one tag at most in a single-choice group


def test_add_interaction_and_order_by_hand(running, qtbot, monkeypatch):
    page = contacts_page(running)
    page.view.selectRow(2)
    contact_id = page.detail.contact_id
    before = contacts_db.get(running.reader, contact_id)

    def fill_interaction(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("store_visit"))
        dialog.occurred_at.setText("2026-11-23 09:30")
        dialog.note.setPlainText("到店试用面膜")
        return QDialog.DialogCode.Accepted

    def fill_order(dialog):
        dialog.ordered_at.setText("2026-11-23 09:45")
        dialog.amount.setText("199")
        dialog.item.setText("补水面膜")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(InteractionDialog, "exec", fill_interaction)
    monkeypatch.setattr(OrderDialog, "exec", fill_order)
    page.detail._add_interaction()
    wait_ops(qtbot, running)
    page.detail._add_order()
    wait_ops(qtbot, running)
    after = contacts_db.get(running.reader, contact_id)
    assert after.order_count == before.order_count + 1
    assert after.total_spent_fen == before.total_spent_fen + 19900
    notes = [page.detail._interactions.topLevelItem(i).text(2)
             for i in range(page.detail._interactions.topLevelItemCount())]
    assert "到店试用面膜" in notes
    assert page.detail._orders.topLevelItem(0).text(2) == "补水面膜"


def test_new_contact_is_created_and_selected(running, qtbot, monkeypatch):
    from ui.contact_dialogs import NewContactDialog
    page = contacts_page(running)

    def fill(dialog):
        dialog.nickname.setText("新朋友小美")
        dialog.phone.setText("13900139000")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(NewContactDialog, "exec", fill)
    page.new_action.trigger()
    wait_ops(qtbot, running)
    assert page.model.rowCount() == 201
    assert page.detail.findChild(QLineEdit, "field_nickname").text() == "新朋友小美"
    assert running.window.count_label.text() == "共 201 位客户"


def trash_then_show_trash(running, qtbot, contact_id: int) -> None:
    """Move one contact to the trash with Delete, then open the trash with it selected."""
    page = running.window.contacts_page
    page.select_contact(contact_id)
    page.trash_action.trigger()
    wait_ops(qtbot, running)
    page.show_trash_action.setChecked(True)
    page.view.selectRow(page.model.row_of(contact_id))


def test_trash_restore_and_purge_round_trip(running, qtbot, message_boxes):
    page = contacts_page(running)
    page.view.selectRow(5)
    contact_id = page.detail.contact_id
    page.trash_action.trigger()
    wait_ops(qtbot, running)
    assert page.model.rowCount() == 199 and page.model.row_of(contact_id) == -1
    assert running.window.count_label.text() == "共 199 位客户"

    page.show_trash_action.setChecked(True)
    assert page.model.rowCount() == 1 and page.model.contact_id(0) == contact_id
    assert not page.new_action.isEnabled() and page.restore_action.isEnabled()
    page.view.selectRow(0)
    page.restore_action.trigger()
    wait_ops(qtbot, running)
    assert page.model.rowCount() == 0

    page.show_trash_action.setChecked(False)
    assert page.model.rowCount() == 200
    trash_then_show_trash(running, qtbot, contact_id)
    page.purge_action.trigger()
    wait_ops(qtbot, running)
    assert [kind for kind, *_ in message_boxes[-2:]] == ["warning", "critical"]  # asked twice
    assert contacts_db.get(running.reader, contact_id) is None
    assert running.reader.execute("SELECT count(*) FROM orders WHERE contact_id = ?",
                                  (contact_id,)).fetchone()[0] == 0


def test_purge_is_not_done_when_the_second_question_is_declined(running, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    page = contacts_page(running)
    contact_id = page.model.contact_id(0)
    trash_then_show_trash(running, qtbot, contact_id)
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    page.purge_action.trigger()
    wait_ops(qtbot, running)
    assert contacts_db.get(running.reader, contact_id) is not None


def test_typing_not_yet_saved_survives_a_tag_change(running, qtbot):
    page = contacts_page(running)
    page.view.selectRow(4)
    notes = page.detail.findChild(QPlainTextEdit, "field_notes")
    notes.setPlainText("下周三到店做护理")
    page.detail._tabs.setCurrentIndex(1)
    first_tag = page.detail._tags_box.findChildren(QCheckBox)[0]
    first_tag.setChecked(not first_tag.isChecked())
    wait_ops(qtbot, running)
    assert page.detail.findChild(QPlainTextEdit, "field_notes").toPlainText() == \
        "下周三到店做护理"
    page.detail.save()
    wait_ops(qtbot, running)
    assert contacts_db.get(running.reader, page.detail.contact_id).notes == "下周三到店做护理"
    assert page.detail.form_values() == {}  # clean again once saved


def test_status_bar_counts_live_contacts_while_the_trash_is_shown(running, qtbot):
    page = contacts_page(running)
    trash_then_show_trash(running, qtbot, page.model.contact_id(0))
    page.restore_action.trigger()
    wait_ops(qtbot, running)
    assert running.window.count_label.text() == "共 200 位客户"


def test_sorting_keeps_the_shown_contact_selected(running, qtbot):
    page = contacts_page(running)
    page.view.selectRow(10)
    contact_id = page.detail.contact_id
    page.view.sortByColumn(COL_REMARK, Qt.SortOrder.DescendingOrder)
    assert page.selected_ids() == [contact_id] and page.detail.contact_id == contact_id

"""The import wizard and the import history driven as an operator would: a GBK file saved by
Excel on Chinese Windows is previewed, mapped, checked, imported, then undone as a batch."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QPushButton, QWizard

from db import contacts as contacts_db
from desktop.progress import Cancelled
from tests.conftest import wait_ops
from ui import import_wizard
from ui.import_history import ImportHistoryDialog
from ui.import_wizard import ImportWizard

CONTACT_ROWS = [
    "客户名称,手机号,标签,备注",
    "张小花,19900000001,VIP,老客",
    "李四,19900000002,新客",         # one cell short: a warning, still imported
    "王五,138-abc,,",                # not a phone number: rejected
    "赵六,19900000003,VIP；高意向,",
]


def write_gbk(tmp_path, lines: list[str], name: str = "客户.csv"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def open_wizard(running, monkeypatch, path, kind: str = "contacts") -> ImportWizard:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    action = (running.window.import_contacts_action if kind == "contacts"
              else running.window.import_orders_action)
    action.trigger()
    [wizard] = [w for w in running.window.findChildren(ImportWizard) if w.isVisible()]
    return wizard


def press(qtbot, wizard: ImportWizard, button: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def check(qtbot, running, wizard: ImportWizard) -> str:
    """Enter on the mapping page runs the dry run; returns the summary it shows."""
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.check_page
    wait_ops(qtbot, running)
    qtbot.waitUntil(lambda: wizard.check_page.report is not None and not wizard.busy)
    return wizard.check_page.summary.text()


def test_import_a_gbk_file_then_undo_the_batch(running, qtbot, monkeypatch, tmp_path,
                                               message_boxes):
    page = running.window.contacts_page
    path = write_gbk(tmp_path, CONTACT_ROWS)
    wizard = open_wizard(running, monkeypatch, path)
    assert wizard.windowTitle() == "导入客户"

    files = wizard.file_page
    assert files.file_label.text() == "客户.csv"
    assert files.encoding.currentText() == "GBK / GB18030"
    assert files.delimiter.currentText() == "逗号"
    assert files.preview.horizontalHeaderItem(0).text() == "客户名称"
    assert files.preview.item(0, 0).text() == "张小花"
    assert files.preview.verticalHeaderItem(0).text() == "2"  # the spreadsheet's row number
    assert "第 3 行只有 3 列" in files.warnings.text()

    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Enter advances
    mapping = wizard.mapping_page
    assert wizard.currentPage() is mapping
    assert mapping.combos["nickname"].currentText() == "客户名称"
    assert mapping.combos["phone"].currentText() == "手机号"
    assert mapping.combos["remark"].currentText() == "备注"
    assert mapping.combos["wechat_id"].currentText() == "不导入"
    assert mapping.findChild(QLabel, "sample_nickname").text() == "张小花"
    assert "识别" in mapping.note.text()
    assert not mapping.overwrite.isChecked()

    summary = check(qtbot, running, wizard)
    assert "共读取 4 行。" in summary and "将新建客户 3 位。" in summary
    assert "有 1 行无法导入" in summary
    issues = wizard.check_page.issues
    assert [issues.item(0, c).text() for c in range(3)] == ["4", "手机号", "不导入"]
    assert "138-abc" in issues.item(0, 3).text()
    assert issues.item(1, 2).text() == "照常导入"
    assert page.model.rowCount() == 200  # the dry run wrote nothing

    rejected = tmp_path / "rejected.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(rejected), "")))
    qtbot.mouseClick(wizard.check_page.export_rejected, Qt.MouseButton.LeftButton)
    with open(rejected, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:3] == ["行号", "列", "原因"] and rows[1][:2] == ["4", "手机号"]
    assert rows[1][3:] == ["王五", "138-abc", "", ""]

    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "导入"
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    wait_ops(qtbot, running)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page)
    assert "已新建客户 3 位。" in wizard.done_page.summary.text()
    assert "导入记录" in wizard.done_page.hint.text() and "Ctrl+Z" in wizard.done_page.hint.text()
    assert page.model.rowCount() == 203
    assert running.window.count_label.text() == "共 203 位客户"
    assert running.window.undo_action.text().startswith("撤销：导入客户")
    batch_id = wizard.final_report.batch_id
    assert f"#{batch_id}" in wizard.done_page.subTitle()
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    running.window.import_history_action.trigger()
    history = running.window.findChild(ImportHistoryDialog)
    item = history.list.topLevelItem(0)
    assert [item.text(c) for c in range(1, 8)] == ["客户", "客户.csv", "4", "3", "0", "1",
                                                   "已导入"]
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    kind, title, text = message_boxes[-1]
    assert kind == "question" and "删除本次新建的 3 位客户" in text
    wait_ops(qtbot, running)
    assert page.model.rowCount() == 200
    item = history.list.topLevelItem(0)
    assert item.text(7).startswith("已撤销")
    assert not history.undo_button.isEnabled()


def test_a_saved_mapping_is_offered_for_a_file_with_the_same_columns(running, qtbot,
                                                                     monkeypatch, tmp_path):
    path = write_gbk(tmp_path, ["昵称,说明", "小美,喜欢面膜"], "每周.csv")
    wizard = open_wizard(running, monkeypatch, path)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    mapping = wizard.mapping_page
    assert mapping.combos["notes"].currentText() == "不导入"  # 说明 is not a usual name
    mapping.combos["notes"].setCurrentIndex(mapping.combos["notes"].findText("说明"))
    assert mapping.findChild(QLabel, "sample_notes").text() == "喜欢面膜"
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("  每周名单  ", True)))
    qtbot.mouseClick(mapping.findChild(QPushButton, "import_save_mapping"),
                     Qt.MouseButton.LeftButton)
    wait_ops(qtbot, running)
    assert mapping.note.text() == "已保存映射“每周名单”。"
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # Esc cancels
    assert not wizard.isVisible()

    again = open_wizard(running, monkeypatch, write_gbk(tmp_path, ["说明,昵称"], "下周.csv"))
    qtbot.keyClick(again, Qt.Key.Key_Return)
    assert again.mapping_page.note.text() == "已套用保存的映射“每周名单”。"
    assert again.mapping_page.combos["notes"].currentText() == "说明"
    assert again.mapping_page.combos["nickname"].currentText() == "昵称"


def test_a_mapping_without_any_identity_cannot_go_on(running, qtbot, monkeypatch, tmp_path):
    wizard = open_wizard(running, monkeypatch, write_gbk(tmp_path, CONTACT_ROWS))
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    mapping = wizard.mapping_page
    for key in ("nickname", "phone", "remark"):
        mapping.combos[key].setCurrentIndex(0)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "昵称、备注" in mapping.missing.text()
    mapping.combos["phone"].setCurrentIndex(mapping.combos["phone"].findText("手机号"))
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert mapping.missing.text() == ""


def test_an_unreadable_file_keeps_the_wizard_on_the_file_page(running, qtbot, monkeypatch,
                                                              tmp_path):
    wizard = open_wizard(running, monkeypatch, write_gbk(tmp_path, CONTACT_ROWS))
    files = wizard.file_page
    files.encoding.setCurrentIndex(files.encoding.findData("utf-8-sig"))  # GBK read as UTF-8
    assert "无法用 UTF-8 编码读取" in files.error.text()
    assert files.error.isVisible() and not files.preview.isVisible()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentPage() is files
    files.encoding.setCurrentIndex(files.encoding.findData("gb18030"))
    assert files.preview.item(0, 0).text() == "张小花"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(empty), "")))
    qtbot.mouseClick(files.findChild(QPushButton, "import_change_file"),
                     Qt.MouseButton.LeftButton)
    assert files.file_label.text() == "空.csv" and "是空的" in files.error.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_an_excel_file_offers_its_sheets(running, qtbot, monkeypatch, tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["本表由收银系统导出"])
    sheet = book.create_sheet("客户")
    sheet.append(["微信昵称", "手机"])
    sheet.append(["陈晨", "19900000009"])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    wizard = open_wizard(running, monkeypatch, path)
    files = wizard.file_page
    assert files.sheet.isVisible() and not files.encoding.isVisible()
    assert [files.sheet.itemText(i) for i in range(files.sheet.count())] == ["说明", "客户"]
    files.sheet.setCurrentIndex(1)
    assert files.preview.horizontalHeaderItem(1).text() == "手机"
    assert files.preview.item(0, 1).text() == "19900000009"  # text, not 1.99e10
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.mapping_page.combos["nickname"].currentText() == "微信昵称"
    summary = check(qtbot, running, wizard)
    assert "将新建客户 1 位。" in summary


def test_cancelled_import_says_nothing_was_imported(running, qtbot, monkeypatch, tmp_path,
                                                     message_boxes):
    real = import_wizard.contacts_import.import_contacts

    def cancelled_when_real(conn, **kwargs):
        if not kwargs["dry_run"]:
            raise Cancelled()
        return real(conn, **kwargs)
    monkeypatch.setattr(import_wizard.contacts_import, "import_contacts", cancelled_when_real)
    wizard = open_wizard(running, monkeypatch, write_gbk(tmp_path, CONTACT_ROWS))
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    check(qtbot, running, wizard)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    wait_ops(qtbot, running)
    qtbot.waitUntil(lambda: not wizard.busy)
    assert message_boxes[-1][0] == "information" and "已取消" in message_boxes[-1][2]
    assert wizard.currentPage() is wizard.check_page
    assert wizard.check_page.status.text() == "没有导入任何数据。"
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()  # may try again
    assert running.window.contacts_page.model.rowCount() == 200


def test_orders_are_matched_to_contacts_by_phone(running, qtbot, monkeypatch, tmp_path):
    contact_id = running.reader.execute(
        "SELECT id FROM contacts WHERE phone <> '' AND deleted_at IS NULL LIMIT 1").fetchone()[0]
    before = contacts_db.get(running.reader, contact_id)
    rows = ["手机号,支付时间,实付金额,商品名称",
            f"{before.phone},2026-11-20 15:30,199.00,补水面膜",
            "19911112222,2026-11-21 10:00,88,护手霜"]
    wizard = open_wizard(running, monkeypatch, write_gbk(tmp_path, rows, "订单.csv"), "orders")
    assert wizard.windowTitle() == "导入订单"
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    mapping = wizard.mapping_page
    assert not mapping.overwrite.isVisible()
    assert mapping.combos["amount"].currentText() == "实付金额"
    assert mapping.combos["ordered_at"].currentText() == "支付时间"
    summary = check(qtbot, running, wizard)
    assert "将新建订单 1 笔" in summary
    assert "没有找到这位客户" in wizard.check_page.issues.item(0, 3).text()
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    wait_ops(qtbot, running)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page)
    after = contacts_db.get(running.reader, contact_id)
    assert after.order_count == before.order_count + 1
    assert after.total_spent_fen == before.total_spent_fen + 19900

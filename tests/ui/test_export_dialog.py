"""导出客户 driven as an operator would: pick who and which columns, save, open the file."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QPushButton, QRadioButton

from desktop import exporting
from tests.conftest import wait_ops
from ui.export_dialog import ExportDialog


def open_export(running) -> ExportDialog:
    running.window.export_action.trigger()
    [dialog] = [d for d in running.window.findChildren(ExportDialog) if d.isVisible()]
    return dialog


def save_to(monkeypatch, path: Path) -> list[tuple]:
    """Answers the save dialog with `path`; returns the calls, to check the default offered."""
    calls = []

    def fake(*args, **kwargs):
        calls.append(args)
        return str(path), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return calls


def press_export(qtbot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_export_the_selected_contacts_to_csv_with_masked_phones(running, qtbot, monkeypatch,
                                                                tmp_path, message_boxes):
    page = running.window.contacts_page
    page.view.selectRow(3)
    page.view.selectionModel().select(
        page.model.index(7, 0), page.view.selectionModel().SelectionFlag.Select
        | page.view.selectionModel().SelectionFlag.Rows)
    expected_ids = page.selected_ids()
    assert len(expected_ids) == 2
    dialog = open_export(running)
    assert dialog.windowTitle() == "导出客户"
    scopes = {b.objectName(): b.text() for b in dialog.findChildren(QRadioButton)
              if b.objectName().startswith("scope_")}
    assert scopes == {"scope_list": "当前列表（200 位）", "scope_selected": "选中的客户（2 位）",
                      "scope_all": "全部客户（200 位）"}
    dialog.findChild(QRadioButton, "scope_selected").setChecked(True)
    assert dialog.columns() == exporting.DEFAULT_COLUMNS
    dialog.mask_phone.setChecked(True)
    assert dialog.mask_phone.text() == "手机号打码（138****0000）"
    calls = save_to(monkeypatch, tmp_path / "两位客户")  # no suffix typed: .csv is added
    press_export(qtbot, dialog)
    wait_ops(qtbot, running)

    today = datetime.now().strftime("%Y%m%d")
    assert calls[0][2] == str(Path.home() / f"客户导出-{today}.csv")
    path = tmp_path / "两位客户.csv"
    kind, title, text = message_boxes[-1]
    assert (kind, title) == ("information", "导出完成")
    assert text == f"已导出 2 位客户到\n{path}"
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    headers = dict(exporting.EXPORT_COLUMNS)
    assert rows[0] == [headers[key] for key in exporting.DEFAULT_COLUMNS]
    assert len(rows) == 3
    phone = rows[0].index("手机号")
    nickname = rows[0].index("昵称")
    names = [page.model.index(page.model.row_of(i), 0).data() for i in expected_ids]
    assert [row[nickname] for row in rows[1:]] == names  # in the list's order
    assert all(re.fullmatch(r"(\d{3}\*{4}\d{4})?", row[phone]) for row in rows[1:])


def test_export_all_contacts_to_excel_with_chosen_columns(running, qtbot, monkeypatch,
                                                          tmp_path, message_boxes):
    from openpyxl import load_workbook
    dialog = open_export(running)
    dialog.findChild(QRadioButton, "scope_all").setChecked(True)
    dialog.xlsx.setChecked(True)
    for row in range(dialog.columns_list.count()):
        item = dialog.columns_list.item(row)
        wanted = item.data(Qt.ItemDataRole.UserRole) in ("nickname", "tier")
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    calls = save_to(monkeypatch, tmp_path / "全部.xlsx")
    press_export(qtbot, dialog)
    wait_ops(qtbot, running)
    assert calls[0][2].endswith(".xlsx")
    assert message_boxes[-1][2].startswith("已导出 200 位客户到")
    sheet = load_workbook(tmp_path / "全部.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("昵称", "层级") and len(rows) == 201


def test_nothing_is_exported_without_a_column_or_a_file(running, qtbot, monkeypatch, tmp_path,
                                                        message_boxes):
    dialog = open_export(running)
    dialog._tick(set())
    calls = save_to(monkeypatch, tmp_path / "x.csv")
    press_export(qtbot, dialog)
    assert message_boxes[-1][2] == "请至少勾选一列再导出。"
    assert dialog.isVisible() and not calls

    qtbot.mouseClick(dialog.findChild(QPushButton, "export_default_columns"),
                     Qt.MouseButton.LeftButton)
    assert dialog.columns() == exporting.DEFAULT_COLUMNS
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    press_export(qtbot, dialog)
    assert dialog.isVisible()  # the save dialog was cancelled: back to the choices
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    wait_ops(qtbot, running)
    assert not (tmp_path / "x.csv").exists()

"""The 话术 page: browse by category, search by pinyin, edit with a live preview for a chosen
contact, and start a sequence for a saved segment."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from db import contacts as contacts_db
from desktop import pressure, scripts
from desktop.contact_query import ContactQuery, matching_ids
from desktop.placeholders import address_of
from desktop.segments import save_segment
from tests.conftest import wait_ops


def scripts_page(running):
    window = running.window
    window.navigation.setCurrentRow(window.pages.indexOf(window.scripts_page))
    return window.scripts_page


def test_category_counts_and_pinyin_search(running):
    page = scripts_page(running)
    labels = [page.categories.item(i).text() for i in range(page.categories.count())]
    total = len(scripts.search_scripts(running.reader))
    assert labels[0] == f"全部（{total}）"
    assert any(label.startswith("常见问题 (") for label in labels)
    page.search.setText("xkhyy")  # 新客欢迎语 by its pinyin initials
    assert page.table.item(0, 1).text() == "新客欢迎语"


def test_edit_with_live_preview_then_save(running, qtbot):
    page = scripts_page(running)
    page.search.setText("xkhyy")
    script = page.current_script()
    contact = contacts_db.get(running.reader, 1)
    editor = page.editor
    editor.contact_search.setText(contact.nickname)
    assert editor.contact_choice.currentData() == 1 or editor.contact_choice.count() > 0
    chosen = contacts_db.get(running.reader, editor.contact_choice.currentData())
    editor.body.setPlainText("{称呼}，{会员号}你好")
    assert editor.preview.toPlainText() == f"{address_of(chosen)}，{{会员号}}你好"
    assert "会员号" in editor.problems.text()
    assert len(editor.preview.extraSelections()) == 1  # the unknown one is highlighted
    editor.body.setPlainText("{称呼}，周末愉快")
    assert editor.problems.text() == ""
    editor.save_button.click()
    wait_ops(qtbot, running)
    assert scripts.get_script(running.reader, script.id).body == "{称呼}，周末愉快"
    assert page.current_script().id == script.id
    running.window.undo_action.trigger()
    wait_ops(qtbot, running)
    assert scripts.get_script(running.reader, script.id).body == script.body


def test_new_script_from_the_page(running, qtbot):
    page = scripts_page(running)
    page.new_action.trigger()
    page.editor.title.setText("周末问候")
    page.editor.body.setPlainText("{昵称}周末好")
    page.editor.shortcut.setText("zm")
    page.editor.save_button.click()
    wait_ops(qtbot, running)
    assert page.current_script().title == "周末问候"
    assert scripts.search_scripts(running.reader, text="zm")[0].title == "周末问候"


def test_start_a_sequence_for_a_segment(running, qtbot, monkeypatch, message_boxes):
    running.runner.run(None, lambda c: save_segment(
        c, name="包裹卡客户", query=ContactQuery(channels=("包裹卡",))))
    wait_ops(qtbot, running)
    page = scripts_page(running)
    page.tabs.setCurrentIndex(1)
    tab = page.sequences
    assert tab.steps.rowCount() >= 5
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda *args, **kwargs: ("包裹卡客户", True)))
    before = running.reader.execute("SELECT count(*) FROM tasks").fetchone()[0]
    tab.start_button.click()
    wait_ops(qtbot, running)
    made = running.reader.execute("SELECT count(*) FROM tasks").fetchone()[0] - before
    assert made > 0
    assert message_boxes[-1][0] == "information"
    tab.start_button.click()  # a second start makes no second task
    wait_ops(qtbot, running)
    assert running.reader.execute("SELECT count(*) FROM tasks").fetchone()[0] - before == made


def test_a_new_database_starts_with_the_starter_library(qtbot, db_path, message_boxes):
    from ui.app import start

    app_state = start(db_path)
    qtbot.addWidget(app_state.window)
    qtbot.waitUntil(lambda: app_state.runner.pending == 0)
    page = app_state.window.scripts_page
    assert page.table.rowCount() >= 20
    assert scripts.search_scripts(app_state.reader, text="bgk")[0].title == "包裹卡欢迎语"
    app_state.close()


def test_starting_for_a_segment_warns_about_contacts_at_the_weekly_limit(
        running, qtbot, monkeypatch, message_boxes):
    segment_query = ContactQuery(channels=("包裹卡",))
    running.runner.run(None, lambda c: save_segment(c, name="包裹卡客户", query=segment_query))
    running.runner.run(None, lambda c: pressure.save_limit(c, limit=1))
    wait_ops(qtbot, running)
    contact_id = matching_ids(running.reader, segment_query)[0]
    script_id = scripts.search_scripts(running.reader)[0].id
    running.runner.run(None, lambda c: scripts.use_script(c, script_id=script_id,
                                                          contact_id=contact_id, text="您好"))
    wait_ops(qtbot, running)
    page = scripts_page(running)
    page.tabs.setCurrentIndex(1)
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda *args, **kwargs: ("包裹卡客户", True)))
    answers = [QMessageBox.StandardButton.No]
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answers.pop(0) if answers else QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    before = running.reader.execute("SELECT count(*) FROM tasks").fetchone()[0]
    page.sequences.start_button.click()  # answered No: nothing is started
    wait_ops(qtbot, running)
    assert "再发会超过每周上限 1 次" in asked[0]
    assert running.reader.execute("SELECT count(*) FROM tasks").fetchone()[0] == before
    page.sequences.start_button.click()  # answered Yes: the operator overrides
    wait_ops(qtbot, running)
    assert len(asked) == 2
    assert running.reader.execute("SELECT count(*) FROM tasks").fetchone()[0] > before

"""The search box, the filter form, saved segments and bulk edits, driven as an operator would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from desktop import contacts, reads
from desktop.contact_query import ContactQuery
from tests.conftest import wait_ops
from ui.bulk_actions import BulkDialog, TagPicker
from ui.filter_dialog import FilterDialog
from ui.history_dialog import HistoryDialog
from ui.query_worker import QueryWorker


def contacts_page(running):
    running.window.navigation.setCurrentRow(1)
    return running.window.contacts_page


def create(running, qtbot, **values) -> int:
    created = []
    running.runner.run(None, lambda conn: contacts.create_contact(conn, values=values),
                       on_done=lambda result: created.append(result.value))
    wait_ops(qtbot, running)
    return created[0]


def shown_ids(page) -> list[int]:
    return page.list_ids()


def test_typing_in_the_search_box_narrows_the_list_and_escape_clears_it(running, qtbot):
    page = contacts_page(running)
    shan = create(running, qtbot, nickname="单田芳", phone="13912345678")
    page.focus_search()
    qtbot.keyClicks(page.search_box, "stf")  # initials, with 单 read as the surname shan
    wait_ops(qtbot, running)
    assert shown_ids(page)[0] == shan
    assert page._count_label.text().startswith("找到")
    assert running.window.count_label.text() == "共 201 位客户"  # the status bar: everyone

    page.search_box.clear()
    qtbot.keyClicks(page.search_box, "5678")  # the last four digits of the phone
    wait_ops(qtbot, running)
    assert shan in shown_ids(page)

    qtbot.keyClick(page.search_box, Qt.Key.Key_Escape)
    wait_ops(qtbot, running)
    assert page.search_box.text() == "" and page.model.rowCount() == 201

    page.search_box.setText("单田芳")
    wait_ops(qtbot, running)
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)  # Enter opens the first result
    assert page.detail.contact_id == shan


def test_a_stale_search_result_never_replaces_a_newer_one(running, qtbot):
    worker = QueryWorker(running.workspace)
    shown = []
    try:
        worker.submit("list", lambda conn: "old", shown.append)
        worker.submit("list", lambda conn: "new", shown.append)
        qtbot.waitUntil(lambda: worker.pending == 0)
    finally:
        worker.shutdown()
    assert shown == ["new"]


def test_filter_form_then_saved_segment_with_a_live_count(running, qtbot, monkeypatch):
    page = contacts_page(running)
    dialog = FilterDialog(running.reader, page.model.query, page)
    dialog._tiers.boxes[5].setChecked(True)
    dialog._tiers.boxes[4].setChecked(True)
    query = dialog.query()
    assert query.tiers == (4, 5)
    page.apply_query(query)
    wait_ops(qtbot, running)
    tiers = {running.reader.execute("SELECT tier FROM contacts WHERE id = ?", (i,)).fetchone()[0]
             for i in shown_ids(page)}
    expected = running.reader.execute(
        "SELECT count(*) FROM contacts WHERE tier >= 4 AND deleted_at IS NULL").fetchone()[0]
    assert tiers <= {4, 5} and len(shown_ids(page)) == expected
    assert page._filter_label.isVisible() or not page.isVisible()
    assert "L4" in page._filter_label.text()

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("高活跃", True)))
    page.save_segment_button.click()
    wait_ops(qtbot, running)
    item = page.segments.item(1)
    assert item.text() == f"高活跃  ·  {expected:,}"

    # Data changes → the count follows: pin one more contact to L5.
    from desktop import bulk_edit
    low = running.reader.execute("SELECT id FROM contacts WHERE tier = 1 AND deleted_at IS NULL "
                                 "LIMIT 1").fetchone()[0]
    running.runner.run(None, lambda conn: bulk_edit.set_tier(conn, contact_ids=[low], tier=5))
    wait_ops(qtbot, running)
    assert page.segments.item(1).text() == f"高活跃  ·  {expected + 1:,}"
    assert low in shown_ids(page)  # the filtered list reloaded too

    page.clear_filter_button.click()
    wait_ops(qtbot, running)
    assert page.model.rowCount() == 200
    page.segments.itemClicked.emit(page.segments.item(1))  # choosing the segment filters again
    wait_ops(qtbot, running)
    assert len(shown_ids(page)) == expected + 1


def test_bulk_add_tag_on_the_selection_is_one_undo_step_named_in_history(running, qtbot,
                                                                          monkeypatch):
    page = contacts_page(running)
    page.view.selectRow(0)
    page.view.selectionModel().select(
        page.model.index(2, 0), page.view.selectionModel().SelectionFlag.Select
        | page.view.selectionModel().SelectionFlag.Rows)
    page.view.selectionModel().select(
        page.model.index(4, 0), page.view.selectionModel().SelectionFlag.Select
        | page.view.selectionModel().SelectionFlag.Rows)
    selected = page.selected_ids()
    assert len(selected) == 3
    group = next(g for g in reads.groups_with_tags(running.reader) if not g.single_choice)
    tag = group.tags[0]
    before = reads.tags_of_contacts(running.reader, selected)
    asked = []

    def accept(dialog):
        asked.append(dialog.only_selected.isChecked())
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(BulkDialog, "exec", accept)
    monkeypatch.setattr(TagPicker, "tag_ids", lambda self: [tag.id])
    page.bulk.add_tags()
    wait_ops(qtbot, running)
    assert asked == [True]  # several rows selected: the selection is the default
    after = reads.tags_of_contacts(running.reader, selected)
    assert all(tag.id in {t.id for t in after[i]} for i in selected)
    assert running.window.undo_action.text() == f"撤销：给 3 位客户加标签 {tag.name}"

    history = HistoryDialog(running.runner, running.window)
    wait_ops(qtbot, running)
    assert history.steps.item(0).text() == f"给 3 位客户加标签 {tag.name}"
    history.steps.setCurrentRow(0)
    history.undo_button.click()
    wait_ops(qtbot, running)
    assert reads.tags_of_contacts(running.reader, selected) == before


def test_bulk_set_tier_on_the_whole_filtered_list(running, qtbot, monkeypatch):
    page = contacts_page(running)
    page.apply_query(ContactQuery(tiers=(1,)))
    wait_ops(qtbot, running)
    listed = shown_ids(page)
    assert listed
    monkeypatch.setattr(BulkDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    page.bulk.set_tier(3)
    wait_ops(qtbot, running)
    rows = running.reader.execute(
        f"SELECT tier, tier_pinned FROM contacts WHERE id IN ({','.join(map(str, listed))})"
    ).fetchall()
    assert set(rows) == {(3, 1)}
    assert page.model.rowCount() == 0  # nobody is L1 any more
    running.window.undo_action.trigger()
    wait_ops(qtbot, running)
    assert sorted(shown_ids(page)) == sorted(listed)

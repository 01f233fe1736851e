"""数据 page: charts show the hand-counted shop, a click opens the contacts behind a bar or cell,
exports write what is shown, and the page reloads only when it is seen."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QLabel

from db import settings
from desktop import contacts, layering
from desktop.workspace import open_workspace
from tests.conftest import wait_ops
from tests.desktop.dashboard_seed import seed

WEEKS = (date(2026, 11, 9), date(2026, 11, 23))


@pytest.fixture
def shop(qtbot, db_path, message_boxes):
    from ui.app import start

    ws = open_workspace(db_path)
    seed(ws.conn)
    # The hand-counted tiers stay: today's full recompute counts as done.
    settings.put(ws.conn, layering.LAST_FULL_DAY_KEY, date.today().isoformat())
    ws.close()
    app_state = start(db_path)
    assert not isinstance(app_state, int), message_boxes
    qtbot.addWidget(app_state.window)
    window = app_state.window
    window.resize(1400, 900)
    window.navigation.setCurrentRow(window.pages.indexOf(window.dashboard_page))
    wait_ops(qtbot, app_state)
    yield app_state
    wait_ops(qtbot, app_state)
    app_state.close()


def card(app_state, key):
    return app_state.window.dashboard_page.cards[key]


def click_bar(qtbot, chart, row, column):
    pos = chart.mapFromScene(chart.scene_pos_of(row, column))
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def shown_ids(app_state):
    return sorted(app_state.window.contacts_page.model.ids())


def test_the_data_page_is_in_the_navigation_and_view_menu(shop):
    window = shop.window
    row = window.pages.indexOf(window.dashboard_page)
    assert window.navigation.item(row).text() == window.tr("Data")
    assert window.pages.currentWidget() is window.dashboard_page
    view = [m for m in window.menuBar().actions() if m.menu() and
            window.navigation.item(row).text() in [a.text() for a in m.menu().actions()]]
    (action,) = [a for a in view[0].menu().actions() if a.text() == window.navigation.item(row)
                 .text()]
    assert action.shortcut().toString() == f"Ctrl+{row + 1}"


def test_tier_bar_opens_the_contacts_of_that_tier(qtbot, shop):
    tiers = card(shop, "tier")
    assert tiers.table.values == ((1, 1, 1, 2, 0),)
    click_bar(qtbot, tiers.chart, "contacts", 4)
    wait_ops(qtbot, shop)
    page = shop.window.contacts_page
    assert shop.window.pages.currentWidget() is page
    assert page.model.query.tiers == (4,)
    assert shown_ids(shop) == [3, 4]


def test_a_channel_week_segment_opens_that_weeks_contacts(qtbot, shop):
    weekly = card(shop, "new_contacts")
    weekly.range_edit.set_range(*WEEKS)
    wait_ops(qtbot, shop)
    assert weekly.table.columns == ("2026-11-09", "2026-11-16", "2026-11-23")
    click_bar(qtbot, weekly.chart, "抖音", "2026-11-16")
    wait_ops(qtbot, shop)
    query = shop.window.contacts_page.model.query
    assert (query.channels, query.added_from, query.added_to) == (
        ("抖音",), "2026-11-16", "2026-11-22")
    assert shown_ids(shop) == [1]  # not 王磊, added a minute before Monday


def test_task_bar_opens_the_contacts_of_those_tasks_with_a_note(qtbot, shop):
    tasks = card(shop, "tasks")
    tasks.range_edit.set_range(*WEEKS)
    wait_ops(qtbot, shop)
    # (the automation rules add open tasks at start: the done ones are the seed's alone)
    assert tasks.table.value("on_time", "2026-11-16") == 1
    click_bar(qtbot, tasks.chart, "on_time", "2026-11-16")
    wait_ops(qtbot, shop)
    page = shop.window.contacts_page
    assert shown_ids(shop) == [6]  # due Sunday 23:30, done in time
    note = page.findChild(QLabel, "filter_summary")
    assert note.isVisible() and "2026-11-16" in note.text()
    page.clear_filter_button.click()
    assert shown_ids(shop) == [1, 2, 3, 4, 6] and not note.isVisible()


def test_a_migration_cell_opens_the_contacts_who_moved(qtbot, shop):
    migration = card(shop, "migration")
    migration.range_edit.set_range(date(2026, 11, 1))
    wait_ops(qtbot, shop)
    chart = migration.chart
    assert chart.item(0, 3).text() == "1" and chart.item(2, 2).text() == "1"
    rect = chart.visualItemRect(chart.item(0, 3))  # L1 then, L4 now
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_ops(qtbot, shop)
    assert shown_ids(shop) == [4]


def test_rfm_cell_opens_the_segment(qtbot, shop):
    grid = card(shop, "rfm").chart
    assert "2" in grid.item(0, 0).text() and "¥200.00" in grid.item(0, 0).text()
    grid.cellClicked.emit(0, 0)
    wait_ops(qtbot, shop)
    assert shop.window.contacts_page.model.query.rfm_segments == ("important_value",)
    assert shown_ids(shop) == [3, 4]


def test_csv_and_png_export_what_is_shown(qtbot, shop, tmp_path, monkeypatch):
    weekly = card(shop, "new_contacts")
    weekly.range_edit.set_range(*WEEKS)
    wait_ops(qtbot, shop)
    target = tmp_path / "new.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    weekly.csv_button.click()
    with open(target, encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    header = lines[0]
    assert set(header[1:]) == {"抖音", "门店扫码"}
    by_week = {line[0]: dict(zip(header[1:], line[1:], strict=True)) for line in lines[1:]}
    assert by_week == {"11/09": {"抖音": "1", "门店扫码": "0"},
                       "11/16": {"抖音": "1", "门店扫码": "2"},
                       "11/23": {"抖音": "0", "门店扫码": "0"}}
    target = tmp_path / "new.png"
    weekly.png_button.click()
    image = QImage(str(target))
    assert not image.isNull() and image.width() >= weekly.width() - 1


def test_changes_reload_the_page_only_when_it_is_seen(qtbot, shop):
    window = shop.window
    window.navigation.setCurrentRow(window.pages.indexOf(window.contacts_page))
    shop.runner.run(window, lambda conn: contacts.move_to_trash(conn, contact_ids=[3]))
    wait_ops(qtbot, shop)
    assert card(shop, "tier").table.values == ((1, 1, 1, 2, 0),)  # not read while hidden
    window.navigation.setCurrentRow(window.pages.indexOf(window.dashboard_page))
    wait_ops(qtbot, shop)
    assert card(shop, "tier").table.values == ((1, 1, 1, 1, 0),)

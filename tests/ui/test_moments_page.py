"""The 朋友圈 page driven as an operator would: month/week views with cards, a card dropped on
another day and hour (then Ctrl+Z), guard-rail warnings on the day, a new post from the
dialog with an image, and at post time 复制文案 (clipboard, images folder) and 标记已发."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog

from desktop import moments, timefmt
from tests.conftest import wait_ops
from ui.moments_cards import DropCell, post_mime
from ui.moments_dialogs import PostDialog
from ui.moments_page import MomentsPage


def moments_page(qtbot, running) -> MomentsPage:
    wait_ops(qtbot, running)
    running.window.navigation.setCurrentRow(
        running.window.pages.indexOf(running.window.moments_page))
    return running.window.moments_page


def add_post(qtbot, running, when: datetime, **values) -> int:
    values = {"planned_at": when.strftime("%Y-%m-%d %H:%M"), "content_type": "knowledge",
              "body": "护肤小知识\n第二行", **values}
    created = []
    running.runner.run(None, lambda c: moments.save_post(c, values=values),
                       on_done=lambda r: created.append(r.value))
    wait_ops(qtbot, running)
    return created[0]


def cell(page: MomentsPage, day: date, hour: int | None = None) -> DropCell:
    return next(c for c in page.cells if c.day == day and c.hour == hour)


def test_a_card_dropped_on_another_day_moves_and_ctrl_z_brings_it_back(running, qtbot):
    page = moments_page(qtbot, running)
    today = datetime.now().astimezone().date()
    post_id = add_post(qtbot, running, datetime.combine(today + timedelta(days=1), time(8, 30)))
    assert post_id in page.cards   # the month view shows the new post
    target = today + timedelta(days=2)
    page.handle_drop(post_mime(post_id), target, None)
    wait_ops(qtbot, running)
    moved = moments.get_post(running.reader, post_id)
    assert timefmt.local_text(moved.planned_at) == f"{target} 08:30"
    assert page.cards[post_id].parent() is cell(page, target)

    qtbot.keyClick(running.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot, running)
    assert timefmt.local_text(moments.get_post(running.reader, post_id).planned_at) == \
        f"{today + timedelta(days=1)} 08:30"

    page.set_mode("week")   # the week view: an hour cell sets the hour, minutes stay
    day = moments.week_start(today) + timedelta(days=6)
    page.anchor = today
    page.reload()
    page.handle_drop(post_mime(post_id), day, 20)
    wait_ops(qtbot, running)
    assert timefmt.local_text(moments.get_post(running.reader, post_id).planned_at) == \
        f"{day} 20:30"
    assert page.cards[post_id].parent() is cell(page, day, 20)


def test_keys_move_the_month_and_a_fourth_post_warns_on_the_day(running, qtbot):
    page = moments_page(qtbot, running)
    today = datetime.now().astimezone().date()
    day = today + timedelta(days=40)
    for hour in (9, 12, 15):
        add_post(qtbot, running, datetime.combine(day, time(hour)))
    running.window.activateWindow()
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Right)
    if day.month != page.anchor.month:
        qtbot.keyClick(page, Qt.Key.Key_Right)
    assert (page.anchor.year, page.anchor.month) == (day.year, day.month)
    assert day not in page.plan.day_warnings
    add_post(qtbot, running, datetime.combine(day, time(20)))
    assert page.plan.day_warnings[day] == "4 条，超过每日上限 3"
    assert cell(page, day).findChild(type(page.title), "day_warning").text() == \
        "4 条，超过每日上限 3"
    qtbot.keyClick(page, Qt.Key.Key_T)
    assert page.anchor == today


def test_new_post_from_the_dialog_copies_its_image(running, qtbot, monkeypatch, tmp_path):
    page = moments_page(qtbot, running)
    picture = tmp_path / "新品.png"
    from PySide6.QtGui import QImage
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    image.save(str(picture))
    when = datetime.combine(datetime.now().astimezone().date() + timedelta(days=3), time(19))

    def fill(dialog: PostDialog) -> int:
        dialog.body.setPlainText("新品到店\n满199减50（测试）")
        dialog.content_type.setCurrentIndex(dialog.content_type.findData("perk"))
        dialog._add_image(str(picture), picture.name)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(PostDialog, "exec", fill)
    page.new_post(when)
    wait_ops(qtbot, running)
    [post] = [p for p in page.plan.posts if p.body.endswith("（测试）")]
    assert post.status == "pending" and post.is_hard_ad
    picture.unlink()   # the original may go: the copy is in the media folder
    assert (page.media_folder / post.media[0]).is_file()
    assert page.cards[post.id].findChildren(type(page.title))  # the card is drawn


def test_at_post_time_copy_text_and_mark_posted(running, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    page = moments_page(qtbot, running)
    due = datetime.now().astimezone() - timedelta(minutes=5)
    post_id = add_post(qtbot, running, due, status="pending", body="早安☀️\n今日福利：第二件半价")
    assert page.due_bar.isVisibleTo(page)
    assert page._due and any(p.id == post_id for p in page._due)
    while page._due[0].id != post_id:   # the demo's own due posts come first
        qtbot.mouseClick(page.posted_button, Qt.MouseButton.LeftButton)
        wait_ops(qtbot, running)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "早安☀️\n今日福利：第二件半价"
    assert opened == []   # no images, no folder
    qtbot.mouseClick(page.posted_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, running)
    post = moments.get_post(running.reader, post_id)
    assert post.status == "posted" and post.posted_at is not None
    assert post_id not in [p.id for p in page._due]

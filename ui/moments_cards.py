"""The pieces of the moments calendar: a post card (drag source), a day or hour cell (drop
target), and image thumbnails cached on disk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QDrag, QImage, QMouseEvent, QPixmap, QPixmapCache
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop import moments, moments_media
from ui import labels

POST_MIME = "application/x-siyu-moments-post"
STATUS_STYLE = {  # background, left border, text
    "draft": ("#f1f1f1", "#9e9e9e", "#333333"),
    "pending": ("#e3efff", "#1e6fd9", "#102a4c"),
    "posted": ("#e3f6e8", "#2e9d4f", "#1f3d27"),
    "skipped": ("#f7f7f7", "#d0d0d0", "#a0a0a0"),
}
TYPE_COLORS = {"product": "#7b4bd6", "testimonial": "#0f8b8d", "event": "#d9480f",
               "daily": "#6b7280", "knowledge": "#2563eb", "perk": "#d6336c"}


def post_mime(post_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(POST_MIME, QByteArray(str(post_id).encode()))
    return data


def post_id_of(mime: QMimeData) -> int | None:
    if not mime.hasFormat(POST_MIME):
        return None
    try:
        return int(bytes(mime.data(POST_MIME)).decode())
    except ValueError:
        return None


def thumbnail(folder: Path, name: str, size: int) -> QPixmap:
    """A square-bounded thumbnail, from memory, else the disk cache, else made and cached.
    A missing or unreadable image gives a null pixmap (the card shows a placeholder)."""
    key = f"moments:{name}:{size}"
    found = QPixmapCache.find(key)
    if found is not None and not found.isNull():
        return found
    cached = moments_media.thumbnail_cache_dir() / f"{Path(name).stem}-{size}.png"
    image = QImage(str(cached))
    if image.isNull():
        image = QImage(str(folder / name))
        if image.isNull():
            return QPixmap()
        image = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        cached.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(cached))
    pixmap = QPixmap.fromImage(image)
    QPixmapCache.insert(key, pixmap)
    return pixmap


class PostCard(QFrame):
    """One post: time, account, type chip, first line, thumbnails; its colour is its status.
    Double-click edits; dragging carries the post id; right-click asks the page for a menu."""

    activated = Signal(int)
    menu_requested = Signal(int, QPoint)

    def __init__(self, post: moments.Post, media_folder: Path | None, *, compact: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.post = post
        self._press: QPoint | None = None
        self.setObjectName("post_card")
        background, border, text = STATUS_STYLE[post.status]
        strike = "text-decoration: line-through;" if post.status == "skipped" else ""
        self.setStyleSheet(
            f"#post_card {{ background: {background}; border-left: 4px solid {border};"
            f" border-radius: 3px; }} #post_card QLabel {{ color: {text}; {strike} }}")
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        # A long first line is cut at the cell's edge instead of widening the whole grid.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        status = QApplication.translate("Labels", labels.POST_STATUS_NAMES[post.status])
        self.setToolTip(f"{status} · {post.body}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 4, 2)
        layout.setSpacing(1)
        top = QHBoxLayout()
        top.setSpacing(4)
        when = moments.local_datetime(post.planned_at).strftime("%H:%M")
        top.addWidget(QLabel(f"<b>{when}</b>"))
        chip = QLabel(QApplication.translate("Labels", labels.CONTENT_TYPE_NAMES[
            post.content_type]), objectName="type_chip")
        chip.setStyleSheet(f"background: {TYPE_COLORS[post.content_type]}; color: white;"
                           " border-radius: 6px; padding: 0 5px; font-size: 11px;"
                           " text-decoration: none;")
        top.addWidget(chip)
        if post.account_name and not compact:
            top.addWidget(QLabel(post.account_name, styleSheet="font-size: 11px;"))
        if compact and post.media:
            top.addWidget(QLabel(f"🖼{len(post.media)}", styleSheet="font-size: 11px;"))
        top.addStretch(1)
        layout.addLayout(top)
        line = QLabel(moments.first_line(post.body) or self.tr("(no text yet)"),
                      objectName="first_line")
        line.setTextFormat(Qt.TextFormat.PlainText)
        line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(line)
        if not compact and post.media and media_folder is not None:
            row = QHBoxLayout()
            row.setSpacing(2)
            for name in post.media[:4]:
                picture = QLabel()
                pixmap = thumbnail(media_folder, name, 36)
                picture.setPixmap(pixmap) if not pixmap.isNull() else picture.setText("🖼")
                row.addWidget(picture)
            if len(post.media) > 4:
                row.addWidget(QLabel(f"+{len(post.media) - 4}"))
            row.addStretch(1)
            layout.addLayout(row)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and (event.position().toPoint() - self._press
                                        ).manhattanLength() >= QApplication.startDragDistance():
            self._press = None
            drag = QDrag(self)
            drag.setMimeData(post_mime(self.post.id))
            drag.setPixmap(self.grab())
            drag.exec(Qt.DropAction.MoveAction)
            return
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.activated.emit(self.post.id)

    def contextMenuEvent(self, event) -> None:
        self.menu_requested.emit(self.post.id, event.globalPos())


class DropCell(QFrame):
    """A day (month view) or an hour of a day (week view) that takes dropped cards:
    `on_drop(mime, day, hour)` decides what happens (hour None keeps the card's time)."""

    def __init__(self, day: date, hour: int | None,
                 on_drop: Callable[[QMimeData, date, int | None], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = day
        self.hour = hour
        self._on_drop = on_drop
        self.setAcceptDrops(True)
        self.setObjectName("drop_cell")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(2, 2, 2, 2)
        self.layout_.setSpacing(2)

    def dragEnterEvent(self, event) -> None:
        if post_id_of(event.mimeData()) is not None:
            event.acceptProposedAction()
            self.setStyleSheet(self.styleSheet() + " #drop_cell { border: 2px dashed #1e6fd9; }")

    def dragLeaveEvent(self, event) -> None:
        self._unhover()

    def dropEvent(self, event) -> None:
        self._unhover()
        event.acceptProposedAction()
        self._on_drop(event.mimeData(), self.day, self.hour)

    def _unhover(self) -> None:
        self.setStyleSheet(self.styleSheet().replace(
            " #drop_cell { border: 2px dashed #1e6fd9; }", ""))

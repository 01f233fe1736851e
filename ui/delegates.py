"""Painting the contact list: avatar initial + name, the tier badge, tags as coloured chips.

Painting reads only the model's roles; nothing here queries the database. A repaint of the
100,000-row list must stay well under 16 ms, so everything that repeats across cells — text
widths, colours, avatars, chips and badges — is drawn or measured once and reused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import labels
from ui.contact_model import PinnedRole, TagsRole, TierRole

_AVATAR_COLORS = ("#EF5350", "#AB47BC", "#5C6BC0", "#29B6F6", "#26A69A", "#9CCC65", "#FFA726",
                  "#8D6E63")
_MORE_COLOR = "#B0BEC5"
_TEXT_ON = {True: QColor("#212121"), False: QColor("#FFFFFF")}  # keyed by "is it light?"


@lru_cache(maxsize=512)
def color(hex_code: str) -> QColor:
    return QColor(hex_code)


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background`."""
    return _TEXT_ON[background.lightnessF() > 0.62]


def avatar_initial(name: str) -> str:
    """The first visible character of a name (skipping spaces, emoji and punctuation)."""
    for char in name.strip():
        if char.isalnum():
            return char.upper()
    return name.strip()[:1] or "?"


def _paint_selection(painter: QPainter, option: QStyleOptionViewItem) -> None:
    """The selection/hover background; the view itself paints plain and alternate rows."""
    if not option.state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver):
        return
    style = option.widget.style() if option.widget else None
    if style is not None:
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                            option.widget)


def _text_pen(painter: QPainter, option: QStyleOptionViewItem) -> None:
    selected = option.state & QStyle.StateFlag.State_Selected
    painter.setPen(option.palette.highlightedText().color() if selected
                   else option.palette.text().color())


class _Sprites:
    """Small antialiased pictures (avatars, chips, badges) drawn once per key, then blitted.

    Drawing an antialiased shape and a text run per cell cost more than all else in a repaint.
    """

    LIMIT = 4096  # pictures of ~24×60 px: a few MB at most

    def __init__(self) -> None:
        self._pixmaps: dict[tuple, QPixmap] = {}

    def get(self, key: tuple, size: QSize, ratio: float,
            draw: Callable[[QPainter, QRectF], None]) -> QPixmap:
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            if len(self._pixmaps) >= self.LIMIT:
                self._pixmaps.clear()
            pixmap = QPixmap(int(size.width() * ratio), int(size.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw(painter, QRectF(0, 0, size.width(), size.height()))
            painter.end()
            self._pixmaps[key] = pixmap
        return pixmap


def _chip(font: QFont, text: str, fill: QColor, *, round_: bool = True
          ) -> Callable[[QPainter, QRectF], None]:
    def draw(painter: QPainter, rect: QRectF) -> None:
        painter.setFont(font)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        if round_:
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        else:
            painter.drawEllipse(rect)
        painter.setPen(text_color_on(fill))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return draw


class _CachedDelegate(QStyledItemDelegate):
    """Text widths and sprites cached per delegate; the list's font does not change while it
    is shown."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._metrics: QFontMetrics | None = None
        self._widths: dict[str, int] = {}
        self._sprites = _Sprites()

    def metrics(self, option: QStyleOptionViewItem) -> QFontMetrics:
        if self._metrics is None:
            self._metrics = QFontMetrics(option.font)
        return self._metrics

    def width(self, option: QStyleOptionViewItem, text: str) -> int:
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) > 4096:
                self._widths.clear()
            width = self._widths[text] = self.metrics(option).horizontalAdvance(text)
        return width

    def draw_text(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect,
                  text: str) -> None:
        _text_pen(painter, option)
        if self.width(option, text) > rect.width():
            text = self.metrics(option).elidedText(text, Qt.TextElideMode.ElideRight,
                                                   rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, text)

    def chip(self, painter: QPainter, option: QStyleOptionViewItem, x: int, text: str,
             fill_hex: str, *, width: int | None = None, round_: bool = True) -> int:
        """Blit the chip for `text` at x (vertically centred); returns its width."""
        rect = option.rect
        height = rect.height() - 8
        width = width or self.width(option, text) + 12
        ratio = option.widget.devicePixelRatioF() if option.widget else 1.0
        pixmap = self._sprites.get((text, fill_hex, width, height, ratio), QSize(width, height),
                                   ratio, _chip(option.font, text, color(fill_hex),
                                                round_=round_))
        painter.drawPixmap(x, rect.top() + 4, pixmap)
        return width


class PlainTextDelegate(_CachedDelegate):
    """Display text only. The default delegate asks the model for seven roles per cell and
    builds a full style option; on this list that was a third of a repaint."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        _paint_selection(painter, option)
        self.draw_text(painter, option, option.rect.adjusted(4, 0, -4, 0), index.data() or "")


class AvatarNameDelegate(_CachedDelegate):
    """A coloured circle with the name's first character, then the name."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        name = index.data() or ""
        _paint_selection(painter, option)
        rect = option.rect
        size = min(rect.height() - 8, 24)
        initial = avatar_initial(name)
        fill = _AVATAR_COLORS[ord(initial[0]) % len(_AVATAR_COLORS)]
        self.chip(painter, option, rect.left() + 4, initial, fill, width=size, round_=False)
        self.draw_text(painter, option, QRect(rect.left() + size + 10, rect.top(),
                                              rect.width() - size - 12, rect.height()), name)


class TierBadgeDelegate(_CachedDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        tier = index.data(TierRole)
        if tier is None:
            return
        _paint_selection(painter, option)
        text = index.data() + (" 📌" if index.data(PinnedRole) else "")
        self.chip(painter, option, option.rect.left() + 4, text,
                  labels.TIER_COLORS.get(tier, "#90A4AE"),
                  width=min(self.width(option, text) + 14, option.rect.width() - 8))


class TagChipsDelegate(_CachedDelegate):
    """Chips left to right; when they do not fit, the last visible chip reads '+N'."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        tags = index.data(TagsRole) or []
        _paint_selection(painter, option)
        right = option.rect.right()
        x = option.rect.left() + 4
        for position, tag in enumerate(tags):
            remaining = len(tags) - position
            more = f"+{remaining}"
            reserve = self.width(option, more) + 12 + 4 if remaining > 1 else 0  # chip + gap
            if x + self.width(option, tag.name) + 12 > right - reserve:
                self.chip(painter, option, x, more, _MORE_COLOR)
                break
            x += self.chip(painter, option, x, tag.name, tag.color) + 4

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(220, 28)

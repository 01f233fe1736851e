"""Chinese (translatable) labels for the codes stored in the database, and their colours."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "Labels"

TIER_NAMES = {
    1: QT_TRANSLATE_NOOP("Labels", "L1 Potential"),
    2: QT_TRANSLATE_NOOP("Labels", "L2 Low activity"),
    3: QT_TRANSLATE_NOOP("Labels", "L3 Mid activity"),
    4: QT_TRANSLATE_NOOP("Labels", "L4 High activity"),
    5: QT_TRANSLATE_NOOP("Labels", "L5 Super user"),
}
TIER_COLORS = {1: "#90A4AE", 2: "#4FC3F7", 3: "#66BB6A", 4: "#FFA726", 5: "#E53935"}

STAGE_NAMES = {
    "potential": QT_TRANSLATE_NOOP("Labels", "Potential"),
    "new": QT_TRANSLATE_NOOP("Labels", "New customer"),
    "growing": QT_TRANSLATE_NOOP("Labels", "Growing"),
    "mature": QT_TRANSLATE_NOOP("Labels", "Mature"),
    "declining": QT_TRANSLATE_NOOP("Labels", "Declining"),
    "churned": QT_TRANSLATE_NOOP("Labels", "Churned"),
}

# The eight classic RFM segments (R, F, M above or below their mean score), by stored code.
RFM_SEGMENT_NAMES = {
    "important_value": QT_TRANSLATE_NOOP("Labels", "Important value"),
    "important_develop": QT_TRANSLATE_NOOP("Labels", "Important to develop"),
    "important_keep": QT_TRANSLATE_NOOP("Labels", "Important to keep"),
    "important_recall": QT_TRANSLATE_NOOP("Labels", "Important to win back"),
    "general_value": QT_TRANSLATE_NOOP("Labels", "General value"),
    "general_develop": QT_TRANSLATE_NOOP("Labels", "General to develop"),
    "general_keep": QT_TRANSLATE_NOOP("Labels", "General to keep"),
    "general_recall": QT_TRANSLATE_NOOP("Labels", "General to win back"),
}

GENDER_NAMES = {
    "": QT_TRANSLATE_NOOP("Labels", "Unknown"),
    "male": QT_TRANSLATE_NOOP("Labels", "Male"),
    "female": QT_TRANSLATE_NOOP("Labels", "Female"),
}

INTERACTION_NAMES = {
    "chat": QT_TRANSLATE_NOOP("Labels", "Private chat"),
    "moments_like": QT_TRANSLATE_NOOP("Labels", "Moments like"),
    "moments_comment": QT_TRANSLATE_NOOP("Labels", "Moments comment"),
    "group_message": QT_TRANSLATE_NOOP("Labels", "Group message"),
    "store_visit": QT_TRANSLATE_NOOP("Labels", "Store visit"),
    "enquiry": QT_TRANSLATE_NOOP("Labels", "Enquiry"),
    "script_sent": QT_TRANSLATE_NOOP("Labels", "Script sent"),
    "note": QT_TRANSLATE_NOOP("Labels", "Note"),
}

CONTENT_TYPE_NAMES = {
    "product": QT_TRANSLATE_NOOP("Labels", "Product seeding"),
    "testimonial": QT_TRANSLATE_NOOP("Labels", "Customer testimonial"),
    "event": QT_TRANSLATE_NOOP("Labels", "Event preview"),
    "daily": QT_TRANSLATE_NOOP("Labels", "Daily life"),
    "knowledge": QT_TRANSLATE_NOOP("Labels", "Know-how"),
    "perk": QT_TRANSLATE_NOOP("Labels", "Perks"),
}

POST_STATUS_NAMES = {
    "draft": QT_TRANSLATE_NOOP("Labels", "Draft"),
    "pending": QT_TRANSLATE_NOOP("Labels", "To post"),
    "posted": QT_TRANSLATE_NOOP("Labels", "Posted"),
    "skipped": QT_TRANSLATE_NOOP("Labels", "Skipped"),
}

DIMENSION_NAMES = {
    "tier": QT_TRANSLATE_NOOP("Labels", "Tier"),
    "stage": QT_TRANSLATE_NOOP("Labels", "Lifecycle"),
}


def label(table: dict, code: object) -> str:
    """The translated label of `code` in one of the tables above (the code itself if unknown)."""
    text = table.get(code)
    return QCoreApplication.translate(_CONTEXT, text) if text else str(code or "")


def history_value(dimension: str, value: str) -> str:
    """A tier/stage history value ('4' or 'mature') as the operator reads it."""
    if dimension == "tier":
        return label(TIER_NAMES, int(value)) if value.isdigit() else value
    return label(STAGE_NAMES, value)


def money(amount_fen: int) -> str:
    return f"¥{amount_fen / 100:,.2f}"

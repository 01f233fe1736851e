"""Phone numbers are text: never a float, never without their leading zeros."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_SEPARATORS = re.compile(r"[\s\-()（）.]")


def normalise_phone(raw: object) -> str:
    """'+86 138-0013-8000', '１３８００１３８０００', 13800138000.0, '1.38001380000E+10'
    all become '13800138000'.

    Raises ValueError (Chinese message) when what remains is not 5–20 digits.
    """
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return ""
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text) or re.fullmatch(r"\d+\.0+", text):
        try:  # Excel's scientific form or a float cell: take the integer it stands for
            text = str(int(Decimal(text)))
        except InvalidOperation:
            pass
    text = _SEPARATORS.sub("", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("+"):
        text = text[1:]
    if not text.isdigit() or not 5 <= len(text) <= 20:
        raise ValueError(f"手机号“{raw}”不是有效号码：只能包含数字（可带 +86、空格或横线）")
    return text

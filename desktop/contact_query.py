"""What the contact list shows: the search box and the filter panel as one value, ContactQuery.

A query is plain data (saved segments store it as JSON); `matching_ids` / `count_matching`
resolve what is relative or local in it — day counts against the injected clock, local dates
as UTC bounds, the search text normalised and classified — and let db.contact_query turn that
into SQL. Both only read: call them on any thread with its own connection.

Search semantics (PRODUCT.md "Find anyone fast"): the text is NFKC-normalised and lower-cased
as desktop/pinyin_keys.py does for the stored keys, so full-width 'ＺＸＨ' finds 张小花.
  * anything with a non-ASCII character (Chinese, emoji, mixed): nickname / remark substring;
  * ASCII with letters: pinyin in full and by initials ("zhang xiao" = "zhangxiao"), WeChat /
    WeCom ids; pinyin by substring from 3 letters;
  * digits (phone separators allowed): phone by prefix and by its last digits, from 3 digits.
Results are ranked exact > prefix > substring, then in list order.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, timedelta

from db import contact_query as query_db
from db.activity import Account
from db.tags import TagCatalogue
from desktop import timefmt
from desktop.contacts import ValidationError
from desktop.exporting import STAGE_NAMES
from desktop.layering_rules import SEGMENT_NAMES

TAG_MODES = query_db.TAG_MODES
_NOT_KEY = re.compile(r"[^a-z0-9]+")  # what desktop/pinyin_keys.py drops from a stored key
_PHONE_LIKE = re.compile(r"\+?[0-9][0-9\s\-().]*")


@dataclass(frozen=True)
class TagCondition:
    """One tag group's line in the filter panel. No tags = no constraint."""
    mode: str                # 'all' | 'any' | 'none'
    tag_ids: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.mode not in TAG_MODES:
            raise ValueError(f"tag condition mode {self.mode!r} (expected one of {TAG_MODES})")


@dataclass(frozen=True)
class ContactQuery:
    """The search text and every filter, all ANDed; an empty field is no constraint.

    Day counts are relative to when the query runs; dates are the operator's local calendar
    dates 'YYYY-MM-DD', both ends inclusive."""
    text: str = ""
    tag_conditions: tuple[TagCondition, ...] = ()
    tiers: tuple[int, ...] = ()
    stages: tuple[str, ...] = ()             # potential/new/growing/mature/declining/churned
    rfm_segments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    owner_account_ids: tuple[int, ...] = ()
    added_from: str = ""
    added_to: str = ""
    quiet_days: int | None = None            # no interaction for ≥ N days (as the Today page)
    ordered_within_days: int | None = None   # last order within N days
    has_phone: bool | None = None
    has_wechat_id: bool | None = None
    trashed: bool = False

    @property
    def is_filtered(self) -> bool:
        """Whether any condition besides the text narrows the list. The trash is a view, not a
        filter; a tag condition without tags narrows nothing."""
        return (any(c.tag_ids for c in self.tag_conditions)
                or any((self.tiers, self.stages, self.rfm_segments, self.channels,
                        self.owner_account_ids, self.added_from, self.added_to))
                or any(v is not None for v in (self.quiet_days, self.ordered_within_days,
                                               self.has_phone, self.has_wechat_id)))

    def to_json(self) -> str:
        """Stable text: same query, same JSON (keys sorted, lists in the query's order)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ContactQuery:
        """The query `to_json` wrote. Missing keys take their defaults, unknown keys and values
        of the wrong shape are dropped (a segment saved by another version still opens).
        Raises ValueError only when `text` is not a JSON object."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a saved query is a JSON object")
        values: dict[str, object] = {}
        for f in fields(cls):
            if f.name in data:
                value = _read_field(f.name, data[f.name])
                if value is not None:
                    values[f.name] = value
        return cls(**values)

    def describe(self, catalogue: TagCatalogue, accounts: Iterable[Account]) -> str:
        """A short Chinese summary for tooltips: "标签 高消费 且 L4/L5 且 30 天未互动"."""
        def tag_name(tag_id: int) -> str:
            return catalogue[tag_id][1].name if tag_id in catalogue else "（已删除的标签）"
        account_names = {a.id: a.name for a in accounts}
        parts = ["回收站中"] if self.trashed else []
        if self.text.strip():
            parts.append(f"搜索“{self.text.strip()}”")
        for condition in self.tag_conditions:
            if condition.tag_ids:
                names = [tag_name(t) for t in condition.tag_ids]
                parts.append({"all": "标签 " + " 和 ".join(names),
                              "any": "标签 " + " 或 ".join(names),
                              "none": "无标签 " + "、".join(names)}[condition.mode])
        if self.tiers:
            parts.append("/".join(f"L{t}" for t in sorted(self.tiers)))
        if self.stages:
            parts.append("/".join(STAGE_NAMES.get(s, s) for s in self.stages))
        if self.rfm_segments:
            parts.append("RFM " + "/".join(SEGMENT_NAMES.get(s, s) for s in self.rfm_segments))
        if self.channels:
            parts.append("来源 " + "/".join(self.channels))
        if self.owner_account_ids:
            parts.append("账号 " + "/".join(account_names.get(a, "（已删除的账号）")
                                           for a in self.owner_account_ids))
        if self.added_from and self.added_to:
            parts.append(f"添加于 {self.added_from} 至 {self.added_to}")
        elif self.added_from or self.added_to:
            parts.append(f"添加于 {self.added_from or self.added_to} "
                         f"{'及以后' if self.added_from else '及以前'}")
        if self.quiet_days is not None:
            parts.append(f"{self.quiet_days} 天未互动")
        if self.ordered_within_days is not None:
            parts.append(f"{self.ordered_within_days} 天内下过单")
        for wanted, what in ((self.has_phone, "手机号"), (self.has_wechat_id, "微信号")):
            if wanted is not None:
                parts.append(("有" if wanted else "无") + what)
        return " 且 ".join(parts) or "全部客户"


_INT_TUPLES = ("tiers", "owner_account_ids")
_TEXT_TUPLES = ("stages", "rfm_segments", "channels")


def _read_field(name: str, value: object) -> object | None:
    """One field of a saved query in its Python form, or None to keep the default."""
    def ints(items: object) -> tuple[int, ...] | None:
        if not isinstance(items, list):
            return None
        return tuple(i for i in items if isinstance(i, int) and not isinstance(i, bool))

    if name in _INT_TUPLES:
        return ints(value)
    if name in _TEXT_TUPLES:
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else None
    if name == "tag_conditions":
        if not isinstance(value, list):
            return None
        return tuple(TagCondition(c["mode"], ints(c.get("tag_ids")) or ())
                     for c in value if isinstance(c, dict) and c.get("mode") in TAG_MODES)
    if name in ("text", "added_from", "added_to"):
        return value if isinstance(value, str) else None
    if name in ("quiet_days", "ordered_within_days"):
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return value if isinstance(value, bool) else None  # has_phone, has_wechat_id, trashed


def text_search(text: str) -> query_db.TextSearch | None:
    """The search box entry normalised and classified (see the module docstring); None when
    it holds nothing to search for."""
    normal = unicodedata.normalize("NFKC", text).lower().strip()
    if not normal:
        return None
    key = _NOT_KEY.sub("", normal)
    if not normal.isascii() or not key:
        return query_db.TextSearch("text", normal, key)
    if _PHONE_LIKE.fullmatch(normal):
        return query_db.TextSearch("digits", normal, key.removeprefix("86")
                                   if normal.startswith("+86") else key)
    return query_db.TextSearch("latin", normal, key)


def _local_date(value: str, field: str, caption: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationError(field, f"{caption}“{value}”应写成 2025-03-07 这样的日期") from exc


def _days_ago(now: datetime, days: int | None, field: str) -> str | None:
    if days is None:
        return None
    if days < 0:
        raise ValidationError(field, "天数不能小于 0，请填 0 或更大的整数")
    return timefmt.to_db(now - timedelta(days=days))


def resolve_filters(query: ContactQuery, *, clock: timefmt.Clock = timefmt.system_clock
                    ) -> query_db.Filters:
    """The query's filters as stored values: cutoffs from `clock`, local dates as UTC bounds.
    Raises ValidationError for a date that is not 'YYYY-MM-DD' or a negative day count."""
    now = clock()
    since = before = None
    if query.added_from:
        since = timefmt.local_day_bounds(_local_date(query.added_from, "added_from",
                                                     "添加日期起点"))[0]
    if query.added_to:
        before = timefmt.local_day_bounds(_local_date(query.added_to, "added_to",
                                                      "添加日期终点"))[1]
    return query_db.Filters(
        trashed=query.trashed,
        tag_conditions=tuple((c.mode, c.tag_ids) for c in query.tag_conditions if c.tag_ids),
        tiers=query.tiers, stages=query.stages, rfm_segments=query.rfm_segments,
        channels=query.channels, owner_account_ids=query.owner_account_ids,
        added_since_utc=since, added_before_utc=before,
        quiet_before_utc=_days_ago(now, query.quiet_days, "quiet_days"),
        ordered_since_utc=_days_ago(now, query.ordered_within_days, "ordered_within_days"),
        has_phone=query.has_phone, has_wechat_id=query.has_wechat_id)


def matching_ids(conn: sqlite3.Connection, query: ContactQuery, *, sort_by: str = "display_name",
                 descending: bool = False, clock: timefmt.Clock = timefmt.system_clock) -> array:
    """All matching ids in display order, as a compact array('q'): with search text ranked
    exact > prefix > substring, then by `sort_by` (a key of db.contacts.SORT_EXPRESSIONS).
    Read-only. Raises ValidationError (see `resolve_filters`)."""
    return query_db.matching_ids(conn, text_search(query.text),
                                 resolve_filters(query, clock=clock),
                                 sort_by=sort_by, descending=descending)


def count_matching(conn: sqlite3.Connection, query: ContactQuery, *,
                   clock: timefmt.Clock = timefmt.system_clock) -> int:
    """How many contacts match (read-only)."""
    return query_db.count_matching(conn, text_search(query.text),
                                   resolve_filters(query, clock=clock))


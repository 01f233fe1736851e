"""Moments posts (朋友圈): create, edit, reschedule, mark posted or skipped, delete.

Every operation writes in one transaction on the database thread and is one undo step: it
keeps whole-post images (row, images, visibility tags, reminder task), so undo puts back
exactly what was there and redo exactly what came after. Invalid input raises ValidationError
in Chinese before anything is written. Times come in as the operator types them (local
'YYYY-MM-DD HH:MM') and are stored as UTC text.

Rules worth knowing:
- Hard ads (硬广) are derived from the content type, never typed: 福利 (perk) and 活动预告
  (event) count as ads; the stored is_hard_ad follows the type on every write.
- The reminder at post time is a task (source 'moments', linked by moments_post_id) due and
  reminding at the planned time, so the one reminder loop (tray, badge, 逾期 on Today) covers
  posts too. Only a post marked 待发 (pending) has an open one: a draft is not ready to post;
  posting completes the task, skipping or going back to draft cancels it, rescheduling moves it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from db import moments as moments_db
from db import tasks as tasks_db
from db.connection import transaction
from desktop import moments_media, timefmt
from desktop.changes import Changes, OpResult
from desktop.contacts import ValidationError

CONTENT_TYPES = {"product": "产品种草", "testimonial": "用户见证", "event": "活动预告",
                 "daily": "人设日常", "knowledge": "知识干货", "perk": "福利"}
HARD_AD_TYPES = frozenset({"event", "perk"})
STATUSES = {"draft": "草稿", "pending": "待发", "posted": "已发", "skipped": "已跳过"}
VISIBILITIES = {"everyone": "所有人可见", "only_tags": "部分可见", "except_tags": "不给谁看"}
_CHANGED = Changes(moments=True, tasks=True)
_TITLE_CHARS = 16

Post = moments_db.Post


def first_line(body: str) -> str:
    return next((line.strip() for line in body.splitlines() if line.strip()), "")


def reminder_title(body: str) -> str:
    line = first_line(body)
    short = line[:_TITLE_CHARS] + ("…" if len(line) > _TITLE_CHARS else "")
    return f"发朋友圈：{short}" if short else "发朋友圈"


# --- reads ------------------------------------------------------------------------------------

def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def local_day(stored: str) -> date:
    """The operator's calendar day of a stored instant."""
    return timefmt.from_db(stored).astimezone().date()


def local_datetime(stored: str) -> datetime:
    return timefmt.from_db(stored).astimezone()


def posts_on_days(conn: sqlite3.Connection, *, first_day: date, days: int) -> list[Post]:
    """Posts planned on `days` local days from `first_day`, earliest first."""
    start, _ = timefmt.local_day_bounds(first_day)
    end, _ = timefmt.local_day_bounds(first_day + timedelta(days=days))
    return moments_db.posts_between(conn, start_utc=start, end_utc=end)


def due_posts(conn: sqlite3.Connection, *, clock: timefmt.Clock = timefmt.system_clock
              ) -> list[Post]:
    """Posts marked 待发 whose time has come (and missed ones), earliest first."""
    return moments_db.due_posts(conn, until_utc=timefmt.to_db(clock()))


def get_post(conn: sqlite3.Connection, post_id: int) -> Post:
    found = moments_db.post(conn, post_id)
    if found is None:
        raise ValidationError("id", "这条朋友圈已不存在")
    return found


# --- checks -----------------------------------------------------------------------------------

def normalise_post_fields(values: Mapping[str, object]) -> dict[str, object]:
    """Edited fields (moments_db.EDITABLE; planned_at as local text) as stored, plus the
    derived is_hard_ad. Raises ValidationError naming the field."""
    unknown = set(values) - set(moments_db.EDITABLE)
    if unknown:
        raise ValidationError(sorted(unknown)[0], f"不能修改字段：{', '.join(sorted(unknown))}")
    out: dict[str, object] = {}
    for name, value in values.items():
        if name == "planned_at":
            text = str(value or "").strip()
            if not text:
                raise ValidationError(name, "请填写计划发布时间")
            try:
                out[name] = timefmt.to_db(timefmt.parse_local(text))
            except ValueError as exc:
                raise ValidationError(name, f"计划发布时间：{exc}") from exc
        elif name == "account_id":
            out[name] = None if value in (None, "") else int(value)
        elif name == "content_type":
            check_choice(name, value, CONTENT_TYPES, "内容类型")
            out[name] = value
            out["is_hard_ad"] = int(value in HARD_AD_TYPES)
        elif name == "status":
            check_choice(name, value, STATUSES, "状态")
            out[name] = value
        elif name == "visibility":
            check_choice(name, value, VISIBILITIES, "可见范围")
            out[name] = value
        else:
            out[name] = str(value or "").strip() if name == "campaign" else str(value or "")
    return out


def check_choice(field: str, value: object, choices: Mapping[str, str], caption: str) -> None:
    if value not in choices:
        raise ValidationError(field, f"{caption}只能是：{'、'.join(choices.values())}")


# --- operations -------------------------------------------------------------------------------

def save_post(conn: sqlite3.Connection, *, post_id: int | None = None,
              values: Mapping[str, object], images: Sequence[str] | None = None,
              tag_ids: Iterable[int] | None = None,
              clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Create (post_id None) or edit a post. `images`: names already in the media folder or
    paths of files to copy in (None keeps them); `tag_ids`: the visibility tags (None keeps
    them; cleared when visible to everyone). `value` of the result is the post's id."""
    fields = normalise_post_fields(values)
    tag_list = None if tag_ids is None else list(tag_ids)
    if post_id is None:
        if "planned_at" not in fields:
            raise ValidationError("planned_at", "请填写计划发布时间")
        fields.setdefault("is_hard_ad", 0)
        visibility, tags = fields.get("visibility", "everyone"), tag_list or []
    else:
        current = get_post(conn, post_id)
        visibility = fields.get("visibility", current.visibility)
        tags = current.tag_ids if tag_list is None else tag_list
    if visibility != "everyone" and not tags:
        raise ValidationError("tags", "“部分可见”或“不给谁看”需要至少选一个标签")
    names = (moments_media.store_images(moments_media.media_dir(conn), list(images))
             if images is not None else None)
    ids: list[int] = [] if post_id is None else [post_id]

    def write(c: sqlite3.Connection) -> None:
        if post_id is None:
            now = timefmt.to_db(clock())
            ids.append(moments_db.insert_post(c, {**fields, "created_at": now,
                                                  "updated_at": now}))
        else:
            moments_db.update_post(c, post_id, fields)
        if names is not None:
            moments_db.set_media(c, ids[0], names)
        if fields.get("visibility") == "everyone":
            moments_db.set_visibility_tags(c, ids[0], [])
        elif tag_list is not None:
            moments_db.set_visibility_tags(c, ids[0], tag_list)
        _sync_reminder(c, ids[0], clock)
    label = "新建朋友圈" if post_id is None else "修改朋友圈"
    result = rewrite_posts(conn, list(ids), label, write, ids)
    return OpResult(result.changes, result.label, result.count, result.undo, value=ids[0])


def reschedule_post(conn: sqlite3.Connection, *, post_id: int, planned_at: str,
                    clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Move a post to another local time (drag on the calendar); its reminder moves along."""
    current = get_post(conn, post_id)
    fields = normalise_post_fields({"planned_at": planned_at})
    if fields["planned_at"] == current.planned_at:
        return OpResult(Changes())

    def write(c: sqlite3.Connection) -> None:
        moments_db.update_post(c, post_id, fields)
        _sync_reminder(c, post_id, clock)
    when = timefmt.local_text(str(fields["planned_at"]))
    return rewrite_posts(conn, [post_id], f"改期朋友圈到 {when}", write)


def set_post_status(conn: sqlite3.Connection, *, post_id: int, status: str,
                    clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """标记已发 / 跳过 / 待发 / 草稿. Posting records when (now)."""
    current = get_post(conn, post_id)
    fields = normalise_post_fields({"status": status})
    if current.status == status:
        return OpResult(Changes())
    fields["posted_at"] = timefmt.to_db(clock()) if status == "posted" else None

    def write(c: sqlite3.Connection) -> None:
        moments_db.update_post(c, post_id, fields)
        _sync_reminder(c, post_id, clock)
    return rewrite_posts(conn, [post_id], f"朋友圈标记为{STATUSES[status]}", write)


def delete_post(conn: sqlite3.Connection, *, post_id: int) -> OpResult:
    """The post and its reminder (its image files stay: see moments_media)."""
    get_post(conn, post_id)
    return rewrite_posts(conn, [post_id], "删除朋友圈",
                    lambda c: moments_db.delete_post(c, post_id))


def _sync_reminder(conn: sqlite3.Connection, post_id: int, clock: timefmt.Clock) -> None:
    """Make the post's reminder task agree with the post (see the module docstring)."""
    post = get_post(conn, post_id)
    task_ids = moments_db.reminder_task_ids(conn, post_id)
    if post.status == "pending":
        values = {"title": reminder_title(post.body), "due_at": post.planned_at,
                  "remind_at": post.planned_at, "status": "open", "done_at": None}
        if task_ids:
            tasks_db.update(conn, task_ids[-1], values)
        else:
            tasks_db.insert(conn, {**values, "source": "moments", "moments_post_id": post_id,
                                   "created_at": timefmt.to_db(clock())})
        return
    closed = ({"status": "done", "done_at": post.posted_at} if post.status == "posted"
              else {"status": "cancelled"})
    for task_id in task_ids:
        if tasks_db.fields(conn, task_id)["status"] in ("open", "snoozed"):
            tasks_db.update(conn, task_id, closed)


def rewrite_posts(conn: sqlite3.Connection, post_ids: list[int], label: str,
             write: Callable[[sqlite3.Connection], None], created: list[int] | None = None
             ) -> OpResult:
    """Run `write` in one transaction; undo/redo swap the before- and after-images of the
    posts in `post_ids` and of those `write` appended to `created`."""
    before = moments_db.snapshot(conn, post_ids)
    with transaction(conn):
        write(conn)
    before.update({i: None for i in created or () if i not in before})
    after = moments_db.snapshot(conn, before)
    return OpResult(_CHANGED, label=label, count=len(after),
                    undo=lambda c: _swap(c, before, after))


def _swap(conn: sqlite3.Connection, images: dict, other: dict) -> OpResult:
    with transaction(conn):
        moments_db.restore(conn, images)
    return OpResult(_CHANGED, count=len(images), undo=lambda c: _swap(c, other, images))


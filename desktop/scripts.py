"""The script library (话术库): create, edit, delete, favourite, search — and use a script for a
contact.

Operations run on the database thread, write in one transaction and undo exactly from
before-images of the rows they changed (their undo's result is the redo). Bad input raises
ValidationError before anything is written.

Search scans the whole library in memory (a shop has at most ~2,000 scripts: ~2 ms); the
pinyin keys of titles are computed on first use and cached, so no stored columns are needed.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from db import contacts as contacts_db
from db import scripts as scripts_db
from db.connection import transaction
from db.contacts import ContactRecord
from db.scripts import ScriptRow
from desktop import sequences, timefmt
from desktop.changes import Changes, OpResult
from desktop.contacts import ValidationError
from desktop.exporting import STAGE_NAMES
from desktop.pinyin_keys import name_keys
from desktop.placeholders import PLACEHOLDER

_CHANGED = Changes(scripts=True)
_USED = Changes(scripts=True, contacts=True, contact_detail=True)
EDITABLE = ("title", "category", "body", "target_tiers", "target_stages", "shortcut",
            "favourite")
CATEGORIES = ("欢迎语", "破冰", "促首单", "复购", "召回", "售后回访", "节日", "群规", "常见问题")
_STAGE_CODES = {name: code for code, name in STAGE_NAMES.items()}
_LIST_SPLIT = re.compile(r"[,，、;；\s/|]+")


# --- fields -----------------------------------------------------------------------------------

def parse_tiers(text: str) -> str:
    """'L2, L3' / '2，3' → '2,3' (stored form); '' = every tier. Raises ValidationError."""
    tiers = set()
    for part in filter(None, _LIST_SPLIT.split(str(text).strip().upper())):
        number = part.removeprefix("L")
        if number not in {"1", "2", "3", "4", "5"}:
            raise ValidationError("target_tiers",
                                  f"目标层级“{part}”不认识：请写 L1–L5，多个用逗号分开，例如 L2,L3")
        tiers.add(int(number))
    return ",".join(str(t) for t in sorted(tiers))


def parse_stages(text: str) -> str:
    """'新客，成长期' (or codes) → 'new,growing'; '' = every stage. Raises ValidationError."""
    order = list(STAGE_NAMES)
    stages = set()
    for part in filter(None, _LIST_SPLIT.split(str(text).strip())):
        code = _STAGE_CODES.get(part, part if part in STAGE_NAMES else None)
        if code is None:
            raise ValidationError("target_stages", f"目标阶段“{part}”不认识：请写 "
                                  f"{'、'.join(STAGE_NAMES.values())} 中的一个或几个")
        stages.add(code)
    return ",".join(sorted(stages, key=order.index))


def tiers_text(stored: str) -> str:
    return ",".join(f"L{t}" for t in stored.split(",") if t)


def stages_text(stored: str) -> str:
    return ",".join(STAGE_NAMES.get(s, s) for s in stored.split(",") if s)


def normalise_fields(values: Mapping[str, object]) -> dict[str, object]:
    """Checked, stored form of the EDITABLE keys present in `values`."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    out: dict[str, object] = {}
    for key, value in values.items():
        if key == "favourite":
            out[key] = int(bool(value))
        elif key == "target_tiers":
            out[key] = parse_tiers(str(value))
        elif key == "target_stages":
            out[key] = parse_stages(str(value))
        else:
            out[key] = str(value or "").strip()
    if "title" in out and not out["title"]:
        raise ValidationError("title", "话术标题不能为空：请写一个好找的标题，例如“新客欢迎语”")
    if "body" in out and not out["body"]:
        raise ValidationError("body", "话术内容不能为空：请写上要发给客户的文字")
    if "shortcut" in out:
        out["shortcut"] = str(out["shortcut"]).lower()
        if " " in str(out["shortcut"]) or len(str(out["shortcut"])) > 20:
            raise ValidationError("shortcut", "快捷词不能有空格，最多 20 个字符，例如 hy")
    return out


# --- reading ----------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def _title_keys(title: str) -> tuple[str, str, str]:
    """(normalised title, its pinyin, its initials): '包裹卡①' is found by '包裹卡1'."""
    return (_normal(title), *name_keys(title))


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


def _rank(script: ScriptRow, needle: str) -> int | None:
    """0 best … 5; None = no match. Shortcut, then title and its pinyin, category, body."""
    if script.shortcut and script.shortcut == needle:
        return 0
    if script.shortcut.startswith(needle):
        return 1
    title, full, initials = _title_keys(script.title)
    if title.startswith(needle) or full.startswith(needle) or initials.startswith(needle):
        return 2
    if needle in title or needle in full or needle in initials:
        return 3
    if needle in script.category:
        return 4
    return 5 if needle in _normal(script.body) else None


def search_scripts(conn: sqlite3.Connection, *, text: str = "", category: str | None = None,
                   favourites_only: bool = False) -> list[ScriptRow]:
    """Scripts matching the search (letters, Chinese, pinyin or its initials, the shortcut
    keyword), best match first; without text, favourites first then the most used."""
    needle = _normal(text)
    ranked = []
    for order, script in enumerate(scripts_db.all_scripts(conn)):
        if category is not None and script.category != category:
            continue
        if favourites_only and not script.favourite:
            continue
        rank = _rank(script, needle) if needle else 0
        if rank is not None:
            ranked.append((rank, order, script))
    return [script for _rank_, _order, script in sorted(ranked, key=lambda t: t[:2])]


def category_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return scripts_db.category_counts(conn)


def get_script(conn: sqlite3.Connection, script_id: int) -> ScriptRow | None:
    return scripts_db.get(conn, script_id)


def targets(script: ScriptRow, contact: ContactRecord) -> bool:
    """Whether the script names this contact's tier or stage among its targets."""
    return (str(contact.tier) in script.target_tiers.split(",")
            or contact.stage in script.target_stages.split(","))


def for_contact(scripts: list[ScriptRow], contact: ContactRecord) -> list[ScriptRow]:
    """Favourites and scripts aimed at the contact's tier/stage first; otherwise as given."""
    return sorted(scripts, key=lambda s: (not s.favourite, not targets(s, contact)))


# --- operations -------------------------------------------------------------------------------

def _existing(conn: sqlite3.Connection, script_id: int) -> ScriptRow:
    script = scripts_db.get(conn, script_id)
    if script is None:
        raise ValidationError("script_id", "这条话术已不存在（可能已被删除），请刷新话术列表")
    return script


def write_images(conn: sqlite3.Connection, ids: list[int], label: str, write) -> OpResult:
    """Run `write(conn)` (returning ids it created) in one transaction; undo and redo swap the
    scripts' before- and after-images."""
    before = scripts_db.snapshot(conn, ids)
    with transaction(conn):
        created = write(conn) or []
    before.update({i: None for i in created})
    after = scripts_db.snapshot(conn, before)
    return OpResult(_CHANGED, label=label, count=len(after), value=created[0] if created else None,
                    undo=lambda c: _swap(c, before, after))


def _swap(conn: sqlite3.Connection, images: dict, other: dict) -> OpResult:
    scripts_db.restore(conn, images)
    return OpResult(_CHANGED, count=len(images), undo=lambda c: _swap(c, other, images))


def create_script(conn: sqlite3.Connection, *, values: Mapping[str, object],
                  clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """A new script; `value` of the result is its id."""
    fields = normalise_fields({"category": "", "body": "", **values})
    if "title" not in fields:
        raise ValidationError("title", "话术标题不能为空")
    now = timefmt.to_db(clock())
    return write_images(conn, [], f"新建话术“{fields['title']}”", lambda c: [scripts_db.insert(
        c, {**fields, "created_at": now, "updated_at": now})])


def update_script(conn: sqlite3.Connection, *, script_id: int, values: Mapping[str, object],
                  clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Write the edited fields that differ from what is stored."""
    current = _existing(conn, script_id)
    fields = {k: v for k, v in normalise_fields(values).items() if getattr(current, k) != v}
    if not fields:
        return OpResult(Changes())
    fields["updated_at"] = timefmt.to_db(clock())
    return write_images(conn, [script_id], f"修改话术“{current.title}”",
                        lambda c: scripts_db.update(c, script_id, fields))


def toggle_favourite(conn: sqlite3.Connection, *, script_id: int) -> OpResult:
    current = _existing(conn, script_id)
    label = f"{'取消收藏' if current.favourite else '收藏'}话术“{current.title}”"
    return write_images(conn, [script_id], label, lambda c: scripts_db.update(
        c, script_id, {"favourite": 0 if current.favourite else 1}))


def delete_scripts(conn: sqlite3.Connection, *, script_ids: list[int]) -> OpResult:
    """Delete scripts with their sequence steps; sent-script interactions and tasks keep their
    rows but lose the link. Undo brings back scripts, steps and links."""
    images = {i: image for i, image in scripts_db.snapshot(conn, script_ids).items() if image}
    if not images:
        raise ValidationError("script_ids", "请先选择要删除的话术")
    refs = scripts_db.references(conn, images)
    with transaction(conn):
        result = _delete(conn, images, refs)
    label = (f"删除话术“{next(iter(images.values()))[1]}”" if len(images) == 1
             else f"删除 {len(images)} 条话术")
    return OpResult(result.changes, label=label, count=len(images), undo=result.undo)


def _delete(conn, images: dict, refs: scripts_db.References) -> OpResult:
    scripts_db.restore(conn, {i: None for i in images})
    return OpResult(_CHANGED, count=len(images), undo=lambda c: _put_back(c, images, refs))


def _put_back(conn, images: dict, refs: scripts_db.References) -> OpResult:
    scripts_db.restore(conn, images)
    scripts_db.put_back_references(conn, refs)
    return OpResult(_CHANGED, count=len(images), undo=lambda c: _delete(c, images, refs))


@dataclass(frozen=True)
class _UseImages:
    script: dict
    interaction: dict
    progress: dict


def use_script(conn: sqlite3.Connection, *, script_id: int, contact_id: int, text: str,
               clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """The operator sent `text` (rendered from the script) to the contact: log an interaction
    'script_sent' ("话术已发送：<title>"), count the use, and advance every sequence whose next
    step for this contact is this script. Text still holding a {placeholder} is refused."""
    script = _existing(conn, script_id)
    contact = contacts_db.get(conn, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise ValidationError("contact_id", "这位客户已不存在或在回收站中，请重新选择客户")
    left = PLACEHOLDER.search(text)
    if left:
        raise ValidationError("text", f"文字里还有没填的占位符“{left.group(0)}”："
                                      "请改成文字或删掉后再复制")
    if not text.strip():
        raise ValidationError("text", "要发送的文字是空的")
    now = timefmt.to_db(clock())
    steps = sequences.steps_advanced_by(conn, contact, script_id)
    before = _UseImages(scripts_db.snapshot(conn, [script_id]), {},
                        sequences.progress_images(conn, contact_id, steps))
    with transaction(conn):
        interaction_id = scripts_db.insert_script_sent(
            conn, contact_id=contact_id, script_id=script_id, occurred_at=now,
            note=f"话术已发送：{script.title}")
        scripts_db.record_use(conn, script_id, now)
        sequences.write_progress(conn, contact_id, steps, now)
        contacts_db.refresh_activity(conn, contact_id)
    before.interaction[interaction_id] = None
    after = _UseImages(scripts_db.snapshot(conn, [script_id]),
                       scripts_db.interaction_images(conn, [interaction_id]),
                       sequences.progress_images(conn, contact_id, steps))
    return OpResult(_USED, label=f"发送话术“{script.title}”", count=1, value=interaction_id,
                    undo=lambda c: _swap_use(c, contact_id, before, after))


def _swap_use(conn, contact_id: int, images: _UseImages, other: _UseImages) -> OpResult:
    scripts_db.restore(conn, images.script)
    scripts_db.restore_interactions(conn, images.interaction)
    sequences.restore_progress(conn, images.progress)
    contacts_db.refresh_activity(conn, contact_id)
    return OpResult(_USED, count=1, undo=lambda c: _swap_use(c, contact_id, other, images))

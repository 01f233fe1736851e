"""The input of the import jobs: a WeCom-style contacts export of N rows, written once and cached.

What an operator actually brings: one row per (customer, 添加人), so ~3% of the rows repeat a
customer with another account (the import folds them into one contact); ~0.5% broken rows (a
phone typed with a letter O, a 30 February) that the import rejects; phones partly written as
`+86 138-0013-8000` or Excel's `1.38001380000E+10`; dates in three forms; tags as `组:标签`
mixed with bare names. Names, phones, channels and cities come from the demo generator
(desktop/demo_people.py). Every row has a unique 外部联系人ID, WeChat IDs and phones are unique,
so `plan(n)` says exactly how many rows are created, folded and rejected.

Files go to the bench cache keyed by N, variant and a hash of the generator's sources (as the
dataset is), so an edited generator rebuilds them; the xlsx takes a while to write (openpyxl).
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import string
import sys
import time
from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from bench import dataset

HEADERS = ("客户名称", "备注名", "手机号", "微信号", "外部联系人ID", "企业标签", "添加人",
           "添加时间", "来源", "性别", "城市")
REMARK, PHONE, TAGS, ADDER, ADDED = (HEADERS.index(h) for h in ("备注名", "手机号", "企业标签",
                                                                 "添加人", "添加时间"))
# variant → (suffix, text encoding); the CSV encodings are what Excel on Chinese Windows writes
VARIANTS = {"utf8bom": ("csv", "utf-8-sig"), "gb18030": ("csv", "gb18030"), "xlsx": ("xlsx", None)}
SOURCES = ("bench/import_files.py", "desktop/demo*.py", "resources/demo/*.json")
SEED = 20261124
DUPLICATE_SHARE = 0.03
BROKEN_SHARE = 0.005
ODD_PHONE_SHARE = 0.05
WECHAT_SHARE = 0.6
BARE_TAG_SHARE = 0.2   # tags written without their group (they land in the import's own group)
RECENT = 2000          # a repeated customer is one of the last RECENT distinct customers
ADDERS = ("门店主号", "店长小号", "导购小王", "导购小李", "企微客服")
TAG_GROUPS = {
    "需求": ("美白", "抗衰", "祛痘", "补水", "减脂", "养胃", "助眠", "控油"),
    "偏好品类": ("花茶", "护肤", "代餐", "滋补", "彩妆", "护理", "香氛"),
    "消费能力": ("低消费", "中消费", "高消费"),
    "活跃时段": ("早上", "午休", "晚上", "深夜"),
    "身份": ("KOC", "团长", "员工亲友", "宝妈", "学生", "上班族"),
    "活动": ("双十一", "618", "年货节", "会员日", "直播福利", "新品试用"),
    "跟进": ("待回访", "已成交", "沉默", "高意向", "已流失", "投诉过"),
}
ALL_TAGS = [(group, name) for group, names in TAG_GROUPS.items() for name in names]
_ID_CHARS = string.ascii_letters + string.digits + "_-"
_WXID_CHARS = string.ascii_lowercase + string.digits
_GENDERS = {"female": "女", "male": "男", "": "未知"}
_SHANGHAI = timedelta(hours=8)
_LATEST = dataset.NOW.replace(tzinfo=None) + _SHANGHAI  # nobody is added after the clock


def plan(n: int) -> dict[str, int]:
    """How the N rows split: exact counts, so a job can check the import did what it should."""
    duplicates = round(n * DUPLICATE_SHARE)
    broken = min(n - 1 - duplicates, max(1, round(n * BROKEN_SHARE)))  # row 1 is always good
    return {"rows": n, "created": n - duplicates - broken, "folded": duplicates,
            "rejected": broken}


def input_path(n: int, variant: str, cache_dir: Path) -> Path:
    """The cached file of N rows in `variant` (see VARIANTS), written now if missing."""
    suffix, encoding = VARIANTS[variant]
    path = cache_dir / f"import-{n}-{variant}-v{_version()}.{suffix}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.building-{os.getpid()}.{suffix}")
        started = time.perf_counter()
        if encoding is None:
            _write_xlsx(partial, rows(n))
        else:
            _write_csv(partial, rows(n), encoding)
        os.replace(partial, path)  # atomic: a half-written file is never taken for a cached one
        print(f"bench: wrote {path.name} ({path.stat().st_size / 2**20:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        for stale in cache_dir.glob(f"import-{n}-{variant}-v*"):
            if stale != path:
                stale.unlink(missing_ok=True)
    return path


def _version() -> str:
    digest = hashlib.sha1()
    for pattern in SOURCES:
        for source in sorted(dataset.REPO.glob(pattern)):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:10]


def rows(n: int) -> Iterator[list[str]]:
    """The N data rows (cells in HEADERS order), the same on every machine."""
    from desktop.demo_people import Gen  # the demo's name material; only needed when building

    rng = random.Random(SEED)
    gen = Gen(rng, dataset.NOW.replace(tzinfo=None), orders_per_contact=0,
              interactions_per_contact=0)  # naive UTC, as desktop.demo passes it
    counts = plan(n)
    special = rng.sample(range(1, n), counts["folded"] + counts["rejected"])
    duplicates = set(special[:counts["folded"]])
    broken = set(special[counts["folded"]:])
    recent: deque[tuple[list[str], datetime]] = deque(maxlen=RECENT)
    used: set[str] = set()
    people: Iterator[tuple] = iter(())
    for number in range(n):
        if number in duplicates:
            yield _again(rng, *recent[int(rng.random() * len(recent))])
            continue
        person = next(people, None)
        if person is None:
            people = iter(gen.people_rows(number, 5000))
            person = next(people)
        _cid, _persona, gender, nickname, remark, phone, channel, city, added_s = person
        added = gen.base + timedelta(seconds=added_s) + _SHANGHAI
        cells = [nickname, remark, _phone_text(rng, phone), _unique(rng, used, _wechat_id)
                 if rng.random() < WECHAT_SHARE else "", _unique(rng, used, _external_id),
                 _tags_text(rng), ADDERS[int(rng.random() * len(ADDERS))], _date_text(rng, added),
                 channel, _GENDERS[gender], city]
        if number in broken:
            if phone and rng.random() < 0.5:
                cells[PHONE] = phone[:3] + "O" + phone[4:]  # a letter O typed for a zero
            else:
                cells[ADDED] = _date_text(rng, added, day=(2, 30))
        else:
            recent.append((cells, added))
        yield cells


def _again(rng: random.Random, cells: list[str], added: datetime) -> list[str]:
    """The same customer as added by another account: its own remark, tags, time and channel."""
    adders = [a for a in ADDERS if a != cells[ADDER]]
    later = min(added + timedelta(days=int(rng.random() * 200),
                                  seconds=int(rng.random() * 86400)), _LATEST)
    again = list(cells)
    again[REMARK] = "" if rng.random() < 0.5 else cells[REMARK]
    again[TAGS] = _tags_text(rng)
    again[ADDER] = adders[int(rng.random() * len(adders))]
    again[ADDED] = _date_text(rng, later)
    return again


def _phone_text(rng: random.Random, phone: str) -> str:
    if not phone or rng.random() >= ODD_PHONE_SHARE:
        return phone
    if rng.random() < 0.5:
        return f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"
    return f"{phone[0]}.{phone[1:]}E+{len(phone) - 1}"


def _unique(rng: random.Random, used: set[str], make) -> str:
    while (value := make(rng)) in used:
        pass
    used.add(value)
    return value


def _wechat_id(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "wxid_" + "".join(rng.choices(_WXID_CHARS, k=14))
    return rng.choice(string.ascii_letters) + "".join(rng.choices(_ID_CHARS, k=rng.randint(5, 15)))


def _external_id(rng: random.Random) -> str:
    return "wm" + "".join(rng.choices(_ID_CHARS, k=30))


def _tags_text(rng: random.Random) -> str:
    tags = rng.sample(ALL_TAGS, rng.randint(1, 3))
    return "，".join(name if rng.random() < BARE_TAG_SHARE else f"{group}:{name}"
                    for group, name in tags)


def _date_text(rng: random.Random, moment: datetime, day: tuple[int, int] | None = None) -> str:
    """`moment` in one of three forms; `day` (month, day) replaces its date, e.g. by (2, 30)."""
    month, day = day or (moment.month, moment.day)
    r = rng.random()
    if r < 0.5:
        return f"{moment.year}/{month}/{day} {moment:%H:%M}"
    if r < 0.8:
        return f"{moment.year}-{month:02d}-{day:02d}"
    return f"{moment.year}年{month}月{day}日"


def _write_csv(path: Path, data: Iterator[list[str]], encoding: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        writer.writerows(data)


def _write_xlsx(path: Path, data: Iterator[list[str]]) -> None:
    """Write-only openpyxl; a phone in scientific form is the number Excel holds behind it."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("客户列表")
    sheet.append(HEADERS)
    for cells in data:
        phone = cells[PHONE]
        sheet.append([*cells[:PHONE], float(phone) if "E+" in phone else phone,
                      *cells[PHONE + 1:]])
    book.save(path)

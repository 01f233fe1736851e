"""Filling a script's placeholders from a contact: `render(template, contact, settings)`.

A placeholder is a name in braces: `{昵称}`. Names (docs/scripts.md lists them for operators):
  * `{称呼}` — how to address the person, by the rule of `address_of` (below);
  * `{顾问}` `{门店}` `{优惠券}` — from the shop settings (话术设置), the same for everyone;
  * `{天数}` — whole local calendar days since the contact's last order; with no order yet,
    since they were added ("已经{天数}天没下单了" / "加了{天数}天");
  * any contact field by its Chinese name: 昵称 备注 名字 微信号 手机号 性别 城市 生日 来源
    备忘 添加日期 最近下单 下单次数 累计消费 层级 阶段.
A placeholder whose name is unknown, or whose value is empty for this contact, stays in the
text as written and is reported in `problems` with its span in the rendered text: the UI marks
it and refuses to copy until the operator fills or removes it. A literal `{昵称}` is never sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from db.contacts import ContactRecord
from desktop import timefmt
from desktop.contacts import birthday_text
from desktop.exporting import STAGE_NAMES
from desktop.pinyin_keys import SURNAMES

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,20})\}")


@dataclass(frozen=True)
class ShopSettings:
    """What the shop-wide placeholders say (stored in the settings table, see script_settings)."""
    advisor: str = ""   # {顾问}, e.g. 小雅
    store: str = ""     # {门店}, e.g. 花间茶舍
    coupon: str = ""    # {优惠券}, e.g. 满99减20券


@dataclass(frozen=True)
class Problem:
    start: int          # span of "{名字}" in the rendered text
    end: int
    name: str
    kind: str           # 'unknown' or 'empty'
    message: str        # Chinese, says what to do


@dataclass(frozen=True)
class Rendered:
    text: str
    problems: tuple[Problem, ...]

    @property
    def ready(self) -> bool:
        """No placeholder left: the text may be copied and sent."""
        return not self.problems


# The commonest surnames (about 90% of people) plus the compound ones: a remark that is only
# one of these is a surname-only remark ("王") and gets 先生/女士 by gender.
_COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝") | {
    s for s in SURNAMES if len(s) == 2}
# Cut a remark at the first of these: operators write "张姐-VIP 138…" or "王丽 美容院".
_REMARK_SEPARATORS = re.compile(r"[\s\-_/|,，、;；:：()（）\[\]【】#·.]")


def address_of(contact: ContactRecord) -> str:
    """{称呼}: how the message addresses the person ('' when nothing is known).

    Rule, first match wins (tests/desktop/test_placeholders.py holds the table):
      1. a remark: its part before the first separator (space - _ / | , 、 ; : brackets #);
         if that part is a surname alone (王, 欧阳) → + 先生 (male) / 女士 (female); a surname
         alone with unknown gender falls through to the nickname (王 alone reads as rude);
         anything else as written (张姐, 王丽娟, Amy);
      2. the nickname as written;
      3. nothing → '' (an empty placeholder the operator must fill).
    """
    remark = _REMARK_SEPARATORS.split(contact.remark.strip(), maxsplit=1)[0]
    if remark in _COMMON_SURNAMES:
        suffix = {"male": "先生", "female": "女士"}.get(contact.gender)
        if suffix:
            return remark + suffix
    elif remark:
        return remark
    return contact.nickname.strip()


def days_since(contact: ContactRecord, now: datetime) -> int:
    """{天数}: local calendar days since the last order, or since being added without one."""
    start = timefmt.from_db(contact.last_order_at or contact.added_at)
    return max(0, (now.astimezone().date() - start.astimezone().date()).days)


_FIELDS: dict[str, Callable[[ContactRecord], object]] = {
    "昵称": lambda c: c.nickname,
    "备注": lambda c: c.remark,
    "名字": lambda c: c.remark or c.nickname,
    "微信号": lambda c: c.wechat_id,
    "手机号": lambda c: c.phone,
    "性别": lambda c: {"male": "男", "female": "女"}.get(c.gender, ""),
    "城市": lambda c: c.city,
    "生日": lambda c: birthday_text(c.birthday),
    "来源": lambda c: c.channel,
    "备忘": lambda c: c.notes,
    "添加日期": lambda c: timefmt.local_text(c.added_at, with_time=False),
    "最近下单": lambda c: timefmt.local_text(c.last_order_at, with_time=False),
    "下单次数": lambda c: str(c.order_count),
    "累计消费": lambda c: f"¥{c.total_spent_fen / 100:,.2f}".replace(".00", ""),
    "层级": lambda c: f"L{c.tier}",
    "阶段": lambda c: STAGE_NAMES.get(c.stage, ""),
    "称呼": address_of,
}
_SHOP_FIELDS = {"顾问": "advisor", "门店": "store", "优惠券": "coupon"}
NAMES: tuple[str, ...] = ("称呼", *_SHOP_FIELDS, "天数", *(n for n in _FIELDS if n != "称呼"))


def render(template: str, contact: ContactRecord | None, settings: ShopSettings, *,
           clock: timefmt.Clock = timefmt.system_clock) -> Rendered:
    """The template with every known, non-empty placeholder filled. Without a contact the
    contact's placeholders are reported as empty (the preview before one is chosen)."""
    now = clock()
    out: list[str] = []
    problems: list[Problem] = []
    length = last = 0
    for match in PLACEHOLDER.finditer(template):
        out.append(template[last:match.start()])
        length += match.start() - last
        last = match.end()
        name = match.group(1).strip()
        value = _value(name, contact, settings, now)
        if value:
            out.append(value)
            length += len(value)
            continue
        out.append(match.group(0))
        problems.append(Problem(length, length + len(match.group(0)), name,
                                *_problem(name, value, contact)))
        length += len(match.group(0))
    out.append(template[last:])
    return Rendered("".join(out), tuple(problems))


def _value(name: str, contact: ContactRecord | None, settings: ShopSettings,
           now: datetime) -> str | None:
    """The text for `name`; '' when empty for this contact, None when the name is unknown."""
    if name in _SHOP_FIELDS:
        return getattr(settings, _SHOP_FIELDS[name]).strip()
    if name not in _FIELDS and name != "天数":
        return None
    if contact is None:
        return ""
    if name == "天数":
        return str(days_since(contact, now))
    return str(_FIELDS[name](contact) or "").strip()


def _problem(name: str, value: str | None, contact: ContactRecord | None) -> tuple[str, str]:
    if value is None:
        return "unknown", (f"不认识的占位符“{{{name}}}”：请改成已知的占位符（如 {{昵称}}），"
                           "或删掉它、直接写上文字")
    if name in _SHOP_FIELDS:
        return "empty", f"“{{{name}}}”还没有设置：请在“话术设置”里填写，或在这里直接改成文字"
    if contact is None:
        return "empty", f"“{{{name}}}”要选一位客户才能填上"
    return "empty", f"这位客户没有“{name}”：请直接改成文字，或删掉“{{{name}}}”"

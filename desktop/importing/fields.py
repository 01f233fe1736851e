"""The fields an import can fill, the column names that mean them, and cell neutralising.

One table serves import and export: export writes each field under `header`, import recognises
`header` and every alias, so an exported file imports back with no mapping work.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str                   # the name in mappings and in code
    header: str                # the column name export writes
    aliases: tuple[str, ...]   # other column names import recognises
    kind: str = "text"         # text | phone | datetime | tags | gender | birthday | amount
    match_key: bool = False    # used to find an existing contact (in MATCH_ORDER)


CONTACT_FIELDS: tuple[Field, ...] = (
    Field("nickname", "昵称", ("客户名称", "微信昵称", "客户昵称", "名称", "姓名", "客户",
                               "name", "nickname")),
    Field("remark", "备注", ("备注名", "备注名称", "remark")),
    Field("phone", "手机号", ("手机", "手机号码", "联系电话", "电话", "电话号码", "mobile",
                              "phone"), kind="phone", match_key=True),
    Field("wechat_id", "微信号", ("微信", "微信id", "wechat", "wechatid", "wxid"),
          match_key=True),
    Field("wecom_external_id", "外部联系人ID", ("external_userid", "externaluserid",
                                                 "外部联系人id", "客户id"), match_key=True),
    Field("tags", "标签", ("企业标签", "客户标签", "个人标签", "tags", "tag"), kind="tags"),
    Field("channel", "来源", ("添加渠道", "渠道", "来源渠道", "添加来源", "channel", "source")),
    Field("added_at", "添加时间", ("添加日期", "加好友时间", "添加好友时间", "added_at",
                                   "addtime", "createtime"), kind="datetime"),
    Field("owner", "所属员工", ("添加人", "跟进人", "负责人", "所属账号", "添加人账号",
                                 "owner", "userid"), kind="account"),
    Field("gender", "性别", ("gender", "sex"), kind="gender"),
    Field("city", "城市", ("地区", "所在地区", "城市地区", "city", "region")),
    Field("birthday", "生日", ("出生日期", "birthday"), kind="birthday"),
    Field("notes", "描述", ("客户描述", "笔记", "备忘", "notes", "description")),
)

ORDER_FIELDS: tuple[Field, ...] = (
    *(f for f in CONTACT_FIELDS if f.match_key),
    Field("ordered_at", "下单时间", ("订单时间", "支付时间", "消费时间", "购买时间", "交易时间",
                                     "日期", "时间", "ordered_at", "date"), kind="datetime"),
    Field("amount", "金额", ("实付金额", "订单金额", "消费金额", "支付金额", "实收金额",
                             "金额(元)", "金额（元）", "amount"), kind="amount"),
    Field("item", "商品", ("商品名称", "品名", "产品", "产品名称", "item", "product")),
    Field("category", "品类", ("分类", "商品分类", "类别", "品类名称", "category")),
    Field("channel", "渠道", ("下单渠道", "销售渠道", "门店", "channel")),
)

# A row is matched to an existing contact by the first of these keys it has (PRODUCT.md).
MATCH_ORDER = ("wecom_external_id", "wechat_id", "phone")

FIELDS_BY_KIND: Mapping[str, tuple[Field, ...]] = {"contacts": CONTACT_FIELDS,
                                                    "orders": ORDER_FIELDS}

_IDENTITY = ("nickname", "remark", *MATCH_ORDER)  # a contact row must name someone
_ORDER_NEEDS = ("ordered_at", "amount")


def missing_for(kind: str, mapping: Mapping[str, str]) -> str:
    """Why `mapping` cannot import anything yet, in Chinese ('' when it can). The wizard shows
    it before the check; the import services refuse with it."""
    names = {f.key: f.header for f in FIELDS_BY_KIND[kind]}
    if kind == "contacts":
        if mapping.keys() & set(_IDENTITY):
            return ""
        return (f"请至少为{'、'.join(names[k] for k in _IDENTITY)}中的一个选择对应的列，"
                "这样每一行才能对应到一位客户。")
    needed = [names[k] for k in _ORDER_NEEDS if k not in mapping]
    if not mapping.keys() & set(MATCH_ORDER):
        needed.append(f"{'/'.join(names[k] for k in MATCH_ORDER)}之一")
    if not needed:
        return ""
    return f"还需要选择：{'、'.join(needed)}。每笔订单都需要时间、金额，以及用来找到客户的号码。"


_NOISE = re.compile(r"[\s*_\-:：()（）\[\]【】]|必填|选填")


def normalise_header(text: str) -> str:
    """'  手机号（必填）' → '手机号'; 'External_UserID' → 'externaluserid'."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).lower().replace("\ufeff", ""))


def _recognised(fields: Iterable[Field]) -> dict[str, str]:
    names: dict[str, str] = {}
    for f in fields:
        for name in (f.header, *f.aliases, f.key):
            names.setdefault(normalise_header(name), f.key)
    return names


def field_named(kind: str, name: str) -> Field | None:
    """A field given by key, export header or alias (the CLI's `--map 字段=列`)."""
    key = _recognised(FIELDS_BY_KIND[kind]).get(normalise_header(name))
    return next((f for f in FIELDS_BY_KIND[kind] if f.key == key), None)


def recognise(headers: Sequence[str], kind: str = "contacts") -> dict[str, str]:
    """Guess the mapping {field key: column header} from the usual names; each field and each
    column at most once (the leftmost column wins)."""
    names = _recognised(FIELDS_BY_KIND[kind])
    mapping: dict[str, str] = {}
    for header in headers:
        key = names.get(normalise_header(header))
        if key and key not in mapping:
            mapping[key] = header
    return mapping


def headers_signature(headers: Sequence[str]) -> str:
    """Files with the same columns (in any order) get the same saved mapping offered."""
    return "\x1f".join(sorted(normalise_header(h) for h in headers))


# OWASP CSV injection: a cell that a spreadsheet would run as a formula gets a leading quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise`, so our own exports import back to the same values."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text

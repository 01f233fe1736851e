"""The words and content of the demo data: resources/demo/*.json, read once on first use.

The files hold what a shop might write differently (names, cities, products, tags, scripts, SOP
rules, posts); desktop/demo_people.py, demo_activity.py and demo_content.py hold how they are
drawn. Read lazily and cached, never at import: the window imports desktop.demo at start-up.

A weighted choice is a JSON object of value → weight and becomes a pool here: each value
`weight` times, in file order, for a draw `pool[int(rng.random() * len(pool))]`. The order of
the pools and lists is the order of the draws, so the same files, seed and clock give the same
database. Records become named tuples whose fields are the JSON keys (a missing or unknown key
fails loudly) and in whose order the generators unpack them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from desktop.paths import resource


class Account(NamedTuple):
    id: int
    name: str
    kind: str
    note: str


class Product(NamedTuple):
    item: str
    category: str
    price_fen: int
    weight: int
    premium: bool


class Slot(NamedTuple):
    """One slot of the weekly moments template; weekday 1 = Monday."""
    weekday: int
    local_time: str
    content_type: str
    body: str
    is_hard_ad: bool


class Post(NamedTuple):
    body: str
    is_hard_ad: bool


class Script(NamedTuple):
    """target_tiers / target_stages: comma-separated, empty = everyone."""
    title: str
    category: str
    target_tiers: str
    target_stages: str
    shortcut: str
    favourite: bool
    body: str


class Step(NamedTuple):
    """A step of a sequence; `script` is a script's title."""
    position: int
    variant: str
    script: str
    delay_days: int


class Sequence(NamedTuple):
    name: str
    description: str
    steps: tuple[Step, ...]


class SopRule(NamedTuple):
    """A built-in rule; `script` is the title of the script its tasks suggest."""
    code: str
    name: str
    trigger: str
    params: dict[str, Any]
    delay_minutes: int
    task_title: str
    script_category: str
    script: str


@dataclass(frozen=True)
class People:
    """resources/demo/people.json: who the contacts are and how they behave."""
    accounts: tuple[Account, ...]
    account_pool: tuple[int, ...]
    channel_pool: tuple[str, ...]
    city_pool: tuple[str, ...]          # "" = city unknown
    surname_pool: tuple[str, ...]
    given_female: str                   # one character a name part
    given_male: str
    given_any: str
    net_words: tuple[str, ...]
    net_prefixes: tuple[str, ...]
    net_suffixes: tuple[str, ...]
    repeated_chars: str
    english_female: tuple[str, ...]
    english_male: tuple[str, ...]
    needs: tuple[str, ...]
    notes: tuple[str, ...]
    phone_prefixes: tuple[str, ...]
    hour_weights: tuple[tuple[int, int], ...]                         # (local hour, weight)
    interaction_kinds: tuple[tuple[str, int, tuple[str, ...]], ...]   # (kind, weight, notes)


@dataclass(frozen=True)
class Shop:
    """resources/demo/shop.json: what the shop sells, its tags, posts and chores."""
    catalog: tuple[Product, ...]
    order_channel_pool: tuple[str, ...]
    # (group name, single choice, ((tag, colour), …))
    tag_groups: tuple[tuple[str, bool, tuple[tuple[str, str], ...]], ...]
    slot_template: str                  # the weekly template's name
    slots: tuple[Slot, ...]
    post_times: tuple[str, ...]         # local HH:MM
    posts: dict[str, tuple[Post, ...]]  # content type → posts
    post_type_pool: tuple[str, ...]
    manual_tasks: tuple[tuple[str, bool], ...]   # (title, about a contact)
    placeholders: dict[str, str]        # the shop's {顾问} {门店} {优惠券} (script settings)


@dataclass(frozen=True)
class ScriptLibrary:
    """resources/scripts/starter.json: scripts (ids 1, 2, … in file order) and sequences.

    The one source of starter scripts: the demo fills it, desktop/script_io.py installs it."""
    scripts: tuple[Script, ...]
    sequences: tuple[Sequence, ...]
    script_id: dict[str, int]           # title → id


def _read(name: str) -> dict[str, Any]:
    return json.loads(resource("demo", name).read_text(encoding="utf-8"))


def _pool(weights: dict[str, int]) -> tuple[str, ...]:
    return tuple(value for value, weight in weights.items() for _ in range(weight))


@cache
def people() -> People:
    raw = _read("people.json")
    accounts = raw["accounts"]
    return People(
        accounts=tuple(Account(a["id"], a["name"], a["kind"], a["note"]) for a in accounts),
        account_pool=tuple(a["id"] for a in accounts for _ in range(a["weight"])),
        channel_pool=_pool(raw["channels"]),
        city_pool=_pool(raw["cities"]),
        # a group's names: each character of a string, or each entry of a list (compounds)
        surname_pool=tuple(name for group in raw["surnames"] for name in group["names"]
                           for _ in range(group["weight"])),
        given_female=raw["given_name_chars"]["female"],
        given_male=raw["given_name_chars"]["male"],
        given_any=raw["given_name_chars"]["any"],
        net_words=tuple(raw["net_names"]["words"]),
        net_prefixes=tuple(raw["net_names"]["prefixes"]),
        net_suffixes=tuple(raw["net_names"]["suffixes"]),
        repeated_chars=raw["net_names"]["repeated_chars"],
        english_female=tuple(raw["english_names"]["female"]),
        english_male=tuple(raw["english_names"]["male"]),
        needs=tuple(raw["needs"]),
        notes=tuple(raw["notes"]),
        phone_prefixes=tuple(raw["phone_prefixes"]),
        hour_weights=tuple((int(h), w) for h, w in raw["active_hours_local"].items()),
        interaction_kinds=tuple((kind, k["weight"], tuple(k["notes"]))
                                for kind, k in raw["interactions"].items()))


@cache
def shop() -> Shop:
    raw = _read("shop.json")
    moments = raw["moments"]
    types = moments["content_types"]
    tasks = raw["manual_tasks"]
    return Shop(
        catalog=tuple(Product(**p) for p in raw["catalog"]),
        order_channel_pool=_pool(raw["order_channels"]),
        tag_groups=tuple((g["name"], g["single_choice"],
                          tuple((t["name"], t["color"]) for t in g["tags"]))
                         for g in raw["tag_groups"]),
        slot_template=moments["slot_template"]["name"],
        slots=tuple(Slot(**s) for s in moments["slot_template"]["slots"]),
        post_times=tuple(moments["post_times_local"]),
        posts={ctype: tuple(Post(**p) for p in t["posts"]) for ctype, t in types.items()},
        post_type_pool=_pool({ctype: t["weight"] for ctype, t in types.items()}),
        manual_tasks=tuple([(title, True) for title in tasks["about_a_contact"]]
                           + [(title, False) for title in tasks["general"]]),
        placeholders=dict(raw["placeholders"]))


@cache
def script_library() -> ScriptLibrary:
    raw = json.loads(resource("scripts", "starter.json").read_text(encoding="utf-8"))
    scripts = tuple(Script(**s) for s in raw["scripts"])
    return ScriptLibrary(
        scripts=scripts,
        sequences=tuple(Sequence(s["name"], s["description"],
                                 tuple(Step(**step) for step in s["steps"]))
                        for s in raw["sequences"]),
        script_id={s.title: i for i, s in enumerate(scripts, start=1)})


@cache
def sop_rules() -> tuple[SopRule, ...]:
    return tuple(SopRule(**r) for r in _read("sop_rules.json")["rules"])

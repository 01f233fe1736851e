"""Which contacts match a search and a set of filters, in list order, as SQL over indexes.

The desktop layer (desktop/contact_query.py) resolves everything relative or local first —
cutoffs from its clock, local dates as UTC bounds, the normalised search text and its kind —
so this module deals only in plain stored values. Read-only; any thread with its own
connection.

Live contacts are found by scanning contacts_live_list (migration 0004), a covering index of
every column a search, a filter or a list sort reads, led by the list order (sort_name, id).
It is about a tenth of the table's pages, so a scan costs ~10 ms at 100k contacts where the
table costs ~150 ms, and it yields hits already in display order. Only a tag held by few
contacts does better: their rows, read by id (see _Terms). How a search matches:
  * text (Chinese, emoji, mixed): nickname and remark by substring, ignoring ASCII case;
  * latin: the pinyin keys by prefix (from 3 letters by substring) and the initials by prefix,
    in the same scan; WeChat / WeCom ids by prefix over their case-insensitive indexes;
  * digits: phone by prefix and, through phone_reversed, by its last digits (from 3 digits);
    WeChat / WeCom ids and names that begin with digits by prefix. Index ranges only.
Hits found by an index range join the statement as an id list. Ranks — exact (0) > prefix (1)
> substring (2) — are computed by SQL for the rows returned, and Python partitions the ids by
rank keeping list order: ordering 12k hits by a rank in SQL costs as much as the scan itself.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from db.contacts import SORT_EXPRESSIONS

EXACT, PREFIX, SUBSTRING = 0, 1, 2
MIN_SUBSTRING_LETTERS = 3  # a shorter pinyin fragment occurs in a large part of any list
MIN_KEY_CHARS = 3          # phone numbers and ids by 1–2 characters would match nearly all
# Up to this many hits found by index ranges alone, reading their rows by id (~3 µs each in the
# wide table) beats a scan of contacts_live_list (~10 ms at 100k).
LOOKUP_LIMIT = 3_000
# A positive tag condition held by at most this many contacts drives the query (see _Terms).
DRIVE_LIMIT = 20_000
TAG_MODES = ("all", "any", "none")
_NOCASE_COLUMNS = frozenset({"wechat_id", "wecom_external_id"})  # indexed COLLATE NOCASE
# contacts_live_list holds every sort key but the trash's own.
_LIST_INDEX_SORTS = frozenset(SORT_EXPRESSIONS) - {"deleted_at"}


@dataclass(frozen=True)
class TextSearch:
    """A search box entry, normalised (NFKC, lower case, trimmed) by the caller.

    kind: 'text', 'latin' or 'digits'. `key` keeps only a–z and 0–9 of `text`: the form of the
    stored pinyin keys and phone numbers ("zhang xiao" → "zhangxiao")."""
    kind: str
    text: str
    key: str


@dataclass(frozen=True)
class Filters:
    """Conditions besides the search text, all ANDed; empty or None = no constraint.

    tag_conditions: (mode, tag ids) with mode 'all' | 'any' | 'none'; an unknown id is a tag
    nobody has. Instants are stored UTC text; `*_before_utc` bounds are exclusive."""
    trashed: bool = False
    tag_conditions: tuple[tuple[str, tuple[int, ...]], ...] = ()
    tiers: tuple[int, ...] = ()
    stages: tuple[str, ...] = ()
    rfm_segments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    owner_account_ids: tuple[int, ...] = ()
    added_since_utc: str | None = None
    added_before_utc: str | None = None
    quiet_before_utc: str | None = None     # last touch (or being added) before this
    ordered_since_utc: str | None = None    # last order at or after this
    has_phone: bool | None = None
    has_wechat_id: bool | None = None


def _marks(values: tuple | list) -> str:
    return ",".join("?" * len(values))


@dataclass
class _Terms:
    """WHERE terms besides live/trash, in the order SQLite is to test them, and parameters.

    SQLite tests terms in the order written: column compares first (a value at hand), then tag
    terms, each a probe of a subquery's result (~0.2 µs a row), the fewest holders first.
    `drive_by_tag`: the first term is a tag held by so few contacts that reading their rows by
    id beats any scan (~1.2 µs a row against ~25 ms)."""
    sql: list[str]
    params: list
    drive_by_tag: bool = False

    def add(self, term: str, values: Iterable = ()) -> None:
        self.sql.append(term)
        self.params.extend(values)


def _tag_terms(conn: sqlite3.Connection, conditions: tuple[tuple[str, tuple[int, ...]], ...]
               ) -> tuple[list[tuple[int, str, list]], list[tuple[str, list]]]:
    """(holders, term, tag ids) of the tests a contact must pass — one per tag of an all-of
    condition, one per any-of — fewest holders first; and (term, tag ids) of those it must
    fail, one per none-of condition."""
    wanted = sorted({t for _mode, tag_ids in conditions for t in tag_ids})
    holders = dict(conn.execute(
        f"SELECT tag_id, count(*) FROM contact_tags WHERE tag_id IN ({_marks(wanted)}) "
        "GROUP BY tag_id", wanted)) if wanted else {}
    has = "id IN (SELECT contact_id FROM contact_tags WHERE tag_id IN ({}))"
    passes, fails = [], []
    for mode, tag_ids in conditions:
        if mode not in TAG_MODES:
            raise ValueError(f"tag condition mode {mode!r}")
        if mode == "none":
            fails.append((f"NOT {has.format(_marks(tag_ids))}", list(tag_ids)))
            continue
        for group in ([(t,) for t in tag_ids] if mode == "all" else [tag_ids]):
            passes.append((sum(holders.get(t, 0) for t in group), has.format(_marks(group)),
                           list(group)))
    passes.sort(key=lambda test: test[0])
    return passes, fails


def _filter_terms(conn: sqlite3.Connection, filters: Filters) -> _Terms:
    terms = _Terms([], [])
    passes, fails = _tag_terms(conn, tuple((m, t) for m, t in filters.tag_conditions if t))
    if passes and passes[0][0] <= DRIVE_LIMIT and not filters.trashed:
        terms.add(*passes.pop(0)[1:])
        terms.drive_by_tag = True
    for column, values in (("tier", filters.tiers), ("stage", filters.stages),
                           ("rfm_segment", filters.rfm_segments), ("channel", filters.channels),
                           ("owner_account_id", filters.owner_account_ids)):
        if values:
            terms.add(f"{column} IN ({_marks(values)})", values)
    for term, value in (("added_at >= ?", filters.added_since_utc),
                        ("added_at < ?", filters.added_before_utc),
                        # as db.briefing.quiet_count, so that the two counts agree
                        ("coalesce(last_interaction_at, added_at) < ?", filters.quiet_before_utc),
                        ("last_order_at >= ?", filters.ordered_since_utc)):
        if value is not None:
            terms.add(term, [value])
    for column, wanted in (("phone", filters.has_phone), ("wechat_id", filters.has_wechat_id)):
        if wanted is not None:
            terms.add(f"{column} {'<>' if wanted else '='} ''")
    for _holders, term, tag_ids in passes:
        terms.add(term, tag_ids)
    for term, tag_ids in fails:
        terms.add(term, tag_ids)
    return terms


def _state(filters: Filters) -> str:
    return "deleted_at IS NOT NULL" if filters.trashed else "deleted_at IS NULL"


def _hint(filters: Filters, terms: _Terms, sort_by: str, scan: bool) -> str:
    """How SQLite is to read contacts when rows are tested one by one (`scan`).

    Left alone, the planner walks the sort index and reads every row of the wide table to test
    the filters (150 ms at 100k for "tier 4 or 5"), or reads the table for each row of one
    term's index; the covering scan of contacts_live_list costs ~15–35 ms whatever the terms.
    A rare tag is better still: the rows of its holders, read by id."""
    if terms.drive_by_tag:
        return "NOT INDEXED "
    if scan and not filters.trashed and sort_by in _LIST_INDEX_SORTS:
        return "INDEXED BY contacts_live_list "
    return ""


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _upper_bound(prefix: str) -> str:
    """The smallest string after every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _ranges(search: TextSearch) -> list[tuple[str, str]]:
    """(column, prefix) looked up by index range for a search."""
    key = search.key
    if search.kind == "latin":
        ranges, id_prefix = [], search.text  # ids keep their "_" and "-"
    elif search.kind == "digits":
        ranges, id_prefix = [("nickname_pinyin", key), ("remark_pinyin", key)], key
        if len(key) >= MIN_KEY_CHARS:
            ranges += [("phone", key), ("phone_reversed", key[::-1])]
    else:
        return []
    if len(id_prefix) >= MIN_KEY_CHARS:
        ranges += [("wechat_id", id_prefix), ("wecom_external_id", id_prefix)]
    return ranges


def _range_ranks(conn: sqlite3.Connection, search: TextSearch, state: str) -> dict[int, int]:
    """id → EXACT or PREFIX of the contacts found by index ranges.

    WeChat / WeCom ids are compared ignoring ASCII case, over their NOCASE indexes; the other
    columns hold lower-case letters and digits only. "<> ''" lets the planner use the partial
    indexes that leave out empty values."""
    ranks: dict[int, int] = {}
    for column, prefix in _ranges(search):
        value = f"{column} COLLATE NOCASE" if column in _NOCASE_COLUMNS else column
        for contact_id, rank in conn.execute(
                f"SELECT id, {value} <> ? FROM contacts WHERE {state} AND {column} <> '' "
                f"AND {value} >= ? AND {value} < ?", (prefix, prefix, _upper_bound(prefix))):
            ranks[contact_id] = min(rank, ranks.get(contact_id, rank))
    return ranks


def _scan_sql(search: TextSearch) -> tuple[str, list, str, list] | None:
    """(rank expression, its parameters, match condition, its parameters) of the scan, or None
    when the search uses index ranges only.

    Names are compared with LIKE, which ignores ASCII case as the search must. The stored keys
    are lower case already: ranges and instr() test them in ~30% less time than LIKE."""
    if search.kind == "text":
        like, wanted = "{c} LIKE ? ESCAPE '\\'", _escaped(search.text)
        tests = {"exact": (like, [wanted]), "prefix": (like, [wanted + "%"]),
                 "substring": (like, [f"%{wanted}%"])}
        columns = substring = ("nickname", "remark")
    elif search.kind == "latin":
        key = search.key
        tests = {"exact": ("{c} = ?", [key]),
                 "prefix": ("({c} >= ? AND {c} < ?)", [key, _upper_bound(key)]),
                 "substring": ("instr({c}, ?) > 0", [key])}
        columns = ("nickname_pinyin", "remark_pinyin", "nickname_initials", "remark_initials")
        substring = columns[:2] if len(key) >= MIN_SUBSTRING_LETTERS else ()
    else:
        return None

    def any_of(column_tests: list[tuple[str, str]]) -> tuple[str, list]:
        sql = " OR ".join(tests[test][0].format(c=column) for column, test in column_tests)
        return f"({sql})", [v for _column, test in column_tests for v in tests[test][1]]
    exact, exact_params = any_of([(c, "exact") for c in columns])
    prefix, prefix_params = any_of([(c, "prefix") for c in columns])
    rank = f"CASE WHEN {exact} THEN {EXACT} WHEN {prefix} THEN {PREFIX} ELSE {SUBSTRING} END"
    return (rank, exact_params + prefix_params,
            *any_of([(c, "substring" if c in substring else "prefix") for c in columns]))


@dataclass(frozen=True)
class _Match:
    """What a search adds to the statement: the selected columns (id and rank), a WHERE term,
    parameters for both, the ranks of the hits found by index ranges, and whether rows are
    tested one by one (a scan) rather than looked up by id."""
    columns: str
    where: str
    params: list
    ranged: dict[int, int]
    scan: bool


def _match(conn: sqlite3.Connection, search: TextSearch, state: str) -> _Match:
    ranged = _range_ranks(conn, search, state)
    found_by_id = "id IN (SELECT value FROM json_each(?))"
    scanned = _scan_sql(search)
    if scanned is None:  # each hit's rank comes from its range
        return _Match(f"id, {SUBSTRING}", found_by_id, [json.dumps(list(ranged))], ranged,
                      len(ranged) > LOOKUP_LIMIT)
    rank, rank_params, where, where_params = scanned
    if ranged:  # placed in list order by the same scan
        where = f"({where} OR {found_by_id})"
        where_params = [*where_params, json.dumps(list(ranged))]
    return _Match(f"id, {rank}", where, [*rank_params, *where_params], ranged, True)


def matching_ids(conn: sqlite3.Connection, search: TextSearch | None, filters: Filters, *,
                 sort_by: str = "display_name", descending: bool = False) -> array:
    """Every matching id: by rank (exact, prefix, substring) when searching, then list order.

    `sort_by` is a key of db.contacts.SORT_EXPRESSIONS."""
    if sort_by not in SORT_EXPRESSIONS:
        raise ValueError(f"unknown sort key {sort_by!r}")
    state = _state(filters)
    terms = _filter_terms(conn, filters)
    match = None if search is None else _match(conn, search, state)
    where = [state, *([match.where] if match else []), *terms.sql]
    hint = _hint(filters, terms, sort_by, match.scan if match else bool(terms.sql))
    direction = "DESC" if descending else "ASC"
    rows = conn.execute(
        f"SELECT {match.columns if match else 'id'} FROM contacts {hint}"
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY {SORT_EXPRESSIONS[sort_by]} {direction}, id {direction}",
        [*(match.params if match else []), *terms.params])
    if match is None:  # one column: 42k ids arrive in 2/3 of the time two columns take
        return array("q", (contact_id for (contact_id,) in rows))
    by_rank: tuple[array, array, array] = (array("q"), array("q"), array("q"))
    for contact_id, sql_rank in rows:
        by_rank[min(sql_rank, match.ranged.get(contact_id, sql_rank))].append(contact_id)
    exact, prefix, substring = by_rank
    exact.extend(prefix)
    exact.extend(substring)
    return exact


def count_matching(conn: sqlite3.Connection, search: TextSearch | None, filters: Filters) -> int:
    """How many contacts `matching_ids` returns."""
    if search is not None:
        return len(matching_ids(conn, search, filters))
    terms = _filter_terms(conn, filters)
    hint = _hint(filters, terms, "display_name", bool(terms.sql))
    where = " AND ".join([_state(filters), *terms.sql])
    return conn.execute(f"SELECT count(*) FROM contacts {hint}WHERE {where}",
                        terms.params).fetchone()[0]

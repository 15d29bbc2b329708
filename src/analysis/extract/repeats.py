"""A statement stated twice: one row when alike, in halves or rounded; two naming each other when they disagree.

merge_repeats(records, where, unread)   the records, each statement once; messages for totals that disagree
headlines_again(layout, records, unread) a headline line's figure that the body states again: the body's, no row
"""

from __future__ import annotations

import itertools
import re

from . import sales, text
from . import vocabulary as labels
from .records import TransferRecord, Unread, parent_ids, states_again

__all__ = ["headlines_again", "merge_repeats"]


_HEADLINE = 40  # characters: a paragraph this short with no full stop is a headline line


def headlines_again(
    layout: text.Layout, records: list[TransferRecord], unread: list[Unread]
) -> list[TransferRecord]:
    """A record of a headline line (短, no 。) whose area or proceeds the body states again is the body's
    (2月份住宅用地实际挂牌出让2011.69亩, then …普通商住房用地共有32块,面积为2011.69亩), or whose count alone the
    body states again with more figures (17宗土地成交, then 共有17宗土地成交,共计1029亩): no row of its own."""
    txt, parents = layout.text, parent_ids(records)

    def headline(record: TransferRecord) -> bool:
        start, end = layout.paragraph_at(record.start)
        line = txt[start:end].strip()
        return 0 < len(line) <= _HEADLINE and "。" not in line

    heads = [r for r in records if id(r) not in parents and headline(r)]
    if not heads:
        return records
    head_ids = {id(r) for r in heads}
    body = {
        (m, q.value)
        for r in records
        if id(r) not in head_ids
        for m, q in r.measures.items()
        if m != "parcels"
    }
    counted = {  # 17宗土地成交 over …共有17宗土地成交,共计1029亩: a count alone, said again with more
        r.measures["parcels"].value
        for r in records
        if id(r) not in head_ids and len(r.measures) > 1 and "parcels" in r.measures
    }
    again = {
        id(r): r
        for r in heads
        if any((m, q.value) in body for m, q in r.measures.items() if m != "parcels")
        or (set(r.measures) == {"parcels"} and r.measures["parcels"].value in counted)
    }
    unread += [Unread(r.start, r.end, _HEADLINE_AGAIN) for r in again.values()]
    return [r for r in records if id(r) not in again]


_HEADLINE_AGAIN = (
    "not read: a headline's figure that the text states again below (the body's statement is the row)"
)


def merge_repeats(
    records: list[TransferRecord], where, unread: list[Unread] | None = None
) -> tuple[list[TransferRecord], list[str]]:
    """One row for a statement stated twice with the same figures; a total stated twice differently is kept
    twice, each naming the other (`conflict`), with a message saying where (refused under --strict); a later
    total smaller in every shared figure (全国…6525.98亿元 … 上海…184.20亿元) is a part by place: no row."""
    unread = [] if unread is None else unread
    dropped: set[int] = set()
    kept: list[TransferRecord] = []
    conflicts: list[str] = []
    first_of: dict[tuple, TransferRecord] = {}  # a statement's key -> its first record
    merged: dict[int, TransferRecord] = {}  # id of a record merged away -> its twin
    for record in records:
        if record.parent is not None and id(record.parent) in merged:
            record.parent = merged[id(record.parent)]  # parents come before their parts
        if record.parent is not None and id(record.parent) in dropped:
            dropped.add(id(record))
            continue
        twin = first_of.setdefault(_statement_key(record), record)
        alike = _part_again(first_of, record) if twin is record else None
        if alike is not None:  # 住宅用地供应2988.98公顷 before its total, then again in the total's list
            alike.parent, alike.repeats = record.parent, alike.repeats + list(record.measures.values())
            merged[id(record)] = alike
            kept.remove(alike)
            kept.append(alike)  # after its parent, as every part
            continue
        if twin is record:
            kept.append(record)
            continue
        # 9月15日…19宗…。此次共拍出52宗地…。最后成交价约345.5亿元: the 52's figures, not the 19's
        if (last := _completed(kept, twin, record)) is not None:
            merged[id(record)] = last
            continue
        same = states_again(twin, record)  # again, maybe with fewer figures
        finer = None if same else _finer(twin, record) or _fuller(twin, record)
        if finer is None and not same and _smaller(record, twin) and not _own_scope(where, record):
            dropped.add(id(record))
            unread.append(Unread(record.start, record.end, _SMALLER))
            continue
        if same or finer is twin:
            twin.repeats.extend(record.measures.values())
            merged[id(record)] = twin
        elif finer is record:  # 出让金达1.59万亿元 (a headline) … 1.59102万亿元: keep the figure in full
            _take_over(record, twin, kept, first_of, merged)
        elif _took_second_half(twin, record):  # 成交面积518万平方米 … (next paragraph) 成交总金额229亿元
            merged[id(record)] = twin
        elif record.is_total:
            record.conflict, twin.conflict = twin, twin.conflict or record
            conflicts.append(_disagreeing(twin, record, where))
            kept.append(record)
        else:
            kept.append(record)
    return kept, conflicts


_RECENT = 8  # records kept that a statement told in two halves may complete


def _completed(
    kept: list[TransferRecord], twin: TransferRecord, record: TransferRecord
) -> TransferRecord | None:
    """The last record kept of the statement twin first stated, when it is not twin and the record gives it
    the figures it lacks (a day's count, then its area and proceeds, after another day of the same month and
    method): it takes them. None otherwise (the record is then compared with twin)."""
    key = _statement_key(record)
    recent = itertools.islice(reversed(kept), _RECENT)  # a few records back: linear however many are kept
    last = next((k for k in recent if _statement_key(k) == key), None)
    return last if last is not None and last is not twin and _took_second_half(last, record) else None


def _took_second_half(first: TransferRecord, record: TransferRecord) -> bool:
    """Whether `first` took the record's figures (it is changed, not only asked): it does when the record is the
    second half of a statement told in two (_whole) and gives it only figures it lacks. A first half in conflict
    takes nothing."""
    if first.conflict or first.measures.keys() & record.measures.keys() or not _whole(record):
        return False
    first.measures.update(record.measures)
    first.end = max(first.end, record.end)
    return True


def _bought(where, record: TransferRecord) -> bool:
    """保利发展以31.36亿元竞得3宗 after the day's 22宗: a buyer's lots at the price it paid, rows of their own (round 9,
    C5: lots with their price), never a smaller total of a place or rank."""
    price = record.measures.get("revenue")
    return where is not None and price is not None and sales.paid_at(where.report.text, price, record.start)


# a group of cities counted (70个大中城市, 22城, 百城, 300个重点城市): a sample with a scope of its own
_CITIES_COUNTED = re.compile(
    r"(?:\d+|[一二三四五六七八九十百]+)\s*个?(?:大中|主要|重点|典型|热点|样本)?城(?:市)?"
)


def _own_scope(where, record: TransferRecord) -> bool:
    """A smaller total that is no part of the first: a buyer's lots (_bought), or a total whose words count the
    cities it sums over (2009年全国…1.5万亿元。…中国70个大中城市土地出让金共计10836亿元: the 70 cities', kept, the two
    flagged as disagreeing)."""
    if _bought(where, record):
        return True
    first = min(q.start for q in record.measures.values())
    return where is not None and _CITIES_COUNTED.search(where.report.text, record.start, first) is not None


def _whole(record: TransferRecord) -> bool:
    """A statement that may be told in two halves: a total, a method's total, or a day's lots of one use type
    standing alone (当日共有8宗地块…成交7宗…,总成交面积…,总成交金额…: 7 and its figures, 住宅 by its 宅地 土拍)."""
    return record.is_any_total or (record.statement == "part" and not record.parent)


_SMALLER = "not read: a total smaller than the same total stated before it: a part by place or rank?"


def _smaller(later: TransferRecord, first: TransferRecord) -> bool:
    """Every figure the later total shares with the first is smaller (a city's proceeds after the country's)."""
    if not later.is_any_total:  # a method's too: a day named 拍卖 (土拍, C3) is compared as one naming none
        return False
    shared = later.measures.keys() & first.measures.keys()
    return bool(shared) and all(later.measures[m].base_value < first.measures[m].base_value for m in shared)


def _take_over(
    record: TransferRecord, twin: TransferRecord, kept: list, first_of: dict, merged: dict
) -> None:
    """record, the fuller statement, takes twin's place: its row, its key, its parts."""
    record.repeats.extend([*twin.measures.values(), *twin.repeats])
    kept[kept.index(twin)] = record
    first_of[_statement_key(record)] = record
    merged[id(twin)] = record
    for other in kept:
        if other.parent is twin:
            other.parent = record


def _finer(a: TransferRecord, b: TransferRecord) -> TransferRecord | None:
    """The record whose figures the other's round (1.59万亿元 of 1.59102万亿元), or None."""
    if a.measures.keys() != b.measures.keys():
        return None
    finer = set()
    for m, q in a.measures.items():
        r = b.measures[m]
        if q.value == r.value:
            continue
        if q.unit != r.unit or q.kind != r.kind:
            return None
        coarse, fine = (q, r) if q.rounding_margin > r.rounding_margin else (r, q)
        if (
            coarse.rounding_margin == fine.rounding_margin
            or abs(coarse.value - fine.value) > coarse.rounding_margin
        ):
            return None
        finer.add(id(fine) == id(r))
    return (b if finer.pop() else a) if len(finer) == 1 else None


def _fuller(a: TransferRecord, b: TransferRecord) -> TransferRecord | None:
    """The record that states every figure of the other and more (a headline 739.37平方米 of the body's
    1宗…739.37平米), or None."""
    for short, full in ((a, b), (b, a)):
        if short.measures.keys() < full.measures.keys() and states_again(full, short):
            return full
    return None


def _part_again(first_of: dict, record: TransferRecord) -> TransferRecord | None:
    """The same part with the same figures stated before its total (so with no parent): that record, or None."""
    if record.statement != "part" or record.parent is None:
        return None
    key = (*_statement_key(record)[:-1], id(None))
    alike = first_of.get(key)
    if alike is None or alike.measures.keys() != record.measures.keys():
        return None
    return alike if states_again(alike, record) else None


def _statement_key(r: TransferRecord) -> tuple:
    return (r.statement, r.channel, r.method, r.use_type, r.is_scope_ambiguous, r.period, id(r.parent))


def _disagreeing(a: TransferRecord, b: TransferRecord, where) -> str:
    what = labels.label("channel", a.channel) if a.channel else labels.label("statement", a.statement)
    places = "; ".join(where.quoted(r.start, r.end) for r in (a, b))
    return (
        f"{where.path}: ambiguous: 2 candidate totals for {what} ({a.period.label}) that disagree: {places};"
        " both are kept, each naming the other in `conflict`, neither is summed"
    )

"""What an auction day's figures are: the day's total, its lots, what was offered and what sold.

    totals_of_the_day(layout, records)   a 总 figure after the counts of how the lots went is the day's
    siblings_apart(records)              a use type is never a part of another use type
    said_again(layout, records)          a figure rounded from another record's (约, fewer digits) is that record again
    lot_prices_apart(layout, records)    a lot's price after a many-parcel total is a sale of its own
    count_said_again(records, draft, reading, period)   the day's count said again with the figures it lacks
    offered_and_sold(layout, records, items)   the day's lots put up and those sold, told apart
    lots_of_the_days_use(records, items)       a lot naming no use type is of the day's lots' use type

NOTES
- The records are those of a text that tells an auction (auctions.py); a news
  item is a paragraph that opens with its day and those after it up to the next.
- An auction puts lots up (挂牌出让6宗地块, 推出7宗) and sells some or all of
  them (成交5宗). Where the item tells fewer sold than put up, the count put up,
  in words naming no sale, is what was offered; where as many, the two
  statements are one total in two halves (7宗地块均以底价成交,共吸金6.2亿元 …
  此次拍卖会共推出7宗地块,总净用地面积62.84万平方米).
"""

from __future__ import annotations

import bisect
import itertools
import re
from fractions import Fraction

from ..source.quantities import Quantity, convert
from ..source.units import scale_factor
from . import phrases, sales, text
from . import vocabulary as labels
from .hierarchy import UNNAMED_METHODS, method_of
from .records import Provenance, TransferRecord, many_lots, parent_ids

__all__ = [
    "count_said_again",
    "lot_prices_apart",
    "lots_of_the_days_use",
    "offered_and_sold",
    "said_again",
    "siblings_apart",
    "totals_of_the_day",
]

_TOTAL_WORD = re.compile("总|合计|共计")


def lot_prices_apart(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    """A price one lot was won at, in a sentence after a many-parcel total's, or in its sentence beside other lots
    won at theirs, is that lot's, not the total's proceeds (上海完成了5宗土地交易。其中,…地块以48亿元的总价竞出): a
    sale of its own."""
    txt, lots = layout.text, []
    for r in records:
        parcels, price = r.measures.get("parcels"), r.measures.get("revenue")
        if price is None or not many_lots(r):
            continue
        where = layout.sentence_at(price.start)
        if not sales.paid_at(txt, price, where[0]) or (
            where[0] <= parcels.start < where[1] and not _lots_beside(records, r, where)
        ):
            continue
        del r.measures["revenue"]
        unnamed, total = labels.label("method", "not_stated"), labels.label("use_type", "total")
        lot = TransferRecord(
            "sale",
            r.channel or "transfer",
            unnamed,
            total,
            price.start,
            price.end,
            r.period,
            how=Provenance(made_by="lot"),
        )
        lot.measures["revenue"] = price
        lots.append(lot)
    return lots


def _lots_beside(records: list[TransferRecord], record: TransferRecord, sentence: tuple[int, int]) -> bool:
    """一共成交了三宗地块,甲地块由…以59亿元夺得;乙地块由…以11.5亿元摘得: other lots won at their prices in the
    count's sentence: each price is a lot's, the first too."""
    return any(
        o is not record and o.statement == "sale" and sentence[0] <= o.start < sentence[1] for o in records
    )


def count_said_again(records: list[TransferRecord], draft, reading, period) -> bool:
    """当日成功出让市区4幅用地 … 四幅地块成交总额达到53.19亿元: in auction news, the day's count said again with
    figures, its words naming nothing else, gives the latest total with that count the figures it lacks."""
    parcels = draft.measures.get("parcels")
    if parcels is None or len(draft.measures) < 2 or reading.names_anything:
        return False
    last = next((r for r in reversed(records) if r.parent is None and "parcels" in r.measures), None)
    if last is None or last.measures["parcels"].value != parcels.value:
        return False
    if last.period != period and not period.is_year(last.period.year):  # a sentence naming no day: the day's
        return False
    figures = {k: q for k, q in draft.measures.items() if k != "parcels"}
    if set(figures) & set(last.measures) or last.statement == "market_offered":
        return False
    last.measures.update(figures)
    last.repeats.append(parcels)
    last.end = max(last.end, draft.end)
    return True


def totals_of_the_day(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    """出让22宗地块,最终19宗底价成交…另有2宗触发熔断,成交总价173.9亿元,总出让面积约119.2万平方米: a figure named
    a total (总, 合计) is the day's, the sentence's largest count before it, not the few lots the clause before it
    counts (出让9宗,其中1宗摇号成交、8宗底价成交,总成交金额…: also when they are all sold); those few, left with their
    count only, are how the day's lots went: no row. Parcels offered
    (推出7宗,成交6宗,成交总价19.7亿元) are not the day's sale, and a count sold (成交8宗) keeps its figures."""
    txt, gone = layout.text, set()
    by_sentence: dict[tuple[int, int], list[TransferRecord]] = {}
    for r in records:
        if r.parent is None and "parcels" in r.measures and r.statement != "market_offered":
            by_sentence.setdefault(layout.sentence_at(r.start), []).append(r)
    parents = parent_ids(records)
    for counted in by_sentence.values():
        day = max(counted, key=lambda r: (r.measures["parcels"].value, -r.start))
        for r in counted:
            if r.start < day.start or r.measures["parcels"].value >= day.measures["parcels"].value:
                continue
            count = r.measures["parcels"]
            sentence = layout.sentence_at(count.start)
            clause = text.clause(txt, count.start, count.end, sentence)
            if phrases.cue_found("sold_word").search(txt, *clause) and not _all_sold(layout, day, sentence):
                continue  # 共出让10宗,最终成交8宗,成交总价…: the sold count's own proceeds
            for key in ("area", "revenue"):
                q = r.measures.get(key)
                words = txt[text.words_before(txt, q.start, r.start) : q.start] if q else ""
                if q and key not in day.measures and _TOTAL_WORD.search(words):
                    day.measures[key] = r.measures.pop(key)
                    day.end = max(day.end, q.end)
                    if set(r.measures) == {"parcels"} and id(r) not in parents:
                        gone.add(id(r))
    return [r for r in records if id(r) not in gone]


def _all_sold(layout: text.Layout, day: TransferRecord, sentence: tuple[int, int]) -> bool:
    """出让9宗,其中1宗封顶摇号成交、8宗底价成交: the counts after the day's, each told sold, add up to it: all sold."""
    txt, sold_word, whole = layout.text, phrases.cue_regex("sold_word"), day.measures["parcels"]
    sold = [
        q.value
        for q in layout.quantities_in(whole.end, sentence[1])
        if q.kind == "count" and sold_word.search(txt, q.end, text.trailing_words(txt, q.end, sentence[1]))
    ]
    return len(sold) > 1 and sum(sold) == whole.value


def lots_of_the_days_use(records: list[TransferRecord], items: list[tuple[int, int]]) -> None:
    """天津出让9宗住宅地块…。中海以31亿元底价获得…地块: a lot sold whose words name no use type is one of the
    day's lots, of their use type when the item's many-parcel records of the day name one only."""
    total, by_item = labels.label("use_type", "total"), {}
    for r in records:
        by_item.setdefault(text.span_at(items, r.start), []).append(r)
    for item in by_item.values():
        for lot in item:
            if lot.statement != "sale" or lot.use_type != total:
                continue
            days = {
                r.use_type
                for r in item
                if r.parent is None and r.statement != "sale" and r.period == lot.period and many_lots(r)
            }
            if len(days) == 1 and total not in days:
                lot.use_type = days.pop()


def siblings_apart(records: list[TransferRecord]) -> None:
    """住宅用地3宗全部成交…。工业用地3宗亦全部成交…: a use type is never a part of another use type; the second
    is a statement of the same kind as the first, beside it."""
    total = labels.label("use_type", "total")
    for r in records:
        sibling = r.parent
        if sibling is not None and total != sibling.use_type != r.use_type and sibling.statement != "sale":
            r.parent, r.statement, r.channel = None, sibling.statement, sibling.channel


def said_again(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    """A lead's 以总价约8.1亿元成交 and the body's 以总价81042.73万元竞得: one price, rounded in the lead; 伴随694亩住宅
    商服用地的成功出让 after 总出让面积462518.78平方米: the day's area said again, rounded. A record whose every figure
    is written 约, or is an area or a price printed with fewer digits, and rounds from another record's is that record
    said again (never a figure equal to the other: that is a repeat)."""
    txt, total = layout.text, labels.label("use_type", "total")
    parents = parent_ids(records)
    by_value: dict[str, list[tuple[Fraction, int, TransferRecord]]] = {}
    for o in records:
        for k, q in o.measures.items():
            by_value.setdefault(k, []).append((q.base_value, q.start, o))
    for found in by_value.values():
        found.sort(key=lambda f: (f[0], f[1]))

    def rounded(q: Quantity, full: Quantity | None) -> bool:
        if full is None or full.start == q.start or q.kind != full.kind:
            return False
        if not txt.startswith("约", q.start) and (
            q.kind == "count" or q.base_value == full.base_value or q.start < full.start
        ):
            return False  # not written 约: an area or a price said again later, never the same figure
        return abs(q.base_value - full.base_value) <= _margin(q)

    def one_lot(k: str, q: Quantity, o: TransferRecord) -> bool:  # 一宗商住用地…约9.3亿元: the lot sold
        return k == "parcels" and q.value == 1 and o.statement == "sale" and k not in o.measures

    def restated(r: TransferRecord) -> TransferRecord | None:
        key, q = next(
            ((k, m) for k, m in r.measures.items() if k != "parcels"), next(iter(r.measures.items()))
        )
        found, margin = by_value[key], _margin(q)
        at = bisect.bisect_left(found, (q.base_value - margin, -1))
        for _, _, o in itertools.takewhile(lambda f: f[0] <= q.base_value + margin, found[at:]):
            if (
                o is not r
                and not _two_lots(txt, r, o)
                and all(rounded(m, o.measures.get(k)) or one_lot(k, m, o) for k, m in r.measures.items())
            ):
                return o
        return None

    gone = set()
    for r in records:
        full = restated(r) if id(r) not in parents and r.measures else None
        if full is not None:
            gone.add(id(r))
            if full.statement == "sale" and full.use_type == total:
                # 一宗商住用地以总价约9.3亿元成交: the lot's use type, named in the lead
                full.use_type = r.use_type
    return [r for r in records if id(r) not in gone]


def _two_lots(txt: str, r: TransferRecord, o: TransferRecord) -> bool:
    """以底价5.08亿元摘得01号地块。…以底价5.1亿元摘得02号地块: two lots each won at its price, not one said again
    (a price written 约 may be the other's, rounded in a lead)."""
    price = r.measures.get("revenue")
    return (
        r.statement == o.statement == "sale" and price is not None and not txt.startswith("约", price.start)
    )


def _margin(q: Quantity) -> Fraction:
    """Half a unit of the last digit printed, in the base unit of its kind (约20宗: half a parcel)."""
    exponent = q.number.as_tuple().exponent
    return convert(Fraction(1, 2) * Fraction(10) ** exponent * scale_factor(q.scale), q.unit, q.base_unit)


def offered_and_sold(
    layout: text.Layout,
    records: list[TransferRecord],
    items: list[tuple[int, int]],
    own_period,
    unsold: list[int] = (),
) -> None:
    """In each news item, a day's count put up in words naming no sale (挂牌出让6宗地块) beside a smaller count
    sold of them (6宗地块,成交5宗), or before lots of the item not sold (unsold: where 流拍1宗, 终止4宗 stand),
    is what was offered; beside as many sold, its figures are the sold total's.
    A count said again with nothing else (8宗地块中成交7宗, 在成交的15宗地块中) is no row of its own."""
    txt, sold_word = layout.text, phrases.cue_regex("sold_word")
    by_item: dict[tuple[int, int], list[TransferRecord]] = {}
    for r in records:  # each record once, to its item
        if (
            r.parent is None
            and "parcels" in r.measures
            and r.statement in ("channel_total", "method_total", "part", "market_offered")
            and not own_period(txt, layout.sentence_at(r.start)[0], r.end)  # 2023年…: not the day's
        ):
            by_item.setdefault(text.span_at(items, r.start), []).append(r)
    moved: dict[int, TransferRecord] = {}  # a half merged -> the record it went to
    for item, counted in by_item.items():
        for r in list(counted):
            fuller = [
                o
                for o in counted
                if o is not r and _same_count(o, r) and len(o.measures) > 1 and _alike(o, r)
            ]
            if set(r.measures) == {"parcels"} and fuller:
                _merged(moved, r, fuller[0])
                counted.remove(r)
        sold = [r for r in counted if "revenue" in r.measures or sold_word.search(txt, *_clause(layout, r))]
        for r in counted:
            if r in sold:
                continue
            fewer = [s for s in sold if _fewer(s, r) and _told_of(layout, s, r) and _alike(s, r)]
            same = [s for s in sold if _same_count(s, r) and _alike(s, r)]
            if (fewer or any(r.end < u < item[1] for u in unsold)) and not same:
                _offered(r)
            elif _twins(same) and not set(r.measures) & set(same[0].measures) - {"parcels"}:
                for twin in same[1:]:  # the lead said again under the dateline: merged later as repeats
                    twin.measures.update({k: q for k, q in r.measures.items() if k != "parcels"})
                _merged(moved, r, same[0])
    for r in records:  # the parts of a half merged are the parts of the record it went to
        while r.parent is not None and id(r.parent) in moved:
            r.parent = moved[id(r.parent)]
    records[:] = [r for r in records if id(r) not in moved]


def _twins(records: list[TransferRecord]) -> bool:
    """One record, or the same figures said twice (a lead and its body)."""
    return len({tuple(sorted((k, q.value) for k, q in r.measures.items())) for r in records}) == 1


def _alike(a: TransferRecord, b: TransferRecord) -> bool:
    """Labels that may be one statement's: the same use type and method, or one of them names none
    (住宅用地3宗 and 工业用地3宗 are two)."""
    total = labels.label("use_type", "total")
    uses = {a.use_type, b.use_type} - {total}
    methods = {a.method, b.method} - set(UNNAMED_METHODS)
    return len(uses) <= 1 and len(methods) <= 1


def _same_count(a: TransferRecord, b: TransferRecord) -> bool:
    return a.measures["parcels"].value == b.measures["parcels"].value


def _fewer(a: TransferRecord, b: TransferRecord) -> bool:
    return a.measures["parcels"].value < b.measures["parcels"].value


def _merged(moved: dict[int, TransferRecord], half: TransferRecord, into: TransferRecord) -> None:
    """The half's figures (its count again) go to the record it says again."""
    into.measures.update({k: q for k, q in half.measures.items() if k != "parcels"})
    into.repeats.append(half.measures["parcels"])
    total = labels.label("use_type", "total")
    if into.use_type == total and half.use_type != total and into.parent is None:  # 4幅商住用地…4幅地块共吸金
        method = next((m for m in (into.method, half.method) if m not in UNNAMED_METHODS), None)
        into.statement, into.use_type = "part", half.use_type
        into.method = method_of(3, method, into.channel, None)
    moved[id(half)] = into


def _told_of(layout: text.Layout, sold: TransferRecord, put_up: TransferRecord) -> bool:
    """The sold count is told of the lots put up: in its sentence, or after them in their news item
    (网上挂牌出让6宗地块…。昨日6宗地块,成交5宗; 本次土拍共计出让15宗…。土拍首日,共7宗地块顺利成交)."""
    sentence = layout.sentence_at(sold.start)
    return sentence[0] <= put_up.start < sentence[1] or put_up.start < sold.start


def _clause(layout: text.Layout, record: TransferRecord) -> tuple[int, int]:
    """The record's words: its clause, from its start to the end of the words after the record (均已成交)."""
    return text.clause(layout.text, record.start, record.end, layout.sentence_at(record.start))


def _offered(record: TransferRecord) -> None:
    record.statement, record.channel = "market_offered", None
    record.method = labels.label("method", "total")

"""Auction news: one auction day's results, read as land transferred that day.

    auction_day(layout, records, report_year)   the records, labelled as the auction's results

NOTES
- A paragraph that names an auction held (土拍, 土地拍卖, 拍卖会, 竞得, 摘得, 集中供地 …:
  the `auction` cues of supply_clauses.csv) reports what was sold at it. What
  it says was sold (共成交了4宗地块,揽金13亿元; 成交价款3037万元) is land
  transferred, a 出让 row, not a market statement, when the sentence itself
  names the auction; the method is the one its sentence names, if one only
  (首场土地拍卖 -> 拍卖; 土拍 names none).
- Its period is the month of the auction: the first day the text dates (8月21日,
  2021-07-07 in a dateline), in the report year, for every record of the news
  whose sentence names no period of its own (该县今年共成交38宗 keeps the year;
  the auction's day in it, 6月18日…以5.6亿元竞得, is no period of its own). News
  of an auction event that names no sale word (公开出让活动, 底价成交, 摇号: the
  `auction_event` cues) is dated the same way. A date in another year names
  another auction.
- News whose lead (its title and lines up to its first figures' paragraph)
  names collective land (集体经营性建设用地) is about a collective entry: a parcel
  it says was sold (拍卖出让, 竞得, 成交价款) is a 集体入市 row; the method of a
  collective parcel is the one its story names (入市拍卖 -> 拍卖).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..source.quantities import Quantity
from . import phrases, sales, text
from . import vocabulary as labels
from .hierarchy import COLLECTIVE_LAND, UNNAMED_METHODS, method_of, statement_of, use_type_at
from .records import TransferRecord

__all__ = ["auction_day"]

_DAY = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)\s*[年\-/.]\s*)?(?<!\d)(?P<m>\d{1,2})\s*(?:月|[\-/.](?=\d{1,2}(?!\d)))\s*\d{1,2}\s*日?"
)
_COLLECTIVE_LEAD = re.compile("集体经营性建设用地|集体建设用地")
_SOLD = ("market_sold",)
_HALL = re.compile("拍卖(?:大)?厅")  # 在交易中心拍卖厅举行: a room, not the method
_OFFERED = ("market_offered",)
_ALL_SOLD = 12  # characters after an offered count that may say all of it sold
_ENTRY_BY_TRANSFER = "出让入市"
_ENTRY_FORMS = {"租赁入市", "入股"}
_AREA = re.compile(r"面积(?:为|约|达|共|是)?\s*$")


def _auction_month(txt: str, report_year: int | None) -> int | None:
    """The month of the first day the text dates in the report year (8月21日, 2021-07-07)."""
    for match in _DAY.finditer(txt):
        month = int(match["m"])
        if not 1 <= month <= 12 or (match["y"] and int(match["y"]) != report_year):
            continue
        if not match["y"] and "月" not in match.group():
            continue  # 3.5日 or 1-2 is no date
        return month
    return None


def auction_day(
    layout: text.Layout, records: list[TransferRecord], report_year: int | None
) -> list[TransferRecord]:
    txt = layout.text
    if not records or not phrases.cue_regex("auction", "auction_event", "offer_only").search(txt):
        return records  # no auction story: one pass over the text, nothing more
    auction = phrases.cue_regex("auction")
    records = _offers_dropped(layout, records)
    if not records or not auction.search(txt):
        if records and phrases.cue_regex("auction_event").search(txt):
            _dated(layout, records, report_year)  # 公开出让活动在交易中心举行: an auction's day, no sale word
        return records
    lead_end = layout.paragraph_at(min(r.start for r in records))[1]  # up to the first figures' paragraph
    collective = bool(_COLLECTIVE_LEAD.search(txt, 0, lead_end))
    sold = {id(r) for r in records if _held_at_auction(layout, r, auction)}
    for r in records:
        root = r
        while root.parent is not None:
            root = root.parent
        paragraph, sentence = layout.paragraph_at(r.start), layout.sentence_at(r.start)
        if id(root) in sold:
            undated = not phrases.period_cues()[0].search(txt, sentence[0], r.end)
            _transferred(txt, r, (sentence, (paragraph[0], r.end)) if undated else (sentence,))
        elif r.channel == "transfer" and r.parent is None and r.method in UNNAMED_METHODS:
            _by_the_days_method(txt, r, (sentence, paragraph), auction)
        if (
            r.parent is None
            and _one_parcel(r)
            and (r.channel == "collective" or (collective and r.channel == "transfer"))
        ):
            _collective(layout, r, _story(layout, paragraph, records), [o for o in records if o is not r])
    _dated(layout, records, report_year)
    for r in records:  # 其中住宅用地4幅 under a total now sold by auction: by auction too
        parent = r.parent
        if parent is not None and parent.statement == "method_total" and r.method in UNNAMED_METHODS:
            r.method = parent.method if r.channel == parent.channel and r.statement == "part" else r.method
    records += _lot_prices_apart(layout, records)
    return records


def _lot_prices_apart(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    """A price one lot was won at, in a sentence after a many-parcel total's, is that lot's, not the
    total's proceeds (上海完成了5宗土地交易。其中,…地块以48亿元的总价竞出): a sale of its own."""
    txt, lots = layout.text, []
    for r in records:
        parcels, price = r.measures.get("parcels"), r.measures.get("revenue")
        if parcels is None or price is None or parcels.value <= 1:
            continue
        where = layout.sentence_at(price.start)
        if where[0] <= parcels.start < where[1] or not sales.paid_at(txt, price, where[0]):
            continue
        del r.measures["revenue"]
        unnamed, total = labels.label("method", "not_stated"), labels.label("use_type", "total")
        lot = TransferRecord(
            "sale", r.channel or "transfer", unnamed, total, price.start, price.end, r.period
        )
        lot.measures["revenue"] = price
        lots.append(lot)
    return lots


def _offers_dropped(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    """A listing told by its starting price, in a text that tells no sale (一宗商住用地挂牌出让,起始价为8.6亿元,
    出让面积3.4万平方米): an offer, no row."""
    txt, offer = layout.text, phrases.cue_regex("offer_only")
    if not records or not offer.search(txt) or phrases.cue_regex("sold_word").search(txt):
        return records
    return [
        r
        for r in records
        if not (
            r.parent is None
            and "revenue" not in r.measures
            and offer.search(txt, *layout.sentence_at(r.start))
        )
    ]


def _dated(layout: text.Layout, records: list[TransferRecord], report_year: int | None) -> None:
    """Each record of the report year whose sentence names no period is of the auction's month."""
    month = _auction_month(layout.text, report_year)
    if not month or not report_year:
        return
    for r in records:
        if _undated(layout.text, r, layout.sentence_at(r.start), report_year, month):
            r.period = replace(r.period, months=(month, month))


def _undated(txt: str, record: TransferRecord, sentence, report_year: int, month: int) -> bool:
    """A record of the report year whose sentence names no period (1987年…共有偿出让五块 names the year) but the
    auction's day itself (该地块6月18日被…以5.6亿元竞得)."""
    if not record.period.is_year(report_year):
        return False
    for cue in phrases.period_cues()[0].finditer(txt, sentence[0], record.end):
        day = _DAY.match(txt, cue.start())
        if day is None or "月" not in day.group() or int(day["m"]) != month:
            return False
    return True


def _story(layout: text.Layout, paragraph: tuple[int, int], records: list[TransferRecord]) -> tuple[int, int]:
    """What the news says of a parcel: its paragraph to the paragraph of the next record (or the text's end)."""
    later = [r.start for r in records if r.start >= paragraph[1]]
    end = layout.paragraph_at(min(later))[0] if later else layout.paragraph_spans[-1][1]
    return paragraph[0], max(end, paragraph[1])


def _held_at_auction(layout: text.Layout, record: TransferRecord, auction: re.Pattern[str]) -> bool:
    """A sold total with no channel in a paragraph naming an auction held (土拍首日,共7宗地块顺利成交;
    举行土地拍卖会。当日推出的6幅地块全部成交; 完成了5宗土地交易…其中…地块以48亿元的总价竞出)."""
    if record.channel is not None or record.parent is not None:
        return False
    if record.statement not in _SOLD and not (
        record.statement in _OFFERED
        and phrases.cue_regex("all_sold").search(layout.text, record.start, record.end + _ALL_SOLD)
    ):
        return False  # 共推出4幅地块,最终全部成交: what was offered was all sold
    return bool(auction.search(layout.text, *layout.paragraph_at(record.start)))


def _transferred(txt: str, record: TransferRecord, where) -> None:
    """The record as land transferred at the auction: 出让, its level from what it names."""
    record.channel = "transfer"
    method = _method_named(txt, *where)
    use_type = None if record.use_type == labels.label("use_type", "total") else record.use_type
    level = 3 if use_type else 2 if method else 1
    parent = record.parent
    record.statement = statement_of(level, False, None, parent)
    record.method = method_of(level, method, "transfer", parent)


def _by_the_days_method(txt: str, record: TransferRecord, where, auction: re.Pattern[str]) -> None:
    """共出让6宗地块 after the 土地拍卖会 its sentence, or its paragraph before it, names (the day's figures
    only: 今年共出让 is not the day's): sold by the one method named there."""
    sentence, paragraph = where
    day = (sentence, (paragraph[0], record.end))
    if phrases.period_cues()[0].search(txt, sentence[0], record.end):
        day = (sentence,)
    if not any(auction.search(txt, *span) for span in day):
        return
    method = _method_named(txt, *day)
    if method is None or record.statement == "sale":
        return
    level = 3 if record.use_type != labels.label("use_type", "total") else 2
    record.statement = statement_of(level, False, None, None)
    record.method = method_of(level, method, "transfer", None)


def _method_named(txt: str, *spans: tuple[int, int]) -> str | None:
    """The one transfer method the first of the spans that names any names (its sentence, then its
    paragraph up to it), or None."""
    for start, end in spans:
        named, _ = phrases.methods_in("transfer", _HALL.sub("", txt[start:end]))
        if named:
            return named.pop() if len(named) == 1 else None
    return None


def _one_parcel(record: TransferRecord) -> bool:
    parcels = record.measures.get("parcels")
    return parcels is None or parcels.value == 1


def _collective(layout: text.Layout, record: TransferRecord, story: tuple[int, int], others) -> None:
    """A parcel of collective land sold: 集体入市, by the method the news names up to its story's end if one
    only (拍卖出让 -> 拍卖; 出让年限 names no method), its area and use type those its story names."""
    txt = layout.text
    named, _ = phrases.methods_in("collective", txt[: story[1]])
    if len(named) > 1:
        named.discard(_ENTRY_BY_TRANSFER)  # 拍卖出让: 出让 is the channel's word, 拍卖 the method
    if len(named) > 1 and named & _ENTRY_FORMS:
        named &= _ENTRY_FORMS  # 以网上拍卖出租方式: entered by lease, the auction only chose the tenant
    method = named.pop() if len(named) == 1 else None
    if method is None and record.channel == "collective" and record.method not in UNNAMED_METHODS:
        method = record.method
    if "area" not in record.measures and not any("area" in r.measures for r in others):
        area = _parcel_area(layout, story, {q.start for r in others for q in r.measures.values()})
        if area is not None:
            record.measures["area"] = area
    use_type = (
        None if record.use_type in (labels.label("use_type", "total"), COLLECTIVE_LAND) else record.use_type
    )
    found = phrases.known_land().search(txt, *story)
    use_type = use_type or (found["use"] if found else None)
    record.channel = "collective"
    if record.statement == "sale":  # one parcel sold (sales.py): a row of its own kind, never releveled
        record.method = method or labels.label("method", "not_stated")
        record.use_type = use_type or labels.label("use_type", "total")
        return
    level = 3 if use_type else 2 if method else 1
    record.statement = statement_of(level, False, None, None)
    record.method = method_of(level, method, "collective", None)
    record.use_type = use_type_at(level, use_type, "collective")


def _parcel_area(layout: text.Layout, story: tuple[int, int], taken: set[int]) -> Quantity | None:
    """The one land area its story names as the parcel's (面积177.28亩, 地块面积405.06平方米), no floor area."""
    txt = layout.text
    found = []
    for q in layout.quantities_in(*story):
        if q.kind != "land_area" or q.start in taken:
            continue
        words = txt[text.words_before(txt, q.start, story[0]) : q.start]
        if _AREA.search(words) and not sales.FLOOR_WORDS.search(words):
            found.append(q)
    return found[0] if len(found) == 1 else None

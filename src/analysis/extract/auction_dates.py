"""When auction news happened: its news items, the day each dates, and the month its undated records take.

    news_items(layout)                       the news items of a text, (start, end) each
    dated(layout, records, report_year, items)   an undated record of the report year: the auction's month
    own_period(txt, start, end)              the words name a period of their own, not only the auction's day

auctions.py reads what was sold at the auction; this says when.

NOTES
- A record's period is the month of the auction: the first day the text dates (8月21日,
  2021-07-07 in a dateline), in the report year, for every record of the news
  whose sentence names no period of its own (该县今年共成交38宗 keeps the year;
  the auction's day in it, 6月18日…以5.6亿元竞得, is no period of its own). News
  of an auction event that names no sale word (公开出让活动, 底价成交, 摇号: the
  `auction_event` cues) is dated the same way. A date in another year names
  another auction.
- A digest of news items: a paragraph whose first words date a day (3月15日,南屏县…) opens another item,
  dated by its own day; a dateline (新华社…11月27日电) after a lead opens none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..source.fast_search import opening_gated
from . import text
from .periods import period_cues
from .records import TransferRecord

__all__ = ["dated", "news_items", "own_period"]

_DAY = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)\s*[年\-/.]\s*)?(?<!\d)(?P<m>\d{1,2})\s*(?:月|[\-/.](?=\d{1,2}(?!\d)))\s*\d{1,2}\s*日?"
)
_DATELINE = re.compile("电|電|讯|訊|消息")
_BARE_DAY = re.compile(r"\s*\d{1,2}日")  # a paragraph opening on a day with no month goes on with its item
_ITEM_OPENS = 16  # the characters of a paragraph's opening that may date the day of another news item


def news_items(layout: text.Layout) -> list[tuple[int, int]]:
    """The news items of a text: a paragraph whose first words date a day (3月15日,南屏县…) opens another;
    a dateline (新华社…11月27日电) after a lead opens none."""
    starts = [0]
    for p_start, p_end in layout.paragraph_spans[1:]:
        if _BARE_DAY.match(layout.text, p_start):
            continue  # 29日是…继3月17日…之后的第一次土地拍卖: the item's own day again, without its month
        day = _DAY.search(layout.text, p_start, min(p_end, p_start + _ITEM_OPENS))
        if day is not None and "月" in day.group() and not _DATELINE.match(layout.text, day.end()):
            starts.append(p_start)  # a dateline (…11月27日电) is the page's, not another item's
    return list(zip(starts, [*starts[1:], len(layout.text)], strict=True))


def _first_day(
    txt: str, report_year: int | None, start: int = 0, end: int | None = None
) -> tuple[int, int] | None:
    """Where the first day txt[start:end] dates in the report year stands, and its month (8月21日, 2021-07-07)."""
    for match in opening_gated(_DAY).finditer(txt, start, len(txt) if end is None else end):  # (3 x faster)
        month = int(match["m"])
        if not 1 <= month <= 12 or (match["y"] and int(match["y"]) != report_year):
            continue
        if not match["y"] and "月" not in match.group():
            continue  # 3.5日 or 1-2 is no date
        return match.start(), month
    return None


def dated(
    layout: text.Layout, records: list[TransferRecord], report_year: int | None, items: list[tuple[int, int]]
) -> None:
    """Each record of the report year whose sentence names no period is of the auction's month: the first day
    its news item dates, else the text's (a dateline before the items)."""
    first = _first_day(layout.text, report_year)
    if not first or not report_year:
        return
    months = {}
    for item in items:  # the item's own day, else a dateline's before it
        day = _first_day(layout.text, report_year, *item)
        months[item] = day[1] if day else first[1] if first[0] < item[1] else None
    spans = list(months)
    for r in records:
        own = months[text.span_at(spans, r.start)]
        if own and _undated(layout.text, r, layout.sentence_at(r.start), report_year, own):
            r.period = replace(r.period, months=(own, own))


def _undated(txt: str, record: TransferRecord, sentence, report_year: int, month: int) -> bool:
    """A record of the report year whose sentence names no period (1987年…共有偿出让五块 names the year) but the
    auction's day itself (该地块6月18日被…以5.6亿元竞得)."""
    if not record.period.is_year(report_year):
        return False
    for cue in period_cues()[0].finditer(txt, sentence[0], record.end):
        day = _DAY.match(txt, cue.start())
        if day is None or "月" not in day.group() or int(day["m"]) != month:
            return False
    return True


def own_period(txt: str, start: int, end: int) -> bool:
    """The words name a period of their own (今年, 1-8月), not only a day (8月26日 is the auction's)."""
    for cue in period_cues()[0].finditer(txt, start, end):
        day = _DAY.match(txt, cue.start())
        if day is None or "月" not in day.group() or day.end() < cue.end():
            return True
    return False

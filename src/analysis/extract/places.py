"""Whose a figure is: one whose clause names another place than the text's is a part or a neighbour's.

A figure whose clause names another place than the text's, as its subject (其中,鼓楼区供应1200亩 in a city's text;
北京市全年供应住宅用地320公顷 in national news; a neighbour county), is no row of the text's own (abstain.py sets
it aside as not read).

    of_other_places(layout, records)   id(record) -> the other place its clause names

NOTES
- The text's places are those it names before its first statement of supply (title, lead; of each news item in a
  digest, auction_dates.py), but for a dateline's (中新社北京8月7日电: where the reporter stands, not the land) and a
  part's (其中,北京…), and those whose bureau speaks (鹿鸣县自然资源局负责人介绍); a place sharing its first
  two characters with one of them, or holding one, is the text's (杭州主城区 in a text on 杭州市区); 全市, 全省 … are
  the whole. In auction news (auctions.told) one lot (a sale, a count of 1) is the text's auction's, wherever it lies.
"""

from __future__ import annotations

import re
from functools import cache

from . import phrases, text
from .auction_dates import news_items
from .auctions import told
from .records import TransferRecord

__all__ = ["of_other_places"]

_CLAUSE = re.compile(r"[,:]")
_NOT_AFTER = re.compile(r"场|级|地块|宗地|项目")  # 土地市场, 省级, 龙河校区地块: no place
_WHOLE = re.compile(r"全[国省市县区州盟旗]")
_NAME_END = re.compile(r"[省市县区州盟旗]")
# characters back from a figure its clause subject is looked for in (the work stays linear)
_SUBJECT_BACK = 160
_NAME = 8  # characters a place's name ends within, back from its suffix (自治区 included)
_SUFFIX = re.compile(r"(?:自治区|省|市|县|区|州|盟|旗)$")
# a whole above the text's own place, opening a clause (past a period or 从): 另据财政部数据,1-9月全国…收入 in a city's
# news, 同期,全省土地出让收入… in a county's; 全区 is a district's or an autonomous region's: no level told
_ABOVE = re.compile(r"(?:[从就在]|\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月份?)?\s*(全国|全省)")
_ABOVE_FOUND = re.compile("全[国省]")
# the level of a place by its suffix or name: nation 4, province 3, city 2, county or district 1
_LEVELS = (
    (re.compile(r"全国|中国|我国|\d+[个座]?(?:重点|主要|热点|典型)?城|百城|各城市|多地"), 4),
    (re.compile(r"(?:全|我|本)省|省$|自治区$"), 3),
    (re.compile(r"(?:全|我|本)[市州盟]|[市州盟]$"), 2),
    (re.compile(r"(?:全|我|本)[县旗]|我区|[县区旗]$"), 1),
)


def of_other_places(layout: text.Layout, records: list[TransferRecord]) -> dict[int, str]:
    """id(record) -> the place its clause names as subject, where that place is none of its news item's own."""
    txt, place = layout.text, phrases.cue_regex("place", "place_name")
    # one lot is its auction's only in auction news (南屏县成交的1宗 in a market report: a part by place)
    auction = told(txt)
    subjects = {
        id(r): _subject(txt, layout.sentence_at(figure := r.first_figure)[0], figure, place)
        for r in records
        if not (auction and _one_lot(r))
    }
    if not any(subjects.values()):
        return {}  # most texts: no figure's clause opens with a place
    found, at, ordered = {}, 0, sorted(records, key=lambda r: r.start)
    actors = _actors(txt)
    for start, end in news_items(layout):  # a digest of news items (3月9日,鹿鸣县…): each names its own place
        own: list[str] | None = None
        paragraph = None
        while at < len(ordered) and ordered[at].start < end:
            r, at = ordered[at], at + 1
            if own is None:  # named before the first figure of the item's first record
                own = _own_places(txt, start, r.first_figure) + actors
                level = _own_level(txt, start, r.first_figure, own)
            subject = subjects.get(id(r))
            if subject in ("全国", "全省"):  # a whole: another place only above the text's own
                if 0 < level < _level(subject):
                    found[id(r)] = subject
                    continue
                subject = None
            if not subject or any(_same_place(subject, o) for o in own):
                paragraph = layout.paragraph_at(r.start)
                continue
            if _opens_item(layout, r, paragraph, own):
                own, paragraph = [subject, *actors], layout.paragraph_at(r.start)
                continue
            found[id(r)] = subject
    return found


def _opens_item(layout: text.Layout, record: TransferRecord, paragraph, own: list[str]) -> bool:
    """A paragraph opening with another place, in a text whose places name no whole (全省, 全市 …), is an
    item of its own (近五年来,南屏县累计出让… after a paragraph on 柳溪经济开发区), unless it opens by
    referring back (其中, 同期, 另外, 分区看 …: a part or a neighbour of what was said)."""
    here = layout.paragraph_at(record.start)
    if here == paragraph or any(o.startswith("全") for o in own):
        return False
    if "其中" in layout.text[layout.sentence_at(record.start)[0] : record.first_figure]:
        return False  # …20个主要城市中,仅…有住宅用地成交,其中苏州成交16宗: a part of what its sentence named
    opening = len(layout.text[here[0] : record.start]) - len(layout.text[here[0] : record.start].lstrip())
    return not phrases.cue_regex("refers_back").match(layout.text, here[0] + opening, record.start)


def _places(txt: str, start: int, end: int) -> list[str]:
    """The places named in txt[start:end]: the listed cities, and the names before each suffix (省, 市 …)."""
    named = [m for m in phrases.cue_regex("place").finditer(txt, start, end)]
    name = phrases.cue_regex("place_name")
    for suffix in _NAME_END.finditer(txt, start, end):
        named += name.finditer(txt, max(start, suffix.start() - _NAME), suffix.end())
    return [m.group() for m in named] + _WHOLE.findall(txt, start, end)  # 全省: the text's own province


def _own_places(txt: str, start: int, end: int) -> list[str]:
    """The places txt[start:end] names as the text's own: not a dateline's (中新社北京8月7日电: where the reporter
    stands, not the land), nor a part's (其中,北京住宅用地出让金…: a clause referring back, to its ; or 。)."""
    lead = _not_own().sub(" ", txt[start:end])
    return _places(lead, 0, len(lead))


@cache
def _not_own() -> re.Pattern[str]:
    """A dateline with the name before its day; a clause opening on 其中, 同期 … up to its ; or 。."""
    dateline, back = phrases.cue_regex("dateline").pattern, phrases.cue_regex("refers_back").pattern
    return re.compile(rf"[^\s,。;:()]{{0,12}}?(?:{dateline})|(?<![^,:;。\n])\s*(?:{back})[^;。\n]*")


def _level(place: str) -> int:
    """4 for the nation (or a group of cities), 3 a province, 2 a city, 1 a county or district, 0 unknown."""
    return next((level for regex, level in _LEVELS if regex.search(place)), 0)


def _own_level(txt: str, start: int, end: int, own: list[str]) -> int:
    """The highest level the text's own places hold, and the wholes its lead names (全国, 300城, 我市)."""
    lead = (
        m.group() for regex, _ in _LEVELS for m in regex.finditer(txt, start, end) if "全" not in m.group()
    )
    return max((_level(p) for p in (*own, *lead)), default=0)


def _actors(txt: str) -> list[str]:
    """The places whose bureau speaks (记者从鹿鸣县自然资源局获悉, 长沙县国土资源局负责人介绍): the text's own."""
    found = []
    for actor in phrases.cue_regex("actor").finditer(txt):
        found += _places(txt, max(0, actor.start() - _NAME), actor.start())[-1:]
    return found


def _one_lot(record: TransferRecord) -> bool:
    """A parcel sold (sales.py) or a count of one: in auction news, a lot of its own auction, wherever it lies."""
    parcels = record.measures.get("parcels")
    return record.statement == "sale" or (parcels is not None and parcels.number == 1)


def _subject(txt: str, start: int, end: int, place: re.Pattern[str]) -> str | None:
    """The place the figure's clause opens with (past a connective or a period), or else the place a clause
    before it opens with (北溪市土地市场持续升温,共成交…; 南屏县成交12宗,成交面积640亩), back to a ; (a new item)."""
    lead, not_place = phrases.cue_regex("clause_lead"), phrases.cue_regex("not_place")
    subject, at = (
        None,
        max(start, end - _SUBJECT_BACK, txt.rfind(";", max(start, end - _SUBJECT_BACK), end) + 1),
    )
    named_any = _NAME_END.search(txt, at, end) or phrases.cue_found("place").search(txt, at, end)
    if not named_any and not _ABOVE_FOUND.search(txt, at, end):
        return None  # no place named at all: most figures
    while at < end:
        comma = _CLAUSE.search(txt, at, end)
        stop = comma.start() if comma else end
        opened = lead.match(txt, at, stop)
        named = place.match(txt, opened.end() if opened else at, stop)
        if named and not not_place.search(named.group()) and not _NOT_AFTER.match(txt, named.end()):
            subject = named.group()
        elif above := _ABOVE.match(txt, opened.end() if opened else at, stop):
            subject = above.group(1)
        at = comma.end() if comma else end
    return subject


def _same_place(a: str, b: str) -> bool:
    """杭州主城区 and 杭州市, 长沙县 and 长沙, 山东省 and 全省: the same place, or one inside the other by its name."""
    if len(b) == 2 and b[0] == "全":
        return a.endswith(b[1])  # 全省 … 山东省: the text's province named; 全省 … 南京市: one of its cities
    a, b = _SUFFIX.sub("", a) or a, _SUFFIX.sub("", b) or b
    return a[:2] == b[:2] or a in b or b in a

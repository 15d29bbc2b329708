"""The drafts of 分别 lists: names, years or months zipped with the values that follow.

    list_drafts(txt, segment, numbers)   the drafts of a segment's 分别为 lists, and the numbers they use

NOTES
- A list of use types names at least one with 用地 (工矿仓储、住宅用地分别占…); the others may go without.
- 2011—2013年,…分别完成a、b、c: one value a year; a later 分别 list of as many values gives each year's next measure.
- 2月、3月分别成交15和9宗, 7-9月则分别为8宗、12宗和13宗: one value a month; the drafts name the month only, the
  sentence gives the year (supply.py).
"""

from __future__ import annotations

import re
from functools import cache

from ..source.quantities import Quantity
from . import phrases, text
from .drafts import Draft, measure_of
from .periods import Period
from .text import Segment

__all__ = ["list_drafts"]


@cache
def _list_name_regex() -> re.Pattern[str]:
    return re.compile(r"(?P<name>[\u4e00-\u9fff]+?(?:用地|(?=\s*$)))")


def list_drafts(txt: str, segment: Segment, numbers: list[Quantity]) -> tuple[list[Draft], set[int]]:
    """Drafts of the 分别为 lists of a segment (商服用地、住宅用地…分别为a、b公顷), and the numbers they use.

    A list of use types names at least one with 用地 (工矿仓储、住宅用地分别占…); the others may go without.
    """
    listed, used = _by_year(txt, segment, numbers)
    by_month, taken = _by_month(txt, segment, numbers, used)
    listed, used = listed + by_month, used | taken
    for found in text.respectively(txt, segment.start, segment.end, numbers, _list_name_regex()):
        if not any(txt[s:e].endswith("用地") for s, e in found.names):
            continue
        for i, (name_start, name_end) in enumerate(found.names):
            name = txt[name_start:name_end]
            use_type = phrases.use_type_of(name if name.endswith("用地") else name + "用地")
            draft = Draft({}, name_start, [(name_start, name_end)], use_type)
            for values, filler in zip(found.values, found.fillers, strict=True):
                q = values[i]
                measure = measure_of(q, txt[filler[0] : filler[1]])  # 占…的比重分别为: what the values are
                if measure is None or measure in draft.measures:
                    continue
                draft.measures[measure] = q
                draft.spans.append(filler)
                used.add(q.start)
            if draft.measures:
                listed.append(draft)
    return listed, used


_YEAR_LIST = re.compile(
    r"(?P<a>(?:19|20)\d\d)\s*年?\s*[-—–~至到]\s*(?P<b>(?:19|20)\d\d)\s*年(?P<words>[^。;]*?)分别[^\d,;。]{0,12}?(?=\d)"
)
_MORE = re.compile(r"分别[^\d,;。]{0,12}?(?=\d)")


def _by_year(txt: str, segment: Segment, numbers: list[Quantity]) -> tuple[list[Draft], set[int]]:
    """2011—2013年,…出让收入分别完成a、b、c: one value a year, named by the words between (drafts, their numbers);
    a later 分别 list of as many values (…,出让面积分别为…) gives each year's next measure."""
    found = _YEAR_LIST.search(txt, segment.start, segment.end)
    if found is None:
        return [], set()
    years = range(int(found["a"]), int(found["b"]) + 1)
    start = text.quote_start(txt, found.start("words"), found.end())
    drafts = [Draft({}, start, [], period=Period(year)) for year in years]
    used, words, at = set(), (start, found.end()), found.end()
    while True:
        values = text.list_values(txt, at, segment.end, numbers)
        if len(values) != len(drafts):
            break
        for draft, q in zip(drafts, values, strict=True):
            measure = measure_of(q, txt[words[0] : words[1]])
            if measure is not None and measure not in draft.measures:
                draft.measures[measure] = q
                draft.spans += [words, (q.end, q.end)]
                used.add(q.start)
        more = _MORE.search(txt, values[-1].end, segment.end)
        if more is None:
            break
        words, at = (text.words_before(txt, more.start(), values[-1].end), more.end()), more.end()
    drafts = [d for d in drafts if d.measures]
    return drafts, used if drafts else set()


_MONTH_LIST = re.compile(
    r"(?<![\d年.])(?:(?P<a>\d{1,2})\s*[-—–~至到]\s*(?P<b>\d{1,2})\s*月份?|(?P<each>\d{1,2}\s*月份?(?:\s*[、和及与]\s*\d{1,2}"
    r"\s*月份?)+))(?P<words>[^\d,，;。]{0,8}?)分别[^\d,;。]{0,12}?(?=\d)"
)


def _by_month(
    txt: str, segment: Segment, numbers: list[Quantity], used: set[int]
) -> tuple[list[Draft], set[int]]:
    """7-9月则分别为8宗、12宗和13宗, 2月、3月分别成交15和9宗: one value a month, each a draft of that month (the
    sentence gives the year: the drafts' periods have none)."""
    found, taken = [], set()
    for match in _MONTH_LIST.finditer(txt, segment.start, segment.end):
        if match["a"]:
            months = list(range(int(match["a"]), int(match["b"]) + 1))
        else:
            months = [int(m) for m in re.findall(r"\d{1,2}", match["each"])]
        values = text.list_values(txt, match.end(), segment.end, numbers)
        if len(values) != len(months) or any(q.start in used for q in values):
            continue
        words = (match.start("words"), match.end())
        for month, q in zip(months, values, strict=True):
            measure = measure_of(q, txt[words[0] : words[1]])
            if measure is not None and 1 <= month <= 12:
                found.append(
                    Draft(
                        {measure: q}, words[0], [words, (q.end, q.end)], period=Period(None, (month, month))
                    )
                )
                taken.add(q.start)
    return found, taken

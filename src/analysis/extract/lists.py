"""The drafts of 分别 lists: names, years or months zipped with the values that follow.

    list_drafts(txt, segment, numbers)   the drafts of a segment's 分别为 lists, and the numbers they use
    total_after_counts(layout, records)  a list of counts before its verb, and 总 figures after it: parts and a total

NOTES
- A list of use types names at least one with 用地 (工矿仓储、住宅用地分别占…); the others may go without.
- 2011—2013年,…分别完成a、b、c: one value a year; a later 分别 list of as many values gives each year's next measure.
- 3宗住宅用地、2宗商业用地挂牌出让成交,总面积…,成交总额…: the figures named a total (总, 合计) after a list of
  counts joined by 、 are the list's, a total of their own above its last count, never that count's (harbin: 两宗经营性
  建设用地、…7宗工业用地…,总面积…,成交总额… is no 7-lot row with the nine lots' area and money).
- 2月、3月分别成交15和9宗, 7-9月则分别为8宗、12宗和13宗: one value a month; the drafts name the month only, the
  sentence gives the year (supply.py).
"""

from __future__ import annotations

import re
from functools import cache

from ..source.fast_search import last_of
from ..source.quantities import Quantity
from . import phrases, text, value_lists
from . import vocabulary as labels
from .drafts import Draft
from .hierarchy import UNNAMED_METHODS, method_of, statement_of
from .measures import measure_of
from .periods import RANGE_DASHES, Period
from .records import Provenance, TransferRecord
from .text import Segment
from .use_type_words import use_type_of

__all__ = ["list_drafts", "total_after_counts"]

_STOPS = ",;。"


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
    for found in value_lists.respectively(txt, segment.start, segment.end, numbers, _list_name_regex()):
        if not any(txt[s:e].endswith("用地") for s, e in found.names):
            continue
        for i, (name_start, name_end) in enumerate(found.names):
            name = txt[name_start:name_end]
            use_type = use_type_of(name if name.endswith("用地") else name + "用地")
            draft = Draft({}, name_start, [(name_start, name_end)], use_type, listed=True)
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


def total_after_counts(layout: text.Layout, records: list[TransferRecord]) -> list[TransferRecord]:
    """A part whose count is the last of a list of counts (、) before their verb: the counts before it that no record
    holds, each naming a use type only, are parts of the same verb (3宗住宅用地、2宗商业用地挂牌出让成交); its later
    figures named a total (总面积, 成交总额) are the list's total, a record of their own above the parts (NOTES)."""
    txt, out, held = layout.text, [], {q.start for r in records for q in r.measures.values()}
    for r in records:
        count = r.measures.get("parcels")
        listed = _listed_before(layout, count) if r.statement == "part" and r.parent is None else []
        if not listed:
            out.append(r)
            continue
        parts = [p for q in listed if q.start not in held and (p := _part_of(txt, q, r)) is not None]
        named = {
            k: q
            for k, q in r.measures.items()
            if k in ("area", "revenue")
            and q.start > count.end
            and phrases.cue_found("totalled").search(txt, text.words_before(txt, q.start, count.end), q.start)
        }
        total = _list_total(r, named) if named else None
        r.measures = {k: q for k, q in r.measures.items() if k not in named}
        r.end = max(q.end for q in r.measures.values())
        for part in (*parts, r):
            part.parent = total or part.parent
        out += [*([total] if total else []), *parts, r]
    return out


def _listed_before(layout: text.Layout, count) -> list:
    """The counts before `count` in its clause when a 、 joins them to it (3宗住宅用地、2宗商业用地): [] if none."""
    if count is None:
        return []
    txt = layout.text
    clause = last_of(_STOPS, txt, 0, count.start) + 1
    joined = txt.rfind("、", clause, count.start)
    found = layout.quantities_in(*layout.sentence_at(count.start))
    return [q for q in found if q.kind == "count" and clause <= q.start < joined] if joined >= 0 else []


def _part_of(txt: str, q, last: TransferRecord) -> TransferRecord | None:
    """A count before the list's last, its words up to the 、 naming a use type only: a part of the last's labels."""
    words = txt[q.end : txt.find("、", q.end)]
    use_type, reading = use_type_of(words), phrases.reading_of(words)
    if use_type is None or reading.channel or reading.kind or reading.method or reading.excluded:
        return None
    part = TransferRecord(
        "part",
        last.channel,
        last.method,
        use_type,
        q.start,
        q.end + len(words),
        last.period,
        how=Provenance(made_by="list_part"),
    )
    part.measures["parcels"] = q
    return part


def _list_total(part: TransferRecord, named: dict) -> TransferRecord:
    """The total of a list of counts: the figures `named` a total, above its parts, of the last part's channel
    and method (its method's total, or its channel's where the part names no method: 合计, 未说明)."""
    level = 1 if part.method in UNNAMED_METHODS else 2
    return TransferRecord(
        statement_of(level, False, None),
        part.channel,
        method_of(level, part.method, part.channel, None),
        labels.label("use_type", "total"),
        min(q.start for q in named.values()),
        max(q.end for q in named.values()),
        part.period,
        measures=named,
        how=Provenance(made_by="list_total"),
    )


_YEAR_LIST = re.compile(
    r"(?P<a>(?:19|20)\d\d)\s*年?\s*["
    + RANGE_DASHES
    + r"]\s*(?P<b>(?:19|20)\d\d)\s*年(?P<words>[^。;]*?)分别[^\d,;。]{0,12}?(?=\d)"
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
    drafts = [Draft({}, start, [], period=Period(year), listed=True) for year in years]
    used, words, at = set(), (start, found.end()), found.end()
    while True:
        values = value_lists.list_values(txt, at, segment.end, numbers)
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
    r"(?<![\d年.])(?:(?P<a>\d{1,2})\s*["
    + RANGE_DASHES
    + r"]\s*(?P<b>\d{1,2})\s*月份?|(?P<each>\d{1,2}\s*月份?(?:\s*[、和及与]\s*\d{1,2}"
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
        values = value_lists.list_values(txt, match.end(), segment.end, numbers)
        if len(values) != len(months) or any(q.start in used for q in values):
            continue
        words = (match.start("words"), match.end())
        for month, q in zip(months, values, strict=True):
            measure = measure_of(q, txt[words[0] : words[1]])
            if measure is not None and 1 <= month <= 12:
                found.append(
                    Draft(
                        {measure: q},
                        words[0],
                        [words, (q.end, q.end)],
                        period=Period(None, (month, month)),
                        listed=True,
                    )
                )
                taken.add(q.start)
    return found, taken

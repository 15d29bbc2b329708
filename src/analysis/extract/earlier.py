"""Figures that belong to a record stated before them, and figures that are not land though they look so.

    proceeds_of_total(placed, draft, reading, period)   出让国有建设用地30.7万公顷;出让成交价款6万亿元
    measure_of_last(placed, draft, reading, period, s)  住宅类用地438宗,按月跌43%;推出土地面积1882万平米
    rest_of_total(placed, draft, reading, txt, s)       挂牌出让21宗,其中工业用地12宗…;出让总面积1568亩
    share_of_part(placed, draft, reading, period)       …住宅用地供应22509.76公顷。住宅用地供应量占…的72.2%
    shares_of_earlier(records, txt, segment, numbers)   三类用地供应量分别占…的40.5%、26.8%和32.7%
    restated(placed, record, sentence_start)            其中成交量最多的城市为武汉,成交面积为92万平方米
    alternates(txt, numbers), keep_alternates(...)      120万平方米(约合1800亩): one figure, the other a note
    floor_like(txt, start, numbers)                     推出规划建筑面积10.8亿平方米,…,成交9.3亿平方米
    total_of_list(txt, split, parts)                    出让工业用地20宗、商业用地5宗，总面积860亩，成交价款5.2亿元

NOTES
- Each attaches a figure to the record it completes, extending that record's
  quote to it, or says the figure is no row of its own; none makes a row.
- Proceeds go to a total only when their words name nothing but that
  total's channel or market kind, for the same period, and the total has
  none yet: the same statement in two clauses is one row.
- A share goes to a part stated before only when its subject names that
  part's use type (住宅用地供应量占…) or counts the parts just listed (三类用地
  …分别占), and the part has no share yet.
- A figure given again in another unit right after it (120万平方米(约合1800亩),
  1800亩，折合120万平方米) is one figure: the first is the record's, the second is
  kept beside it (`alternates`: a note, its digits read), never a row.
"""

from __future__ import annotations

import itertools
import re

from ..source.quantities import Quantity
from . import phrases, text, value_lists
from . import vocabulary as labels
from .drafts import Draft
from .hierarchy import TOTALS_ONLY, Placed
from .periods import Period
from .records import MARKET, Provenance, TransferRecord, states_again

__all__ = [
    "alternates",
    "floor_like",
    "keep_alternates",
    "parts_from",
    "proceeds_of_total",
    "restated",
    "share_of_part",
    "shares_of_earlier",
]

_ALTERNATE = re.compile(r"\s*(?:[(【\[]\s*(?:约合|折合|合|即|相当于)?|,?\s*(?:约合|折合|合|相当于))\s*")
_CLOSING = (")", "】", "]")
_LAND_AREA_WORDS = re.compile("面积|土地|用地|地块|宗地|供地|公顷|亩")


def _extend(record: TransferRecord, measure: str, q: Quantity) -> None:
    record.measures[measure] = q
    record.end = max(record.end, q.end)


def proceeds_of_total(placed: Placed, draft: Draft, reading: phrases.Reading, period: Period) -> bool:
    """Proceeds whose words name only a total's channel or kind (出让成交价款, 土地成交总金额) go to that total."""
    if reading.excluded or reading.method or reading.use_type or bool(reading.kind) == bool(reading.channel):
        return False
    if reading.kind and reading.kind not in MARKET:
        return False
    total = placed.latest(period.label, reading.kind or "channel_total", reading.channel)
    if total is None or "revenue" in total.measures:
        return False
    _extend(total, "revenue", draft.measures["revenue"])
    return True


def completes(placed: Placed, draft: Draft, reading: phrases.Reading, period: Period, where: tuple) -> bool:
    """measure_of_last or rest_of_total took the draft's figures; where is (txt, sentence start)."""
    return measure_of_last(placed, draft, reading, period, where) or rest_of_total(
        placed, draft, reading, *where
    )


def measure_of_last(
    placed: Placed, draft: Draft, reading: phrases.Reading, period: Period, where: tuple[str, int]
) -> bool:
    """An area or count whose words name only a market kind (and the same use type) goes to the sentence's last
    record of that kind lacking it: 其中,住宅类用地438宗,按月跌43%;推出土地面积1882万平米 is one part, not two rows;
    共成交住宅用地412宗;住宅用地成交面积1860万平方米 is one record."""
    if len(draft.measures) != 1 or reading.kind not in MARKET or reading.channel or reading.excluded:
        return False
    (measure, q), last = next(iter(draft.measures.items())), placed.records[-1] if placed.records else None
    draft_txt, sentence_start = where
    if measure not in ("area", "parcels") or last is None or last.start < sentence_start or reading.method:
        return False
    if reading.use_type and reading.use_type != last.use_type:
        return False
    kind = last.statement if last.statement in MARKET else last.parent and last.parent.statement
    if kind != reading.kind or measure in last.measures or last.period.label != period.label:
        return False
    if "其中" in draft_txt[last.end : draft.start]:
        return False  # 共成交37宗,其中成交量最多的城市为合肥,成交面积为26万平方米: a part, not the rest of the 37
    _extend(last, measure, q)
    return True


def rest_of_total(
    placed: Placed, draft: Draft, reading: phrases.Reading, txt: str, sentence_start: int
) -> bool:
    """A 总 area (and proceeds) naming only a channel, after a total's count and its parts, is that total's rest:
    挂牌出让土地21宗,其中工业用地12宗,商住用地9宗;出让总面积1568亩,实现土地出让收入12.6亿元."""
    if reading.excluded or reading.method or reading.use_type or "area" not in draft.measures:
        return False
    area = draft.measures["area"]
    if not phrases.cue_found("totalled").search(txt, draft.start, area.start) or not placed.records:
        return False
    after, total = [], None
    for record in reversed(placed.records):
        if record.start < sentence_start or record.is_any_total:
            total = record
            break
        after.append(record)
    if total is None or total.start < sentence_start or total.channel != reading.channel:
        return False
    if reading.kind != (total.statement if total.statement in MARKET else reading.kind and "supply"):
        return False  # 共成交36宗,其中…;成交总面积…: of the sold total; a supply total takes 供应总面积 or 出让总面积
    if (
        draft.measures.keys() & total.measures.keys()
        or any(r.parent is not total for r in after)
        or not after
    ):
        return False
    for measure, q in draft.measures.items():
        _extend(total, measure, q)
    return True


def share_of_part(placed: Placed, draft: Draft, reading: phrases.Reading, period: Period) -> bool:
    """A share whose subject is a use type stated before (住宅用地供应量占…的72.2%) is that part's share."""
    if reading.use_type is None or reading.channel or reading.method:
        return False
    part = placed.named(period.label, reading.use_type)
    if part is None or "share" in part.measures:
        return False
    _extend(part, "share", draft.measures["share"])
    return True


def shares_of_earlier(
    records: list[TransferRecord], txt: str, segment: text.Segment, numbers: list[Quantity]
) -> set[int]:
    """三类用地供应量分别占…的40.5%、26.8%和32.7%: the shares of the last N parts, in order; their starts."""
    n, values = value_lists.shares_of_earlier(txt, segment.start, segment.end, numbers)
    parts = records[-n:] if n and len(values) == n and len(records) >= n else []
    if not parts or any(q.kind != "percent" for q in values):
        return set()
    same = {(r.statement, r.period.label, id(r.parent)) for r in parts}
    if len(same) != 1 or parts[0].statement != "part" or any("share" in r.measures for r in parts):
        return set()
    for record, q in zip(parts, values, strict=True):
        _extend(record, "share", q)
    return {q.start for q in values}


def restated(placed: Placed, record: TransferRecord, sentence_start: int, after_qizhong: bool) -> bool:
    """A total named again after 其中, for a part of it by something unread (a city, a rank, 存量建设用地).

    The total stands in the same sentence, or in the sentences before when the sentence opens with 其中.
    """
    parent = record.parent
    plain = (
        parent.method if parent else None,
        labels.label("method", "total"),
        labels.label("method", "not_stated"),
    )
    if parent is not None and parent.use_type == record.use_type and record.method in plain:
        return record.statement == "part"  # 住宅用地196宗，其中一线城市成交住宅用地8宗: a part by city
    if record.is_total:
        same = placed.latest(record.period.label, record.statement, record.channel)
    else:  # 共出让住宅用地42宗…，其中北京出让住宅用地12宗: the same part again, for a city
        same = placed.named(record.period.label, record.use_type)
        if same is not None and (same.statement, same.channel) != (record.statement, record.channel):
            same = None
        if same is not None and record.method not in (same.method, *plain[1:]):
            same = None  # 其中挂牌出让工业用地30宗: a part by method, read
    near = same is not None and (after_qizhong or same.start >= sentence_start)
    return near and same.use_type == record.use_type and not _same_figures(same, record)


def _same_figures(a: TransferRecord, b: TransferRecord) -> bool:
    """The same area or proceeds: a part stated again under its total (merged in repeats.merge_repeats)."""
    if a.measures.keys() != b.measures.keys() or not {"area", "revenue"} & a.measures.keys():
        return False  # a count alone (其中一幅商住用地…) says too little to be the same statement
    return states_again(a, b)


def alternates(txt: str, numbers: list[Quantity]) -> dict[int, tuple[int, Quantity]]:
    """The figures given again in another unit: where the first starts -> (where the second's words start, it)."""
    found = {}
    for a, b in itertools.pairwise(numbers):
        if (
            a.kind != b.kind
            or a.kind not in ("land_area", "money")
            or (a.unit == b.unit and a.scale == b.scale)
        ):
            continue
        if _ALTERNATE.fullmatch(txt, a.end, b.start) is None:
            continue
        gap = txt[a.end : b.start]
        if gap.strip()[:1] in "(【[" and not txt.startswith(_CLOSING, b.end):
            continue  # (约合1800亩,其中…: the bracket goes on, it is not the figure again
        found[a.start] = (b.start - len(gap.lstrip(" ,(【[")), b)
    return found


def keep_alternates(records: list[TransferRecord], found: dict[int, tuple[int, Quantity]]) -> None:
    """Each record keeps the figures its own are given again as (for its note; their digits are read)."""
    for record in records if found else ():
        record.alternates += [found[q.start] for q in record.measures.values() if q.start in found]


# words that sum, or name the whole (全市上半年土地出让收入…: the whole's, no part's before it)
_SUMMED = re.compile("合计|总计|共计|总额|总金额|总收入|总价款|全年|全[市县区省国]")


def parts_from(txt: str, q: Quantity, sentence_start: int, channel: str) -> int | None:
    """Where the parts that may take these proceeds start: the sentence's, if the words sum, else any;
    none (TOTALS_ONLY) if they sum under a label naming the channel (出让总价款: all that was 出让).

    130座城市的土地出让金收入合计为1.18万亿元 after 其中住宅地块…(the sentence before) is the total's;
    其中住宅类地块的土地出让金合计为5860亿元 is a part's; 拍卖和挂牌出让土地861.76公顷,…,出让总价款为10.65亿元
    is all 出让's; so is 全年土地出让金额为96.8亿元 after 其中招拍挂出让土地980公顷 (the year's, not the method's).
    """
    words = txt[text.words_before(txt, q.start, sentence_start) : q.start]
    if not _SUMMED.search(words) or "其中" in words:
        return None
    return TOTALS_ONLY if channel else sentence_start


def floor_like(txt: str, start: int, numbers: list[Quantity]) -> set[int]:
    """Areas in 平方米 after a floor area of the sentence whose own words name no land: floor area too (starts)."""
    found, floor_seen = set(), False
    for q in numbers:
        floor_seen = floor_seen or q.kind == "floor_area"
        if floor_seen and q.kind == "land_area" and q.unit == "平方米":
            words = txt[text.words_before(txt, q.start, start) : q.start]
            if not _LAND_AREA_WORDS.search(words):
                found.add(q.start)  # 推出规划建筑面积10.8亿平方米,同比下降11.6%,成交9.3亿平方米
    return found


def total_of_list(
    txt: str, split: list[TransferRecord], parts: list[TransferRecord]
) -> TransferRecord | None:
    """Measures after a list of parts that say 总/合计 (…5宗，总面积860亩，成交价款5.2亿元) are their total's.

    The parts' total stated before takes them if it lacks them; with none stated,
    they are a total of their own (the parts' channel, or supply), parent of the
    parts; the parts' count is never summed into it. Returns that total, or None
    when the measures stay of unclear scope.
    """
    totalled = phrases.cue_found("totalled")
    if not split or not any(totalled.search(txt, r.start, r.first_figure) for r in split):
        return None
    measures = {m: q for r in split for m, q in r.measures.items()}
    parents = {id(p.parent): p.parent for p in parts}
    parent = next(iter(parents.values())) if len(parents) == 1 else None
    if parent is not None and (not parent.is_total or parent.measures.keys() & measures.keys()):
        return None
    if parent is not None:
        parent.measures.update(measures)
        parent.end = max(parent.end, *(q.end for q in measures.values()))
        return parent
    first = parts[0]
    total = TransferRecord(
        statement="channel_total" if first.channel else "supply",
        channel=first.channel,
        method=labels.label("method", "total"),
        use_type=labels.label("use_type", "total"),
        start=min(r.start for r in split),
        end=max(q.end for q in measures.values()),
        period=first.period,
        measures=measures,
        how=Provenance(made_by="list_total"),
    )
    for part in parts:
        part.parent = total
    return total

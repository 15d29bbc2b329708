"""What one number is in a record (parcels, area, proceeds, share), or why it is never read.

    measure_of(q, words)        parcels, area, revenue or share: what the number is in a record, or None
    odd_numbers(numbers, txt)   the numbers never read, each with why: a count not whole, a negative, a bound
    parcel_counters()           the counters of parcels (宗, 块, 幅 ...: rules/parcel_counters.csv)

drafts.py groups the numbers of a segment that belong together; this says what each one is.

NOTES
- A negative figure (面积-5亩, -19%, -0宗) is never a measure of land supply: it is a
  change. Its digits stay unaccounted in `numbers`, so `check` names them. So
  are the digits of a count that is not whole (572.4宗): a count is never truncated.
- A bound is no figure either (the yardstick's convention, round 8): 已超过1587亿元, 逾500亩,
  突破1800亿元, 不足400亩, 2000亩以上; unless it sets a threshold for lots counted (超过10亿元的地块6宗:
  earlier.py reads that as a condition).
"""

from __future__ import annotations

import re
from functools import cache

from ..source.quantities import Quantity
from ..source.rules import rule_table
from ..source.units import threshold_qualifiers
from . import phrases
from .records import Unread

__all__ = ["BOUND", "MORE_THAN", "bound", "measure_of", "odd_numbers", "parcel_counters"]

_NOT_A_COUNT = ("第", "没有", "并无", "无", "未有")  # before a count: a rank, or none at all
MORE_THAN = re.compile(r"\d\s*[万亿]?\s*[余多]")  # 20亿余元, 2.1亿多元, 约20余亩: more than the amount
# a bound (NOTES)
# 超过了50亿元: the same bound; ≥0.02公顷, 大于500万元, 不低于5亩: a scope's threshold (统计口径), signs or words
_BOUND_BEFORE = re.compile(
    r"(?:(?:突破|首破|超过|超出)了?|不足|不到|[≥≤≧≦><]|[大小高低]于(?:等于)?|不[低少小]于)\s*$"
)
_BOUND_AFTER = re.compile(r"\s*(?:以上|以下)")
_THRESHOLD_AFTER = re.compile(r"\s*(?:及?以上|及?以下)?的")
_ONE_LOT = re.compile(r"(?<![\d.])1\s*[宗幅块]\s*$")
BOUND = "not read: a bound (超过, 逾, 突破, 不足, 以上 …), not the figure"


@cache
def parcel_counters() -> frozenset[str]:
    return frozenset(
        r["counter"] for r in rule_table(phrases.RULES, "parcel_counters", ("counter",), ("note",))
    )


def odd_numbers(numbers: list[Quantity], txt: str = "") -> list[Unread]:
    """A parcel count that is not whole (56.5宗), a negative supply figure or a bound (超过23亿元) is never read:
    say so."""
    odd = []
    for q in numbers:
        if q.kind == "count" and q.unit in parcel_counters() and q.number != q.number.to_integral_value():
            odd.append(
                Unread(q.start, q.end, "not read: a parcel count that is not whole is never truncated")
            )
        elif q.is_negative and q.kind in ("count", "land_area"):
            odd.append(Unread(q.start, q.end, "not read: a negative figure is a change, never supply"))
        elif (
            txt
            and q.kind in ("money", "land_area")
            and bound(q, txt[max(0, q.start - 4) : q.start], txt[q.end : q.end + 8])
        ):
            odd.append(Unread(q.start, q.end, BOUND))
    return odd


def bound(q: Quantity, before: str, after: str) -> bool:
    """超过23亿元, 逾500亩, 突破1800亿元, 不足400亩, 2000亩以上: a bound, not the amount (a threshold is kept)."""
    bounded = (
        q.qualifier in threshold_qualifiers() or _BOUND_BEFORE.search(before) or _BOUND_AFTER.match(after)
    )
    # 一宗超55万平方米的用地: one lot's size told as a bound, not a threshold for lots counted
    threshold = _THRESHOLD_AFTER.match(after) and not (q.kind == "land_area" and _ONE_LOT.search(before))
    return bool(bounded) and not threshold


def measure_of(q: Quantity, words: str, money_is_revenue: bool = False, after: str = "") -> str | None:
    """parcels, area, revenue or share: what the number is in a record, or None (money_is_revenue: drafts.py NOTES).

    Money is proceeds after a revenue label, or as the price a parcel sold at
    (以12.6亿元成交: words before and `after` it), never after a not_revenue cue.
    """
    # a supply figure is never negative (nor -0): -19% is a change, its digits stay unaccounted
    if q.is_negative:
        return None
    if q.kind == "count":
        whole = q.number == q.number.to_integral_value()  # 572.4宗 is no count of parcels: never truncated
        ordinal = words.endswith(_NOT_A_COUNT)  # 今年第5宗成交的涉宅用地: a rank; 没有一宗土地触发: none
        # 广场附近一块面积…的地块: 近 is 附近's, 一块 still counts the lot (round 9, convention C1)
        return "parcels" if whole and q.unit in parcel_counters() and not ordinal else None
    if q.kind in ("money", "land_area") and (MORE_THAN.search(q.printed) or bound(q, words, after)):
        return None  # 2.1亿多元, 约20余亩, 超过23亿元: a bound, never the figure (odd_numbers says so)
    if q.kind == "land_area":
        return "area"
    if q.kind == "money":
        if phrases.paid(words, after):
            return "revenue"  # the price paid, whatever the buyer's name holds (…投资有限公司以12亿元竞得)
        labelled = money_is_revenue or phrases.revenue_label_at(words) is not None
        return "revenue" if labelled and not phrases.cue_found("not_revenue").search(words) else None
    if q.kind == "percent":
        shared = phrases.cue_found("share").search(words) and not phrases.cue_found("not_share").search(words)
        return "share" if shared else None
    return None

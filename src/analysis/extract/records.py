"""The records extraction produces: land-supply statements, land-use areas, and what was set aside.

NOTES
- A supply statement sits at one level of the hierarchy: supply (供应, all
  channels) -> channel (出让, 划拨, 租赁, 作价出资, collective entry) -> method
  (挂牌, 拍卖, 招拍挂, 协议出让) -> use type. Market news has its own totals
  (推出, 成交) above use types. The level decides which earlier record a
  statement can be a part of (`parent`).
- is_total is True for the totals of supply, of a channel and of the market;
  a method's total (挂牌出让49宗) is a part of its channel's total, so the
  collective entries by method (租赁入市1宗, 入股4宗) stay parts, as in the
  2024 table, and their channel total is derived where the report states none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import TextError
from ..source.quantities import Quantity
from .periods import Period

__all__ = [
    "LABEL_FROM",
    "LEVELS",
    "MADE_BY",
    "MARKET",
    "MAX_RECORDS",
    "NOT_SUPPLY",
    "PERIOD_FROM",
    "Excluded",
    "LandUseRecord",
    "Provenance",
    "TransferRecord",
    "Unread",
    "excluded_starts",
    "many_lots",
    "one_lot",
    "parent_ids",
    "states_again",
    "too_many",
]

MAX_RECORDS = 5_000  # statements of one table in one report; a work report has a few dozen

MARKET = ("market_offered", "market_sold")
LEVELS = {
    "supply": 0,
    "market_offered": 0,
    "market_sold": 0,
    "channel_total": 1,
    "method_total": 2,
    "part": 3,
    "of_which": 4,  # a sub-count of the record it follows (hierarchy.of_which); never a parent
    "sale": 4,  # one parcel sold at a price (sales.py); never a parent, never a part
}
TOTALS = ("supply", *MARKET, "channel_total")

# How a row's use type was chosen: a 分别 list's name; the words of its own figures; another statement's
# (the part or market total before it in the sentence, a record spanning it, the sentence's lead); none (a total)
LABEL_FROM = ("list", "words", "carried", "none", "elsewhere")
# How its period was chosen: a list's own year or month; a cue in its own clause; its sentence's lead; carried from
# before (a sentence, a heading, the report's opening: other months or years); the report's year, said before the row
# but not by its own sentence (report_year), or by no period cue before it at all (default: the text never said)
PERIOD_FROM = ("list", "clause", "sentence", "carried", "report_year", "default", "elsewhere")
# Which step made the row: a draft read in place (supply_statement.py), a bracketed sub-count (hierarchy.of_which),
# an amount of unclear scope, a part or a total of a list of counts (lists.py, earlier.py), proceeds standing alone
# (proceeds.py), one lot's price out of a day's (auction_figures.py), an analyst's row (curated.py)
MADE_BY = ("draft", "of_which", "scope", "list_part", "list_total", "proceeds", "lot", "curated", "elsewhere")


@dataclass(frozen=True)
class Provenance:
    """How a supply row was read (extract/trust.py's gates may ask): where its use type and period came from, and
    which step made it. A row another step than a draft read in place made says `elsewhere` for the first two, but
    a bracketed sub-count (of_which), whose period is chosen as its draft's."""

    label_from: str = "elsewhere"  # LABEL_FROM
    period_from: str = "elsewhere"  # PERIOD_FROM
    made_by: str = "elsewhere"  # MADE_BY


@dataclass
class TransferRecord:
    """One statement of land supply: a total at some level, a part, or an amount of unclear scope."""

    statement: str  # supply, market_offered, market_sold, channel_total, method_total, part, of_which, scope_unclear,
    # sale
    channel: str | None  # transfer, allocation, lease, equity, collective (None above the channels)
    method: str  # zh, from supply_methods.csv, or 合计 / 未说明
    use_type: str  # zh, as written, or 合计
    start: int  # normalized offsets of the quote
    end: int
    period: Period
    measures: dict[str, Quantity] = field(default_factory=dict)  # parcels, area, revenue, share
    parent: TransferRecord | None = None
    is_scope_ambiguous: bool = False
    note_zh: str | None = None
    note_en: str | None = None
    item_id: str = ""
    source: str = "extracted"  # or curated (data/registry/<report>/statements.csv)
    repeats: list[Quantity] = field(default_factory=list)  # the same figures stated again elsewhere
    conflict: TransferRecord | None = None  # the other candidate total that disagrees with this one
    # (约合1800亩): (where its words start, the figure)
    alternates: list[tuple[int, Quantity]] = field(default_factory=list)
    withheld: str = ""  # the trust gate that keeps the row out of what is printed (extract/trust.py), or ""
    how: Provenance = field(default=Provenance(), compare=False)  # how it was read: no part of what it states

    @property
    def is_total(self) -> bool:
        return self.statement in TOTALS

    @property
    def is_any_total(self) -> bool:
        """is_total, or a method's total (挂牌出让49宗; a 土拍 day's, C3): a total where a statement is told again,
        in two halves or smaller (repeats), though a method's total is a part of its channel's in the hierarchy."""
        return self.statement in TOTALS or self.statement == "method_total"

    @property
    def level(self) -> int:
        return LEVELS.get(self.statement, 4)

    @property
    def first_figure(self) -> int:
        """Where its first figure starts (its quote may open on words before it: 其中,鼓楼区供应…)."""
        return min([q.start for q in self.measures.values()])


@dataclass
class LandUseRecord:
    land_class: str
    classification: str  # 总面积, 三大类, 三调一级类
    parent_class: str | None
    item_code: str
    reference_year: int | None
    start: int
    end: int
    area: Quantity
    repeats: list[Quantity] = field(default_factory=list)
    conflict: LandUseRecord | None = None  # the same class with another area or year elsewhere
    item_id: str = ""
    withheld: str = ""  # the trust gate that keeps the row out of what is printed (extract/trust.py), or ""


def states_again(whole: TransferRecord, said: TransferRecord) -> bool:
    """Every figure `said` states, `whole` states with the same value (it may state more): the one comparison
    of figures behind every "the same statement said again" (repeats, sales, earlier, auction news)."""
    return said.measures.keys() <= whole.measures.keys() and all(
        whole.measures[m].value == q.value for m, q in said.measures.items()
    )


def parent_ids(records: list[TransferRecord]) -> set[int]:
    """The ids of the records some record of `records` is a part of, for the passes that leave a record with
    parts as it is (its parts say what it holds); id(None) is among them, never a record's."""
    return {id(r.parent) for r in records}


def one_lot(record: TransferRecord) -> bool:
    """The record tells one lot: no count printed, or a count of exactly one (一宗, 1幅). A fractional count is
    read as printed, never truncated (issue 17): 0.5宗 is not one lot, nor many."""
    parcels = record.measures.get("parcels")
    return parcels is None or parcels.value == 1


def many_lots(record: TransferRecord) -> bool:
    """The record counts more than one lot (3宗, 两幅): a day's or a market's total, not a lot of its own."""
    parcels = record.measures.get("parcels")
    return parcels is not None and parcels.value > 1


def too_many(start: int, what: str) -> TextError:
    return TextError(start, f"more than {MAX_RECORDS:,} {what}; a report is read up to {MAX_RECORDS:,}")


@dataclass(frozen=True)
class Unread:
    """A statement or number the extractor did not read into a table, and why (one line, English)."""

    start: int  # normalized offsets
    end: int
    why: str
    # the same in Chinese, where it is said in Chinese too (a withheld row: extract/trust.py)
    why_zh: str = ""
    gate: str = ""  # the trust gate that withheld the row here ("" for a statement not read, a conflict ...)

    @property
    def told(self) -> str:
        """What a reader is told: Chinese first where there is Chinese, then English."""
        return f"{self.why_zh} / {self.why}" if self.why_zh else self.why


# an Unread's why for a statement its words exclude, then the reason key
NOT_SUPPLY = "not read: not supply: "


def excluded_starts(unread: list[Unread], reason: str) -> list[int]:
    """Where the statements excluded for `reason` start (not_sold: 流拍4宗, 因故终止4宗地)."""
    return [u.start for u in unread if u.why.startswith(NOT_SUPPLY + reason)]


@dataclass(frozen=True)
class Excluded:
    """A sentence with land figures that gave no supply row, and why (reason keys, not_supply group)."""

    start: int  # normalized offsets of the sentence
    end: int
    reasons: tuple[str, ...]

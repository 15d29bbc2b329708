"""Where a supply statement sits: its parent, its level's names, its scope, its twin.

    fits(parent, probe)               can a new record be a part of this earlier one?
    statement_of, method_of, use_type_of_level   the names a record's level gives it
    split_ambiguous_scope(...)        a trailing amount whose scope the sentence leaves open
    summed_into(total, parts)         a total's parts summed in its unit, with the rounding margin of them all

The rules are in supply_statement.py's NOTES (parents) and here (scope); repeats are repeats.py's.

NOTES
- A bracketed 其中 after a record that the hierarchy has no place for under
  it (国有工业用地挂牌27宗(其中新型产业用地5宗): a use type inside a use
  type) is an `of_which` row, a child of that record: the text says the 5
  parcels are among the 27, and nothing about the other 22, so it is never
  summed against its parent (tables.reconcile) and never a part of a
  breakdown (derive). A bracketed 其中 after a total, with parts that fit
  under it (出让65宗…（其中：工业用地挂牌32宗…；住宅用地…）), is read as
  parts, as any 其中 list is.
- 金额1859万元 follows 出让入市4宗 after a comma, in a list of three kinds of
  collective entry: the sentence does not say whether it covers those 4
  parcels or all 9. Such a trailing amount becomes a row of its own, flagged
  `is_scope_ambiguous`, and is never attached to a guess. Words that say 总
  or 合计 (…商业用地5宗，总面积860亩) do say it: the list's total takes them
  (earlier.total_of_list).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from fractions import Fraction

from ..source.quantities import Quantity, convert
from . import phrases
from . import vocabulary as labels
from .records import MARKET, MAX_RECORDS, Provenance, TransferRecord, too_many

__all__ = [
    "COLLECTIVE_LAND",
    "STATE_CHANNELS",
    "TOTALS_ONLY",
    "Placed",
    "Probe",
    "fits",
    "followed",
    "method_of",
    "of_which",
    "of_which_after_parents",
    "spanning",
    "split_ambiguous_scope",
    "statement_of",
    "summed_into",
    "use_type_at",
]

# a record naming no method of its own (a total's 合计, or 未说明)
UNNAMED_METHODS = (labels.label("method", "total"), labels.label("method", "not_stated"))
COLLECTIVE_LAND = "集体经营性建设用地"  # every collective entry is of this land; its method rows say so
STATE_CHANNELS = ("transfer", "allocation", "lease", "equity")


@dataclass(frozen=True)
class Probe:
    level: int
    channel: str | None
    method: str | None
    market_kind: str | None
    period: str | None


def fits(parent: TransferRecord, child: Probe) -> bool:
    """Can `child` be a part of `parent` (see NOTES)?"""
    if parent.period.label != child.period or parent.is_scope_ambiguous:
        return False
    if parent.statement in MARKET:
        return child.channel is None and child.market_kind in (None, parent.statement)
    # 工矿仓储、房地产…用地供应量分别为: the supply total's parts, not 出让's
    if child.market_kind == "supply":
        return parent.channel is None
    if child.market_kind is not None:
        return False
    if parent.channel is None:  # (collective_use: 批准使用集体土地, in a bureau's supply)
        return child.channel in (None, *STATE_CHANNELS, "collective_use")
    if child.channel not in (None, parent.channel):
        return False
    return child.method is None or parent.level < 2 or parent.method == child.method


def statement_of(level: int, market: bool, kind: str | None) -> str:
    """The statement of a record at `level` of the hierarchy (records.LEVELS): at the top, supply or the market's
    own kind (market_offered, market_sold)."""
    if level == 0:
        return kind if market else "supply"
    return {1: "channel_total", 2: "method_total", 3: "part"}[level]


def method_of(level: int, named: str | None, channel: str | None, parent: TransferRecord | None) -> str:
    """A record's method: 合计 above the methods; the one it names; its method total's; 划拨's one method (implied,
    never printed); else 未说明."""
    if level <= 1:
        return labels.label("method", "total")
    if named:
        return named
    if parent is not None and parent.statement == "method_total":
        return parent.method
    only = {m for _, m in phrases.methods().get(channel or "", ())}
    return only.pop() if channel == "allocation" and len(only) == 1 else labels.label("method", "not_stated")


def use_type_at(level: int, use_type: str | None, channel: str | None) -> str:
    """A record's use type: the one read; a collective method's total is of collective land; else 合计."""
    if use_type is not None:
        return use_type
    if level == 2 and channel == "collective":
        return COLLECTIVE_LAND
    return labels.label("use_type", "total")


def spanning(records: list[TransferRecord], since: int, named: tuple, segment) -> str | None:
    """After 其中, the use type of the record the 其中 narrows (the sentence's last one before it) for a part naming
    none of its own but a year its span holds or a method (named: (period, method)): 2015-2020年供应工业用地165宗,
    其中2020年已供地21宗; 出让工业用地12宗,其中挂牌出让10宗. Narrowed by nothing read (其中高新区5宗, 另外8宗), it is
    a restatement (earlier.restated), not given the use type."""
    period, method = named
    last = None
    for r in reversed(records) if segment.opens_with_qizhong else ():  # the sentence's few records
        if r.start < since or r.start < segment.start:
            last = r if r.start >= since else None
            break
    if last is None or last.use_type == labels.label("use_type", "total") or last.statement == "of_which":
        return None
    by_method = method is not None and last.method != method and last.period.label == period.label
    return last.use_type if by_method or last.period.spans(period) else None


def of_which(
    of: TransferRecord, reading, span: tuple[int, int], period, measures: dict, how: Provenance
) -> TransferRecord:
    """A sub-count given in brackets after a record (27宗(其中新型产业用地5宗)): among its figures, not a breakdown.
    `how` says how its period was chosen (made_by of_which)."""
    return TransferRecord(
        statement="of_which",
        channel=of.channel,
        method=reading.method or of.method,
        use_type=reading.use_type or of.use_type,
        start=span[0],
        end=span[1],
        period=period,
        measures=dict(measures),
        parent=of,
        how=how,
    )


def followed(hosts: dict[int, list[TransferRecord]], aside_of: int) -> TransferRecord | None:
    """The record a bracketed 其中 follows: the last one that starts before its bracket."""
    around = hosts.get(aside_of, [])
    before = bisect.bisect_left(around, aside_of, key=lambda r: r.start)
    return around[before - 1] if before else None


def of_which_after_parents(records: list[TransferRecord]) -> list[TransferRecord]:
    """The records in reading order, each of_which row right after the row it belongs to.

    (An aside is read after the clause around it, so its rows come after
    that clause's later rows: 27宗(其中…5宗),住宅用地21宗 reads 27, 21, 5.)
    """
    if not records:
        return []  # most paragraphs state no supply
    children: dict[int, list[TransferRecord]] = {}
    for record in records:
        if record.statement == "of_which":
            children.setdefault(id(record.parent), []).append(record)
    ordered: list[TransferRecord] = []
    for record in _parents_first(records):
        if record.statement != "of_which":
            # each row, then its of_which rows, depth first (a stack, not a recursive closure: a closure
            # naming itself is a reference cycle, and its rows would wait for the garbage collector)
            stack = [record]
            while stack:
                ordered.append(row := stack.pop())
                stack.extend(reversed(children.get(id(row), ())))
    return ordered


def _parents_first(records: list[TransferRecord]) -> list[TransferRecord]:
    """Reading order, but a total read after its parts (工业用地20宗、商业用地5宗，总面积860亩) comes before them."""
    here = {id(r) for r in records}
    done: set[int] = set()
    ordered: list[TransferRecord] = []
    for record in records:
        chain = []
        while record is not None and id(record) in here and id(record) not in done:
            chain.append(record)
            done.add(id(record))
            record = record.parent
        ordered.extend(reversed(chain))
    return ordered


def split_ambiguous_scope(txt: str, segment_records: list[TransferRecord]) -> list[TransferRecord]:
    """A measure only the last of several listed records carries, after a comma, covers an unclear scope."""
    parts = [r for r in segment_records if not r.is_total]
    if len(parts) < 2 or len({r.level for r in parts}) > 1:
        return []
    last = parts[-1]
    split = []
    for measure in ("revenue", "area"):
        q = last.measures.get(measure)
        if q is None or any(measure in r.measures for r in parts[:-1]):
            continue
        others = [m for name, m in last.measures.items() if name != measure]
        if not others or not any(c in txt[max(m.end for m in others) : q.start] for c in ",;"):
            continue
        del last.measures[measure]
        last.end = max(m.end for m in last.measures.values())
        label_start = max(m.end for m in others)
        gap = txt[label_start : q.start]
        start = label_start + len(gap) - len(gap.lstrip(" ,;、"))
        split.append(_scope_record(txt, last, parts, measure, q, start))
    return split


def _scope_record(txt, last, parts, measure, q, start) -> TransferRecord:
    listed = "、".join(f"{r.method}{r.measures['parcels'].printed}" for r in parts if "parcels" in r.measures)
    total_parcels = sum(int(r.measures["parcels"].value) for r in parts if "parcels" in r.measures)
    own = last.measures.get("parcels")
    own_text = own.printed if own else ""
    quote = txt[start : q.end]
    return TransferRecord(
        statement="scope_unclear",
        channel=last.channel,
        method=labels.label("method", "not_stated"),
        use_type=last.use_type,
        start=start,
        end=q.end,
        period=last.period,
        measures={measure: q},
        is_scope_ambiguous=True,
        how=Provenance(made_by="scope"),
        note_zh=f"原文未说明“{quote}”仅指{last.method}{own_text}，还是全部{total_parcels}宗（{listed}）。",
        note_en=_scope_note_en(quote, last.method, own, total_parcels, listed),
    )


def _scope_note_en(quote: str, method: str, own: Quantity | None, total: int, listed: str) -> str:
    """The English note: the method and the counts in English, the report's own words quoted (listed)."""
    named = labels.en_of("method", method) or method  # Entry by transfer (出让入市)
    which = f"{int(own.value)} parcels of" if own is not None else "parcels of"
    return (
        f"The sentence does not say whether “{quote}” covers only the {which} {named[:1].lower()}{named[1:]}"
        f" or all {total} parcels listed ({listed})."
    )


TOTALS_ONLY = -1  # lacking_revenue's parts_from: no part, no method's total


def _may_take(record: TransferRecord, parts_from: int | None, period) -> bool:
    if period is not None and not record.period.holds(period):
        return False
    if parts_from == TOTALS_ONLY:
        return record.level < 2
    return parts_from is None or record.level < 3 or record.start >= parts_from


class Placed:
    """The records of a paragraph, indexed so that placing each one costs the same however many came before.

    `parent` looks only at the latest record of each signature (statement,
    channel, method) of the period: an earlier record of the same signature
    fits a probe exactly when the latest does, and loses to it. `lacking_revenue`
    keeps one stack per channel of the records that may still take proceeds.
    """

    def __init__(self, before: int = 0) -> None:
        self.before = before  # records of the earlier paragraphs, counted against MAX_RECORDS
        self.records: list[TransferRecord] = []
        self._latest: dict[str | None, dict[tuple, tuple[int, TransferRecord]]] = {}
        self._open: dict[str | None, list[tuple[int, TransferRecord]]] = {}
        self._by_use: dict[tuple[str | None, str], TransferRecord] = {}  # (period, use type) -> latest

    def add(self, record: TransferRecord) -> None:
        index = len(self.records)
        if self.before + index >= MAX_RECORDS:
            raise too_many(record.start, "land-supply statements")
        self.records.append(record)
        if record.is_scope_ambiguous or record.statement == "of_which":
            return  # never a parent, never takes proceeds a later sentence names
        signature = (record.statement, record.channel, record.method)
        self._latest.setdefault(record.period.label, {})[signature] = (index, record)
        self._open.setdefault(record.channel, []).append((index, record))
        if record.use_type != labels.label("use_type", "total"):
            self._by_use[record.period.label, record.use_type] = record

    def named(self, period: str | None, use_type: str) -> TransferRecord | None:
        """The latest record of this use type for the period (住宅用地供应量占…的72.2% follows it)."""
        return self._by_use.get((period, use_type))

    def reopen(self, record: TransferRecord) -> None:
        """A record whose proceeds went to a row of unclear scope may take proceeds again."""
        index = next(i for i in range(len(self.records) - 1, -1, -1) if self.records[i] is record)
        bisect.insort(self._open.setdefault(record.channel, []), (index, record), key=lambda e: e[0])

    def parent(self, probe: Probe, sentence_start: int | None) -> TransferRecord | None:
        """The most specific earlier record the probe fits; a method's total only within its sentence or after 其中."""
        found = [
            (r.level, i, r)
            for i, r in self._latest.get(probe.period, {}).values()
            if r.level < probe.level
            and fits(r, probe)
            and (r.statement != "method_total" or sentence_start is None or r.start >= sentence_start)
        ]
        return max(found, key=lambda f: f[:2])[2] if found else None

    def latest(self, period: str | None, statement: str, channel: str | None) -> TransferRecord | None:
        """The latest total of this statement and channel for the period (its method 合计), or None."""
        found = self._latest.get(period, {}).get((statement, channel, labels.label("method", "total")))
        return found[1] if found else None

    def lacking_revenue(
        self, channel: str, parts_from: int | None = None, period=None
    ) -> TransferRecord | None:
        """The latest record without proceeds that a label of this channel ('' for any) may go to; a part
        only if it starts at `parts_from` or later (proceeds whose words sum, 130座城市的土地出让金收入合计为
        1.18万亿元, are a total's, not those of a part of the sentence before); of a period holding the
        proceeds' `period` when given (前三个季度累计…8922.85亿元 is no proceeds of 9月份挂牌14宗; 8月31日…以23.8亿元
        竞得 may be the proceeds of the parcel stated for the year before it)."""
        stacks = [s for c, s in self._open.items() if not channel or c in (channel, None)]
        best: tuple[int, TransferRecord] | None = None
        for stack in stacks:
            while stack and "revenue" in stack[-1][1].measures:
                stack.pop()  # proceeds once taken are never given back but by `reopen`
            top = next((e for e in reversed(stack) if _may_take(e[1], parts_from, period)), None)
            if top and "revenue" not in top[1].measures and (best is None or top[0] > best[0]):
                best = top
        return best[1] if best else None


def summed_into(total: Quantity, parts: list[Quantity]) -> tuple[Fraction, Fraction] | None:
    """(the parts' sum, the total's rounding margin plus theirs), both in the total's unit: what a total is checked
    against (tables/reconcile.py, extract/trust.py); None where the parts cannot be summed into it (4块 against
    一宗: counts in two words)."""
    try:
        summed = sum((convert(p.value, p.unit, total.unit) for p in parts), Fraction(0))
        margins = sum((convert(p.rounding_margin, p.unit, total.unit) for p in parts), Fraction(0))
    except ValueError:
        return None
    return summed, total.rounding_margin + margins

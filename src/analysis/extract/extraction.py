"""Extraction: the report's land-supply and land-use statements as records.

The text is read in its folded form (full-width forms, traditional
characters, numeral counts: source/normalize.py) and every record keeps
offsets that map back to the raw text, so that `raw[start:end]` is the quote.
The phrasings live in extract/rules/*.csv; the modules know the shapes:

    text.py       paragraphs, sentences, segments, the words around a number
    value_lists.py  分别为 lists: the names before 分别 zipped with the values after it
    periods.py    the period a cue names (2023, 1—11月, 上年同期, 十四五); the cues of period_cues.csv
    period_context.py  where a statement's period is stated: its sentence's lead, the sentences and heading before
    phrases.py    the cues of supply_clauses.csv and the reading of a record's words (channel, method, kind)
    use_type_words.py  the use type a record's words name (住宅 of 2023年全市商品住宅用地)
    measures.py   what one number is in a record (parcels, area, proceeds, share), or why it is never read
    drafts.py     the numbers of a segment that belong together
    lists.py      the drafts of 分别 lists: names, years or months zipped with their values
    supply.py     the text walked: the drafts of its sentences read in order, then passes over all its records
    supply_statement.py  one draft: what its words name, its record placed in the hierarchy
                  supply > channel > method > use type, how its period and use type were chosen
    proceeds.py   proceeds no record of their own holds: an earlier record's, or a record of their own
    earlier.py    figures that complete a record stated before them (its proceeds, its share)
    sentence_facts.py  what a whole sentence says of its figures: a notice, a plan, a rank, not land
    land_use.py   land-use areas by class (三大类, 三调一级类): a statement's rows, parents, year, conflicts
    land_use_statements.py  which sentences state the land survey's areas; the land-class tables
    curated.py    data/registry/<report>/statements.csv: statements an analyst adds or corrects
    trust.py      after extraction: which rows are printed as facts, which withheld and listed with why

NOTES
- Item ids are stable names for derivation: supply.total, transfer.total,
  allocation.total, transfer.industrial (a use type under its channel),
  transfer.listing (a method's total), transfer.listing.industrial (a use
  type under a method's total), collective.lease (a collective method),
  market.sold.residential. A figure for another period than the report year
  carries it: supply.total@十四五, market.sold@2023-10.
- The text's own totals are kept as printed even when the parts disagree
  (3771.3 亩 stated, 3771.41 亩 summed); see `tables.reconcile`.
- Invisible characters (zero-width spaces, controls) are read past
  (source/normalize.py) and named in a warning, so that a number split by
  one is read whole and the reader knows the text had them.
- A report is never refused because of one statement (issue 17): what is read
  is published, what is not is in `unread` (line:column and why: the
  warnings, `check` and the annotated report page list it). Two totals that
  disagree are both kept, each naming the other (`conflict`); a text with no
  land figures gives empty tables and a warning. `refusals` holds what the
  command line's --strict turns back into errors (exit 2), as before issue 17.
- A text whose land figures are all something else (plans, approvals,
  expropriation, mortgages ...) gives empty tables and one warning naming each
  sentence (line:column) and why.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import cache

from ..errors import ExtractionError, ExtractionWarning, TextError
from ..source.quantities import Quantity, convert, unread_quantities
from ..source.reports import Report
from . import curated
from . import vocabulary as labels
from .abstain import abstain
from .auctions import lots_labelled
from .drafts import excluded_sentences
from .land_use import land_use_records
from .records import MARKET, Excluded, LandUseRecord, TransferRecord, Unread
from .repeats import headlines_again, merge_repeats
from .supply import supply_records
from .text import Layout
from .use_types import short_labels

__all__ = [
    "Extraction",
    "ExtractionWarning",
    "LandUseRecord",
    "TransferRecord",
    "Unread",
    "Where",
    "area_in",
    "extract",
    "extracted",
    "listed",
    "strict_check",
]


@dataclass
class Extraction:
    report: Report
    transfers: list[TransferRecord]
    land_use: list[LandUseRecord]
    warnings: list[str]
    excluded: list[Excluded]
    unread: list[Unread] = field(default_factory=list)  # normalized offsets, in text order
    refusals: list[str] = field(default_factory=list)  # what --strict refuses (the report as before issue 17)


class Where:
    """Places in a report for messages: 'path:line:column' and the quote, from normalized offsets."""

    def __init__(self, report: Report):
        self.report, self.path = report, report.path

    def place(self, start: int) -> str:
        return self.report.where(self.report.normalized.raw_span(start, start)[0])

    def quoted(self, start: int, end: int) -> str:
        return f"{self.place(start)} “{self.report.normalized.raw_slice(start, end)}”"


def _code(group: str, zh: str) -> str:
    return labels.code_of(group, zh) or zh


def _base_id(record: TransferRecord) -> str:
    if record.is_scope_ambiguous:
        return f"{record.channel}.{'amount' if 'revenue' in record.measures else 'area'}_scope_unclear"
    use = _code("use_type", record.use_type)
    if record.statement == "supply":
        return "supply.total"
    if record.statement == "sale":  # transfer.sale, transfer.sale.commercial_residential
        return f"{record.channel}.sale" + (
            "" if record.use_type == labels.label("use_type", "total") else f".{use}"
        )
    if record.statement in MARKET:
        kind = record.statement.removeprefix("market_")
        return f"market.{kind}" + ("" if record.use_type == labels.label("use_type", "total") else f".{use}")
    if record.statement == "channel_total":
        return f"{record.channel}.total"
    if record.statement == "method_total":
        return f"{record.channel}.{_code('method', record.method)}"
    parent = record.parent
    if record.statement == "of_which" and parent is not None:
        own = use if record.use_type != parent.use_type else _code("method", record.method)
        return f"{parent.item_id or _base_id(parent)}.{own}"
    if parent is not None and parent.statement in ("method_total", *MARKET):
        return f"{_base_id(parent)}.{use}"
    return f"{record.channel or 'supply'}.{use}"


def assign_item_ids(records: list[TransferRecord], report_year: int | None) -> None:
    """Stable ids, unique in the report: a repeated base takes its method, then .2, .3 ..."""
    seen: set[str] = set()
    next_number: dict[str, int] = {}  # base -> the number to try next: numbering never starts over
    for record in records:
        base = _base_id(record)
        if not record.period.is_year(report_year):
            base += f"@{record.period.label}"
        item_id = base
        if item_id in seen and record.conflict is None:  # a second candidate total is .2, not its method
            item_id = f"{base}.{_code('method', record.method)}"
        n = next_number.get(base, 2)
        while item_id in seen:
            item_id, n = f"{base}.{n}", n + 1
        next_number[base] = n
        seen.add(item_id)
        record.item_id = item_id


def _not_supply(report: Report, excluded: list[Excluded]) -> str:
    where = Where(report)
    reasons = [e for e in excluded if e.reasons]
    described = "; ".join(
        f"{where.place(e.start)} “{_clipped(report, e.start, e.end)}” is "
        + ", ".join(
            f"{labels.label('not_supply', r, 'en').lower()} ({labels.label('not_supply', r)})"
            for r in e.reasons
        )
        for e in reasons
    )
    return f"{report.path}: no land-supply statement found; its land figures are not supply: {described}"


def strict_check(report: Report) -> None:
    """Raise ExtractionError as before issue 17: no land figures, or two totals that disagree (--strict)."""
    refusals = _extract(report).refusals
    if refusals:
        raise ExtractionError(refusals[0])


@cache
def _extract(report: Report) -> Extraction:
    try:
        return _read(report)
    except TextError as exc:  # a limit or a number at an offset: name the file, line and column
        raise ExtractionError(f"{Where(report).place(exc.start)}: {exc}") from None


def _read(report: Report) -> Extraction:
    where, layout = Where(report), Layout(report.text)
    unread: list[Unread] = []
    read = abstain(layout, supply_records(layout, report.year, unread), report.year, unread)
    said = headlines_again(layout, read, unread)
    transfers, conflicts = merge_repeats(said, where, unread)
    transfers = short_labels(layout, transfers)  # 宅地: a label only, once the rows are what they are
    transfers = lots_labelled(layout, transfers)  # …2宗宅地…。…以24.3亿元总价夺得…地块: 住宅 too
    assign_item_ids(transfers, report.year)
    transfers = curated.apply(report, transfers)
    land_use, problems, land_conflicts = land_use_records(layout, where)
    refusals = [m.split("; both are kept")[0] for m in conflicts + land_conflicts]
    unread += [
        Unread(r.start, r.end, f"kept, but disagrees with {r.conflict.item_id} (conflict)")
        for r in transfers
        if r.conflict
    ]
    unread += [
        Unread(r.start, r.end, f"kept, but disagrees with {r.conflict.item_id} (conflict)")
        for r in land_use
        if r.conflict
    ]
    excluded: list[Excluded] = []
    if not transfers:
        excluded = [e for e in excluded_sentences(layout) if e.reasons]
        if not excluded and not land_use:
            refusals.insert(0, _no_land_figures(report))
        message = (
            _not_supply(report, excluded)
            if excluded
            else f"{report.path}: no land-supply statement (供应…宗…公顷, 出让…宗, 划拨…宗) found"
        )
        problems.insert(0, message.removeprefix(f"{report.path}: "))
    unread += _unread_number_spans(report)
    unread.sort(key=lambda u: (u.start, u.end))
    messages = [f"{report.path}: {p}" for p in problems] + conflicts + land_conflicts
    messages += (
        _invisible_characters(report) + _marks(report) + _unread_numbers(report) + listed(report, unread)
    )
    return Extraction(report, transfers, land_use, messages, excluded, unread, refusals)


def _no_land_figures(report: Report) -> str:
    return (
        f"{report.path}: no land figures found: expected a land-supply statement "
        "(…出让…宗…亩…, 供应…公顷) or a land-use statement (农用地…公顷, 耕地…万亩)"
    )


_LISTED = 20  # unread statements named one by one in the warnings


def listed(report: Report, unread: list[Unread]) -> list[str]:
    """One warning per statement or number not read (the first _LISTED), naming line:column and why."""
    where = Where(report)
    shown = [
        f"{where.place(u.start)}: “{_clipped(report, u.start, u.end)}”: {u.told}"
        for u in unread[:_LISTED]
        if not u.why.startswith("not read: a number before a unit")  # _unread_numbers says it once for all
    ]
    if len(unread) > _LISTED:
        shown.append(
            f"{report.path}: … and {len(unread) - _LISTED} more not read (python -m analysis check lists them)"
        )
    return shown


def _clipped(report: Report, start: int, end: int) -> str:
    """The raw quote of normalized text[start:end], clipped to 30 characters for a one-line message."""
    quote = report.normalized.raw_slice(start, end).strip()
    return quote if len(quote) <= 30 else quote[:29] + "…"


def _unread_number_spans(report: Report) -> list[Unread]:
    why = (
        "not read: a number before a unit glued to a letter or digits, ending a range,"
        " or after a dash that is no minus"
    )
    return [Unread(s, e, why) for s, e in unread_quantities(report.text)]


def _marks(report: Report) -> list[str]:
    """A warning naming what normalisation read past besides invisible characters: footnote marks, glosses, breaks."""
    marks = report.normalized.marks
    if not marks:
        return []
    return [
        f"{report.where(marks[0])}: {len(marks)} character(s) read past: footnote marks after a digit (3771.3¹亩),"
        " pinyin glosses after a character (國(guó)) or line breaks inside a number; the quotes keep them"
    ]


def _unread_numbers(report: Report) -> list[str]:
    """A warning naming the numbers before a unit that are not read (1e309亩, A15宗, 5-10亩)."""
    spans = unread_quantities(report.text)
    if not spans:
        return []
    shown = []
    for start, end in spans[:3]:
        while start > 0 and end - start < 40 and re.match(r"[A-Za-z\d.+\-−—–~]", report.text[start - 1]):
            start -= 1
        shown.append(f"“{report.normalized.raw_slice(start, end)}”")
    more = f" and {len(spans) - 3} more" if len(spans) > 3 else ""
    return [
        f"{Where(report).place(spans[0][0])}: {len(spans)} number(s) before a unit not read ({', '.join(shown)}"
        f"{more}): a number glued to a letter (1e309, a code) or ending a range (5-10亩) is never a quantity;"
        " check lists its digits as unaccounted"
    ]


def _invisible_characters(report: Report) -> list[str]:
    """A warning naming the invisible characters normalisation read past (zero-width spaces, controls)."""
    removed = report.normalized.removed
    if not removed:
        return []
    kinds = dict.fromkeys(report.raw[i] for i in removed)
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in list(kinds)[:3])
    more = f" and {len(kinds) - 3} more kinds" if len(kinds) > 3 else ""
    return [
        f"{report.where(removed[0])}: {len(removed)} invisible character(s) ({named}{more}) in the text,"
        " read as if absent (a number they split is read whole); the quotes keep them"
    ]


def extract(report: Report) -> Extraction:
    """Land-supply and land-use records of a report; warns (ExtractionWarning) about what is missing."""
    result = extracted(report)
    for message in result.warnings:
        warnings.warn(message, ExtractionWarning, stacklevel=2)
    return result


def extracted(report: Report) -> Extraction:
    """The report's extraction (made once a process), without warning again: for pages and checks that count
    or list what it did not read themselves, built after its tables warned (the banner, once per language)."""
    return _extract(report)


def area_in(q: Quantity, unit: str) -> float:
    """A land-area quantity in 亩 or 公顷, as a float (exact until this last step)."""
    return float(convert(q.value, q.unit, unit))

"""The trust step: which rows are printed as facts, and which are withheld and listed with why.

    trusted(report)            # extract(report) after this step: withheld rows marked and in unread; warns
    judged(report)             # the same without warning again (pages and checks built after the tables)
    withhold(kind, transfers, land_use, txt)              # marks record.withheld (a gate's key): their Unread
    gates()                    # the gates of rules/trust_gates.csv, in the file's order
    reason("count_alone_in_misread_kind", "auction_news", "zh")  # what a reader is told of a withheld row

Extraction reads what it can; this step decides, row by row, whether the text's
own evidence supports printing the row as a fact (issue 17: "an analyst must be
able to trust every value printed"). A row no gate stops is printed; a row a
gate stops is WITHHELD: the tables keep it with `withheld` true (an analyst can
still get it: `table --all-rows`, or the frame itself), the default output
leaves it out, and the `unread` list (warnings, `check`, the annotated page)
names it with line:column and why, in Chinese first.

The step runs after extraction, on its records (extract() itself is unchanged):
the tables, `check`, the pages and `add` read `trusted(report)`, whose `unread`
holds the withheld rows too. It needs the kind of text, which the tables tell
anyway (frame.attrs["reliability"]): computed once per report for both.

A gate is a row of rules/trust_gates.csv: which rows it looks at (the table,
the kind of text extract/text_kind.py reads, how often rows of that kind were
false on the sets used in development, the statement, the figures the row
carries) and the evidence that lets such a row through anyway (`unless`):

    confirmed   the text's own arithmetic: the row is a total whose parts (two
                or more) sum to it within rounding in some figure, or one of
                those parts

A gate may also name how the row was read (`label_from`, `period_from`: the
records' Provenance, set where supply_statement.py chooses them; `clauses`: its figures
in one clause or joined from several; `competing`: another row states the same
thing with other figures). Round 12 measured each (benchmarks/real/README.md);
one gate reads it: a count alone whose own sentence does not say when.

NOTES
- Each gate was kept only by the round-11 protocol (benchmarks/real/README.md):
  on the validation pool false rows fell by at least two for each right row
  lost, and the training sets moved the same way. The kind's measure is the
  development line of rules/reliability.csv only, never the blind line, and
  over every row read before this step (printed_rows_all, false_rows_all):
  the printed measure falls as the gates act, and would switch them off.
- A row an analyst curated (data/registry/<report>/statements.csv) is theirs:
  never withheld.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from ..errors import ExtractionWarning
from ..source.reports import Report
from ..source.rules import rule_choice, rule_number, rule_table, rules_dir
from .extraction import Extraction, extracted, listed
from .hierarchy import summed_into
from .records import LABEL_FROM, PERIOD_FROM, LandUseRecord, TransferRecord, Unread, states_again
from .text_kind import kind_label, kinds, measurements, report_kind

__all__ = [
    "EVIDENCE",
    "FIGURES",
    "Gate",
    "confirmed",
    "figures",
    "gates",
    "joined",
    "judged",
    "reason",
    "trusted",
    "withhold",
]

RULES = rules_dir(__file__)
FIGURES = (
    ("parcels", "P"),
    ("area", "A"),
    ("revenue", "R"),
    ("share", "S"),
)  # as real.py --by-shape names them
EVIDENCE = ("confirmed",)
CLAUSES = ("one", "several")  # the row's figures stand in one clause, or in several (joined)
COMPETING = ("no", "yes")  # whether another row states the same thing (statement ... period) otherwise
# how a row was read: the gate columns that may name it, each with its values
_READ = {"label_from": LABEL_FROM, "period_from": PERIOD_FROM, "clauses": CLAUSES, "competing": COMPETING}
_COLUMNS = (
    "gate",
    "table",
    "kinds",
    "kind_false_pct_at_least",
    "statements",
    "figures",
    *_READ,
    "unless",
    "zh",
    "en",
)


@dataclass(frozen=True)
class Gate:
    """One row of rules/trust_gates.csv: the rows it withholds unless `unless` holds, and what a reader is told."""

    gate: str
    table: str  # land_transfers or land_use
    kinds: frozenset[str]  # empty: any kind
    kind_false_pct: float | None  # the kind's development measure must reach it (None: any)
    statements: frozenset[str]  # empty: any statement
    figures: frozenset[str]  # empty: any; else the exact figures a row carries ("P...": a count alone)
    read: tuple[tuple[str, frozenset[str]], ...]  # (label_from, values) ...: how the row was read; empty: any
    unless: frozenset[str]
    zh: str
    en: str


def _set(value: str) -> frozenset[str]:
    return frozenset() if value.strip() in ("", "*") else frozenset(value.split())


def gates() -> tuple[Gate, ...]:
    """The gates, in the file's order (the first that stops a row names why); a value a row cannot hold is one
    line naming the file, the line and the column."""
    return _gates(RULES)


@cache
def _gates(folder: Path) -> tuple[Gate, ...]:
    found = []
    for r in rule_table(folder, "trust_gates", _COLUMNS, ("note",)):
        rule_choice(folder, "trust_gates", r, "table", ("land_transfers", "land_use"))
        for kind in _set(r["kinds"]):
            rule_choice(folder, "trust_gates", {**r, "kinds": kind}, "kinds", kinds())
        for column, values in (("unless", EVIDENCE), *_READ.items()):
            for value in _set(r[column]):
                rule_choice(folder, "trust_gates", {**r, column: value}, column, values)
        pct = r["kind_false_pct_at_least"].strip()
        found.append(
            Gate(
                r["gate"],
                r["table"],
                _set(r["kinds"]),
                float(rule_number(folder, "trust_gates", r, "kind_false_pct_at_least")) if pct else None,
                _set(r["statements"]),
                _set(r["figures"]),
                tuple((c, _set(r[c])) for c in _READ if _set(r[c])),
                _set(r["unless"]),
                r["zh"],
                r["en"],
            )
        )
    return tuple(found)


def reason(gate: str, kind: str, lang: str = "zh") -> str:
    """What a reader is told about a row the gate withholds in a text of this kind ('zh' or 'en')."""
    row = next(g for g in gates() if g.gate == gate)
    pct = _kind_false_pct(kind)
    return (row.zh if lang == "zh" else row.en).format(
        kind=kind_label(kind, "zh"), kind_en=kind_label(kind, "en_in_sentence"), false_pct=f"{pct or 0:.0f}"
    )


def figures(record: TransferRecord) -> str:
    """The figures a row carries, "PARS" with "." for each absent: "P..." is a count alone."""
    return "".join(letter if name in record.measures else "." for name, letter in FIGURES)


_STOP = re.compile(r"[;。]|(?<!\d),|,(?!\d)")  # a clause's end; not a comma grouping digits (1,234)


def joined(txt: str, record: TransferRecord) -> bool:
    """The row's figures stand in more than one clause (a comma, a semicolon or a full stop between two of them):
    figures joined from clauses apart, not read side by side."""
    spans = sorted((q.start, q.end) for q in record.measures.values())
    return any(_STOP.search(txt, end, start) for (_, end), (start, _) in pairwise(spans))


def _sums_to(total: TransferRecord, parts: list[TransferRecord]) -> bool:
    """Some figure of the total equals its parts' sum within rounding in print (two parts or more)."""
    for measure, q in total.measures.items():
        with_it = [p.measures[measure] for p in parts if measure in p.measures]
        if measure == "share" or len(with_it) < 2:
            continue
        found = summed_into(q, with_it)  # (None: 块 against 宗, counts in two words are not summed)
        if found is not None and abs(q.value - found[0]) <= found[1]:
            return True
    return False


def competing(transfers: list[TransferRecord]) -> set[int]:
    """id() of each row another row rivals: the same statement, channel, method, use type and period with other
    figures (two readings of one thing, at most one of them right); a sale is one lot among others, never a rival."""
    slots: dict[tuple, list[TransferRecord]] = {}
    for r in transfers:
        if r.statement != "sale":
            slots.setdefault((r.statement, r.channel, r.method, r.use_type, r.period), []).append(r)
    found: set[int] = set()
    for rows in slots.values():
        for r in rows:
            if any(o is not r and not (states_again(o, r) and states_again(r, o)) for o in rows):
                found.add(id(r))
    return found


def confirmed(transfers: list[TransferRecord]) -> set[int]:
    """id() of each row the text's own arithmetic confirms: a total its parts sum to, and those parts."""
    parts_of: dict[int, list[TransferRecord]] = {}
    for r in transfers:
        if r.parent is not None and r.statement != "of_which" and r.conflict is None:
            parts_of.setdefault(id(r.parent), []).append(r)
    found: set[int] = set()
    for r in transfers:
        parts = parts_of.get(id(r), [])
        if _sums_to(r, parts):
            found |= {id(r), *map(id, parts)}
    return found


def _kind_false_pct(kind: str) -> float | None:
    """Rows of this kind that were false on the sets used in development, in % (never the blind line), among
    every row the extractor read, withheld or not: the measure of the extractor before this step, so that a
    reliability.csv written again once the gates act cannot switch them off."""
    return measurements(kind)[1].false_pct_all


@dataclass(frozen=True)
class _Facts:
    """What the gates ask of one row (of the text's kind, which _reaches asked once)."""

    statement: str  # a supply row's statement; a land-use row's classification
    figures: str  # "PARS" with "." for each absent
    evidence: frozenset[str]
    read: dict[str, str]  # how it was read, by _READ's columns (a land-use row: none)


def _facts(
    r: TransferRecord | LandUseRecord, txt: str, sure: set[int], rivalled: set[int], reads: set[str]
) -> _Facts:
    """What the gates look at of a row; `sure` and `rivalled` hold the id() of the rows confirmed and competing;
    of how it was read, only the `reads` columns some gate names (a clause scan per row otherwise)."""
    transfer = isinstance(r, TransferRecord)
    how = {}
    if transfer:
        how = {"label_from": r.how.label_from, "period_from": r.how.period_from}
        if "clauses" in reads:
            how["clauses"] = "several" if joined(txt, r) else "one"
        if "competing" in reads:
            how["competing"] = "yes" if id(r) in rivalled else "no"
    return _Facts(
        r.statement if transfer else r.classification,
        figures(r) if transfer else ".A..",
        frozenset({"confirmed"} if id(r) in sure else ()),
        how,
    )


def _reaches(gate: Gate, kind: str) -> bool:
    """The gate looks at rows of this kind of text: one of its kinds, measured at least as often false."""
    if gate.kinds and kind not in gate.kinds:
        return False
    return gate.kind_false_pct is None or (_kind_false_pct(kind) or 0) >= gate.kind_false_pct


def _stops(gate: Gate, row: _Facts) -> bool:
    """The gate, one that reaches the row's kind, stops the row: its statement and figures, no evidence."""
    if gate.statements and row.statement not in gate.statements:
        return False
    if gate.figures and row.figures not in gate.figures:
        return False
    if any(row.read.get(column) not in values for column, values in gate.read):
        return False
    return not gate.unless & row.evidence


def withhold(
    kind: str, transfers: list[TransferRecord], land_use: list[LandUseRecord], txt: str
) -> list[Unread]:
    """Mark each row the first gate that stops it withholds (record.withheld = its key); their Unread, Chinese
    first. A curated row is never withheld. `txt` is the text the records' offsets point into (clauses)."""
    reaching = [g for g in gates() if _reaches(g, kind)]
    if not reaching:  # no gate looks at this kind of text: its totals need not be checked
        return []
    reads = {column for g in reaching for column, _ in g.read}
    sure = confirmed(transfers)
    rivalled = competing(transfers) if "competing" in reads else set()  # every pair of rows: only if read
    unread = []
    for table, rows in (("land_transfers", transfers), ("land_use", land_use)):
        for r in rows:
            if getattr(r, "source", "extracted") == "curated":
                continue
            row = _facts(r, txt, sure, rivalled, reads)
            gate = next((g for g in reaching if g.table == table and _stops(g, row)), None)
            if gate is not None:
                r.withheld = gate.gate
                unread.append(
                    Unread(r.start, r.end, reason(gate.gate, kind, "en"), reason(gate.gate, kind), gate.gate)
                )
    return unread


def trusted(report: Report) -> Extraction:
    """The report's extraction after the trust step: each withheld row marked (record.withheld) and in `unread`
    (text order); warns (ExtractionWarning) as extract() does, and of each withheld row with line:column."""
    result = _trusted(report)
    for message in result.warnings:
        warnings.warn(message, ExtractionWarning, stacklevel=2)
    return result


def judged(report: Report) -> Extraction:
    """trusted(report) without warning again: for pages and checks that count or list what it did not read
    themselves, built after its tables warned (as extraction.extracted is to extract)."""
    return _trusted(report)


@cache
def _trusted(report: Report) -> Extraction:
    found = extracted(report)
    withheld = withhold(report_kind(report), found.transfers, found.land_use, report.text)
    if not withheld:
        return found
    unread = sorted(found.unread + withheld, key=lambda u: (u.start, u.end))
    return replace(found, unread=unread, warnings=found.warnings + listed(report, withheld))

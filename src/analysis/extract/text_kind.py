"""The kind of a report's text, and how far rows of that kind came out right on the yardstick.

    kind_of(text)                  # TextKind("auction_news", scores, cues): the kind its words read like
    reliability("auction_news")    # Reliability: passages, expected, right and printed rows, false rows
    told("auction_news", "zh")     # the sentence an analyst reads (group "banner": the pages' short form)
    measured("auction_news")       # all of it as plain values: frame.attrs["reliability"]

The kind is read from the text's structure, never from the sites it names: a
title naming the work (工作总结), the bureau speaking of itself (我局, 分局), the
land survey's classes (耕地, 园地 …), figures over many cities (300城, 环比), a
lot and its bidders (竞得, 溢价, 该地块). Each cue is a row of
rules/text_kind_cues.csv with its weight and why, read in the title and in the
text's opening (HEAD_CHARS): the cost is bounded per report. A kind's score is
the sum of its cues' weights, a body cue counted at most three times (a long
report names 耕地 often; it is still one cue); the highest score wins, and a
text whose best score is under MIN_SCORE is `unknown`.

NOTES
- The kinds group the yardstick's (benchmarks/real/passages.csv `kind`) where
  the product should not tell them apart (rules/text_kinds.csv): district,
  county, city and bureau summaries are work summaries, and so on.
- rules/reliability.csv is measured, never typed: `benchmarks/real.py
  --write-reliability` writes it from a scoring run of the yardstick, each
  passage counted under the kind this module gives it (what an analyst is
  told), not the kind its curator wrote. The yardstick holds passages (a
  paragraph or a few of a page), not whole reports: a long report's rows are
  told the figures of passages of its kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..errors import RegistryError
from ..source.fast_search import found_anywhere, gated
from ..source.rules import LabelTable, rule_choice, rule_number, rule_regexes, rule_table, rules_dir

__all__ = [
    "ALL_ROWS_COLUMNS",
    "FEW_PASSAGES",
    "KINDS",
    "MIN_EXPECTED_ROWS",
    "MIN_SCORE",
    "RELIABILITY_COLUMNS",
    "Reliability",
    "TextKind",
    "advice",
    "kind_label",
    "kind_of",
    "kinds",
    "measured",
    "measurements",
    "reliability",
    "report_kind",
    "told",
    "told_both",
    "yardstick_kinds",
]

RULES = rules_dir(__file__)
WORDS = LabelTable(RULES / "reliability_words.csv")
KINDS = "text_kinds"
MIN_SCORE = 3  # under this, no kind has cues enough: `unknown` (a bare sentence of figures)
FEW_PASSAGES = 8  # fewer measured passages give no percentage, only that they are few
MIN_EXPECTED_ROWS = 20  # a percentage of fewer expected rows is no measure (the lead, round 9)
GOOD_RIGHT_PCT, GOOD_FALSE_PCT = 90, 5  # the bar: 90 % right; and hardly a false row
_BODY_CAP = 3  # a body cue counts at most this often
_TITLE_CHARS = 60  # a first line longer than this is a paragraph, not a title
HEAD_CHARS = 4000  # a text shows its kind in its opening: the cues are read there (constant time per report)
RELIABILITY_COLUMNS = (
    "kind",
    "passages",
    "expected_rows",
    "right_rows",
    "printed_rows",
    "false_rows",
    "unseen",
    "sets",
    "measured_at",
)
_COUNTS = RELIABILITY_COLUMNS[1:6]
# every row, before the trust step withholds any (extract/trust.py reads these: the printed measure falls as its
# gates act, and a gate reading it would switch itself off when the file is written again); absent: as printed
ALL_ROWS_COLUMNS = ("printed_rows_all", "false_rows_all")
_KIND_COLUMNS = ("kind", "zh", "en", "en_in_sentence")
_KIND_OPTIONAL = ("yardstick_kinds", "note")


@dataclass(frozen=True)
class TextKind:
    """A text's kind, each kind's score and the cue rows (file lines) that gave it."""

    kind: str
    scores: tuple[tuple[str, int], ...]
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Reliability:
    """How the extractor did on unseen passages of one kind (rules/reliability.csv): rows, not percentages."""

    kind: str
    passages: int
    expected_rows: int
    right_rows: int  # expected rows found with the right numbers and labels
    printed_rows: int
    false_rows: int  # printed rows whose numbers no expected row has
    unseen: bool  # every set measured was blind: read by no one who worked on the extractor
    sets: str
    measured_at: str
    printed_rows_all: int | None = None  # every row the extractor reads, withheld ones too (None: as printed)
    false_rows_all: int | None = None

    @property
    def false_pct_all(self) -> float | None:
        """Rows false among every row the extractor reads, withheld or not, in % (None without rows): the
        extractor's own measure, which the trust step's gates read."""
        printed = self.printed_rows if self.printed_rows_all is None else self.printed_rows_all
        false = self.false_rows if self.false_rows_all is None else self.false_rows_all
        return 100 * false / printed if printed else None

    @property
    def enough(self) -> bool:
        """Evidence enough for a percentage: FEW_PASSAGES passages and MIN_EXPECTED_ROWS expected rows or more."""
        return self.passages >= FEW_PASSAGES and self.expected_rows >= MIN_EXPECTED_ROWS

    @property
    def right_pct(self) -> float | None:
        """Expected rows right by numbers and labels, in % (None without expected rows)."""
        return 100 * self.right_rows / self.expected_rows if self.expected_rows else None

    @property
    def false_pct(self) -> float | None:
        """Printed rows that were false, in % (None when nothing was printed)."""
        return 100 * self.false_rows / self.printed_rows if self.printed_rows else None


@cache
def _kind_rows() -> dict[str, dict[str, str]]:
    """kind -> its row of rules/text_kinds.csv, in the file's order: read and indexed once."""
    return {r["kind"]: r for r in rule_table(RULES, KINDS, _KIND_COLUMNS, _KIND_OPTIONAL)}


@cache
def kinds() -> tuple[str, ...]:
    """The kinds, in the order of rules/text_kinds.csv (a tie goes to the first)."""
    return tuple(_kind_rows())


def kind_label(kind: str, lang: str = "zh") -> str:
    """A kind's name in a language ('zh', 'en', or 'en_in_sentence': with its article, "a work summary")."""
    return _kind_rows()[kind][lang]


@cache
def yardstick_kinds() -> dict[str, str]:
    """The yardstick's kind of passage (passages.csv) -> the kind it is grouped into."""
    return {y: kind for kind, r in _kind_rows().items() for y in r.get("yardstick_kinds", "").split()}


def _count(regex: re.Pattern[str], locate: re.Pattern[str], text: str) -> int:
    """min(len(regex.findall(text)), _BODY_CAP): its matches, in findall's order, counted up to the cap. Each is
    located by a yes/no regex that skips ahead by the row's first characters (found_anywhere of the gated row)
    and read by a match there: a row opening with a look-behind or a group was tried at every character."""
    found, pos = 0, 0
    while found < _BODY_CAP and (at := locate.search(text, pos)) is not None:
        match = regex.match(text, at.start())  # (the leftmost match, where a search would find it)
        if match.end() == match.start():
            return min(len(regex.findall(text)), _BODY_CAP)  # an empty match: findall's own rules
        found, pos = found + 1, match.end()
    return found


@cache
def _cues() -> tuple[tuple[str, str, int, str, re.Pattern[str], re.Pattern[str]], ...]:
    """(kind, part, weight, file line, regex, its locator for _count) of each row: each row is its own regex, so
    that the engine skips ahead to its first characters (one union of all rows would try every row wherever any
    could start)."""
    rows = rule_table(RULES, "text_kind_cues", ("kind", "part", "regex", "weight"), ("note",))
    regexes = rule_regexes(RULES, "text_kind_cues", rows)  # a row that does not compile: one line naming it
    known = kinds()
    table = []
    for r, regex in zip(rows, regexes, strict=True):
        rule_choice(RULES, "text_kind_cues", r, "kind", known)
        part = rule_choice(RULES, "text_kind_cues", r, "part", ("title", "body"))
        weight = int(rule_number(RULES, "text_kind_cues", r, "weight", integer=True, positive=True))
        table.append(
            (r["kind"], part, weight, r["_line"], regex, found_anywhere(gated(regex.pattern, regex.flags)))
        )
    return tuple(table)


def _title(text: str) -> str:
    """The text's first line with words, when it is short enough to be a title."""
    for line in text.splitlines():
        if line.strip():
            return line.strip() if len(line.strip()) <= _TITLE_CHARS else ""
    return ""


def kind_of(text: str) -> TextKind:
    """The kind a text reads like (its normalized form: simplified characters, NFKC), by the cues of its title
    and of its first HEAD_CHARS characters."""
    parts = {"title": _title(text), "body": text[:HEAD_CHARS]}
    scores = Counter({k: 0 for k in kinds() if k != "unknown"})
    cues = []
    for kind, part, weight, line, regex, locate in _cues():
        found = (
            _count(regex, locate, parts[part]) if part == "body" else regex.search(parts[part]) is not None
        )
        if found:
            scores[kind] += weight * min(found, _BODY_CAP)
            cues.append((kind, f"text_kind_cues.csv:{line}"))
    best = max(scores.values(), default=0)
    kind = next(k for k in scores if scores[k] == best) if best >= MIN_SCORE else "unknown"
    return TextKind(kind, tuple(scores.items()), tuple(c for k, c in cues if k == kind))


@lru_cache(maxsize=64)
def report_kind(report) -> str:
    """The kind a loaded report's text reads like (its normalized text), once per report."""
    return kind_of(report.text).kind


@cache
def _reliability(folder: Path) -> dict[tuple[str, bool], Reliability]:
    """The rows of <folder>/reliability.csv by (kind, unseen): a kind has a line measured on the blind sets and
    one measured on the sets used in development; a count that cannot be one is a line naming the row."""
    path = folder / "reliability.csv"
    if not path.exists():
        raise RegistryError(f"{path}: file not found (benchmarks/real.py --write-reliability writes it)")
    rows = rule_table(folder, "reliability", RELIABILITY_COLUMNS, ALL_ROWS_COLUMNS)
    known, found = kinds(), {}
    for r in rows:
        kind = rule_choice(folder, "reliability", r, "kind", known)
        counts = [int(rule_number(folder, "reliability", r, c, integer=True)) for c in _COUNTS]
        where = f"{path}:{r['_line']}"
        if min(counts) < 0 or counts[2] > counts[1] or counts[4] > counts[3]:
            raise RegistryError(
                f"{where}: expected counts of 0 or more, right rows at most the expected rows and false rows at"
                f" most the printed rows, found {', '.join(f'{c} {n}' for c, n in zip(_COUNTS, counts, strict=True))}"
            )
        unseen = rule_choice(folder, "reliability", r, "unseen", ("yes", "no")) == "yes"
        if (kind, unseen) in found:
            raise RegistryError(f"{where}: kind {kind!r} measured twice with unseen={r['unseen']}")
        every = [
            int(rule_number(folder, "reliability", r, c, integer=True)) if r.get(c, "").strip() else None
            for c in ALL_ROWS_COLUMNS
        ]
        found[kind, unseen] = Reliability(kind, *counts, unseen, r["sets"], r["measured_at"], *every)
    return found


def measurements(kind: str) -> tuple[Reliability, Reliability]:
    """(the line measured on unseen passages, the line measured on passages used in development); a line the
    file lacks has all counts 0."""
    found = _reliability(RULES)
    return tuple(
        found.get((kind, unseen)) or Reliability(kind, 0, 0, 0, 0, 0, unseen, "", "")
        for unseen in (True, False)
    )


def reliability(kind: str) -> Reliability:
    """The line a kind is told by: the unseen one when it rests on enough (FEW_PASSAGES passages and
    MIN_EXPECTED_ROWS expected rows), else the one of development, else (both thin) the unseen one."""
    unseen, developed = measurements(kind)
    return next((line for line in (unseen, developed) if line.enough), unseen)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def measured(kind: str) -> dict:
    """A kind and its reliability as plain values (frame.attrs, JSON): counts, unrounded percentages, the
    sentences in Chinese and English."""
    found = reliability(kind)
    return {
        "text_kind": kind,
        "text_kind_zh": kind_label(kind, "zh"),
        "text_kind_en": kind_label(kind, "en"),
        "passages": found.passages,
        "expected_rows": found.expected_rows,
        "right_rows": found.right_rows,
        "right_pct": found.right_pct,
        "printed_rows": found.printed_rows,
        "false_rows": found.false_rows,
        "false_pct": found.false_pct,
        "enough_passages": found.enough,
        "evidence": ("unseen" if found.unseen else "development") if found.enough else "too few",
        "unseen": found.unseen,
        "sets": found.sets,
        "measured_at": found.measured_at,
        "told_zh": told(kind, "zh"),
        "told_en": told(kind, "en"),
    }


def advice(kind: str) -> str:
    """Which sentence a kind gets: `few` (neither line rests on enough), `plain` (the measure of the sets used in
    development, said plainly: no alarm on a measure of text the extractor was written against), rows that
    read well on unseen text (`good`), or `check` each row."""
    found = reliability(kind)
    if not found.enough:
        return "few"
    if not found.unseen:
        return "plain"
    if (found.right_pct or 0) >= GOOD_RIGHT_PCT and (found.false_pct or 0) <= GOOD_FALSE_PCT:
        return "good"
    return "check"


def told(kind: str, lang: str = "zh", group: str = "told") -> str:
    """One plain sentence: the kind, and how far its rows were right on the yardstick (rules wording): on unseen
    passages, or on passages used in development, said as such; group `banner` is the pages' short form."""
    found = reliability(kind)
    unseen, developed = measurements(kind)
    evidence = "unseen" if found.unseen else "open"
    opening = WORDS.label("opening", "unknown" if kind == "unknown" else "kind", lang)
    measured_on = WORDS.label("measured_on", ("unknown_" if kind == "unknown" else "") + evidence, lang)
    words = {
        "opening": opening.format(kind=kind_label(kind, "zh" if lang == "zh" else "en_in_sentence")),
        "measured_on": measured_on.format(passages=found.passages),
        "caveat": WORDS.label("caveat", evidence, lang),
        "few": FEW_PASSAGES,
        "min_rows": MIN_EXPECTED_ROWS,
        "unseen_passages": unseen.passages,
        "unseen_expected": unseen.expected_rows,
        "open_passages": developed.passages,
        "open_expected": developed.expected_rows,
        "passages": found.passages,
        "expected": found.expected_rows,
        "right": found.right_rows,
        "right_pct": _pct(found.right_pct),
        "printed": found.printed_rows,
        "false": found.false_rows,
        "false_pct": _pct(found.false_pct or 0),  # nothing printed: none false
    }
    return WORDS.label(group, advice(kind), lang).format(**words)


def told_both(kind: str) -> str:
    """told() in Chinese, then in English, on one line: what `analysis check` and the command line's note say."""
    return f"{told(kind, 'zh')} {told(kind, 'en')}"

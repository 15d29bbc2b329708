"""Rule tables: the small CSV files in each stage's `rules/` folder.

What differs between reports and bureaus is written down as rows of CSV, not
as branches of code, in the stage that reads it: units and scales beside the
quantity parser, phrasings beside the extractor, ratio names beside the
ratios, chart wording and colours beside the charts. A new wording is
usually a new row.

    rule_table(RULES, "units", ("unit", "to_si"), ("note",))   # rows, read once per process
    VOCABULARY = LabelTable(RULES / "vocabulary.csv")          # group, key, zh, en
    rule_regexes(RULES, "supply_clauses", rows)                # each row's regex, compiled
    rule_number(RULES, "units", row, "to_si", positive=True)   # Fraction('10000/15')

A value a row cannot hold (a regex that does not compile, a number that is
not one) is one line naming the file, the line and the column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from fractions import Fraction
from functools import cache, wraps
from itertools import repeat
from pathlib import Path

from ..errors import RegistryError
from .csvfiles import read_rows
from .pairs import class_chars, opening_pairs

__all__ = [
    "LabelTable",
    "found_anywhere",
    "gated",
    "gated_union",
    "last_of",
    "opening_chars",
    "positions_of",
    "row_groups",
    "rule_choice",
    "rule_number",
    "rule_regexes",
    "rule_table",
    "rules_dir",
]

_RESERVED_GROUP = re.compile(r"[cr]\d+$")  # c0, r12: the groups the code wraps rows in when it joins them


def rules_dir(module_file: str) -> Path:
    """The `rules/` folder beside a module of a stage (`rules_dir(__file__)`)."""
    return Path(module_file).resolve().parent / "rules"


@cache
def rule_table(folder: Path, name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> tuple:
    """Rows of `<folder>/<name>.csv` (cached: read once per process); the first required column is filled."""
    rows = read_rows(folder / f"{name}.csv", required, optional, non_empty=required[:1])
    return tuple(rows)


def _error(folder: Path, name: str, row: dict[str, str], column: str, what: str) -> RegistryError:
    return RegistryError(f"{folder / f'{name}.csv'}:{row['_line']}: column '{column}': {what}")


def rule_regexes(
    folder: Path, name: str, rows: Iterable[dict[str, str]], column: str = "regex"
) -> list[re.Pattern[str]]:
    """Each row's regex compiled; rows are joined into one regex later, so a group name may stand in one row only."""
    compiled, named = [], {}
    for row in rows:
        try:
            regex = re.compile(row[column])
        except re.error as exc:
            raise _error(
                folder, name, row, column, f"not a regular expression ({exc}): {row[column]!r}"
            ) from None
        for group in regex.groupindex:
            if group in named or _RESERVED_GROUP.match(group):
                first = f"line {named[group]} names it too" if group in named else "the code uses such names"
                raise _error(folder, name, row, column, f"group name {group!r} cannot be used: {first}")
            named[group] = row["_line"]
        compiled.append(regex)
    return compiled


def rule_number(
    folder: Path,
    name: str,
    row: dict[str, str],
    column: str,
    *,
    integer: bool = False,
    positive: bool = False,
) -> Fraction:
    """A row's number, exact (10000/15, 0.5, 1e4 are numbers); integer and positive when asked."""
    text = row[column].strip()
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        value = None
    if value is None or (integer and value.denominator != 1) or (positive and value <= 0):
        wanted = "a whole number" if integer else "a number (10000/15, 0.5)"
        raise _error(
            folder, name, row, column, f"expected {wanted}{' above 0' if positive else ''}, found {text!r}"
        )
    return value


def rule_choice(folder: Path, name: str, row: dict[str, str], column: str, choices: Iterable[str]) -> str:
    """A row's value that must be one of a few words."""
    choices = tuple(choices)
    if row[column] not in choices:
        raise _error(
            folder, name, row, column, f"expected one of {', '.join(choices)}, found {row[column]!r}"
        )
    return row[column]


class LabelTable:
    """A label table (group, key, zh, en): every name shown in Chinese and English.

    `label(group, key, lang)` raises KeyError naming what is missing;
    `code_of` and `en_of` look up by the Chinese label and give None when the
    table does not know it.
    """

    def __init__(self, path: Path):
        self.path = path

    @property
    def rows(self) -> tuple[dict[str, str], ...]:
        return rule_table(self.path.parent, self.path.stem, ("group", "key", "zh", "en"))

    @property
    def _by_key(self) -> dict[tuple[str, str], dict[str, str]]:
        return _index(self.path, "key")

    @property
    def _by_zh(self) -> dict[tuple[str, str], dict[str, str]]:
        return _index(self.path, "zh")

    def label(self, group: str, key: str, lang: str = "zh") -> str:
        """The label of a key in a language ('zh' or 'en')."""
        try:
            return self._by_key[(group, key)][lang]
        except KeyError:
            raise KeyError(f"{self.path.name} has no {group}/{key} ({lang})") from None

    def code_of(self, group: str, zh: str) -> str | None:
        """The key of a Chinese label, or None when the table does not know it."""
        row = self._by_zh.get((group, zh))
        return row["key"] if row else None

    def en_of(self, group: str, zh: str) -> str | None:
        """The English label of a Chinese one, or None when the table does not know it."""
        row = self._by_zh.get((group, zh))
        return row["en"] if row else None

    def zh_labels(self, group: str) -> list[str]:
        """The Chinese labels of a group, in the table's order (the order of a category)."""
        return [r["zh"] for r in self.rows if r["group"] == group]

    def keys(self, group: str) -> list[str]:
        """The keys of a group, in the table's order."""
        return [r["key"] for r in self.rows if r["group"] == group]


def _first_chars(items) -> set[str] | None:
    """The characters a parsed regex can start with; None when it could start with any (or match empty)."""
    from re import _constants as c

    items = list(items)
    for i, (op, arg) in enumerate(items):
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # look-arounds and anchors consume nothing
        if op is c.LITERAL:
            return {chr(arg)}
        if op is c.IN:
            return class_chars(arg)
        if op is c.SUBPATTERN:
            return _first_chars(arg[-1])
        if op is c.BRANCH:
            found = [_first_chars(branch) for branch in arg[1]]
            return None if any(f is None for f in found) else set().union(*found)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _, body = arg
            first = _first_chars(body)
            if low > 0 or first is None:
                return first
            rest = _first_chars(items[i + 1 :])
            return None if rest is None else first | rest
        return None
    return None


def gated(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """The pattern compiled behind a look-ahead for the characters it can start with.

    An alternation of many phrases that open with a look-behind or a group
    tries every branch at every position; the look-ahead lets positions that
    cannot start any branch fail at once. The matches are the same. A pattern
    the engine scans for by its first characters itself (计划|目标, a class
    first) is left as it is: a look-ahead would make it 2-4 times slower.
    """
    from re import _parser

    items = list(_parser.parse(pattern, flags))
    first = _first_chars(items)
    if not first or _scanned_for(items):
        return re.compile(pattern, flags)
    return re.compile(f"(?={_class_of(first)})(?:{pattern})", flags)


def _per_regex(func):
    """functools.cache for a function of one compiled regex, keyed by the object itself: a Pattern's hash reads its
    whole compiled code (11 µs for the period cues' union, once for every cue period_at reads)."""
    # id -> (the regex, kept alive: its id stays its own)
    found: dict[int, tuple[re.Pattern[str], object]] = {}

    @wraps(func)
    def cached(regex: re.Pattern[str]):
        kept = found.get(id(regex))
        if kept is None or kept[0] is not regex:
            kept = found[id(regex)] = (regex, func(regex))
        return kept[1]

    cached.cache_clear = found.clear  # type: ignore[attr-defined]
    return cached


@_per_regex
def found_anywhere(regex: re.Pattern[str]) -> re.Pattern[str]:
    """A regex that finds a match in text[pos:endpos] exactly where `regex` finds one (not the same span): for a
    yes/no search, faster. A gated regex (?=[F])(?:X) becomes [F](?<=(?=(?:X))[F]): a class first, which the
    engine skips ahead by itself, where the look-ahead gate is tried at every position (2-20 times faster)."""
    from re import _constants, _parser

    pattern = regex.pattern
    if not pattern.startswith("(?=["):
        return regex
    i = 4
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    gate, body = pattern[3 : i + 1], pattern[i + 2 :]
    if not (pattern[i + 1 : i + 2] == ")" and body.startswith("(?:") and body.endswith(")")):
        return regex
    # (?=[F])(?:A)|(?:B) is a union whose first row only is gated (figure_after): no gate of the whole
    if _parser.parse(pattern, regex.flags)[0][0] is not _constants.ASSERT:
        return regex
    pairs = opening_pairs(regex)  # 出[让租]|…: a position whose second character opens no row: passed at once
    gate = f"(?:{pairs})" if pairs else gate
    try:
        return re.compile(f"{gate}(?<=(?={body}){gate})", regex.flags)
    except re.error:  # (a group referred to inside the look-behind): the regex as it is
        return regex


@_per_regex
def opening_chars(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A class of the characters a match of `regex` can open with, or None where any could (or none at all): at a
    position holding none of them the regex cannot match, and a big one need not be tried (regex.match there)."""
    from re import _parser

    first = _first_chars(list(_parser.parse(regex.pattern, regex.flags)))
    return re.compile(_class_of(first)) if first else None


@_per_regex
def opening_gated(regex: re.Pattern[str]) -> re.Pattern[str]:
    """`regex` behind a look-ahead for the characters it can open with, a digit of any script where it opens with
    \\d (gated reads the NFKC text's ASCII digits only): the same matches, where `regex` opens with optional groups
    and look-behinds that the engine otherwise tries in full at every position (the quantity regex: ~3 x faster)."""
    from re import _parser

    first = _first_chars(list(_parser.parse(regex.pattern, regex.flags)))
    if not first:
        return regex
    return re.compile(f"(?={_class_of(first, any_digit=True)})(?:{regex.pattern})", regex.flags)


def last_of(chars: str, text: str, start: int, end: int) -> int:
    """Where the last of a few characters stands in text[start:end], or -1 (a clause opens after the last , ; or
    。 before a figure): str.rfind for each, by map, not a generator, as it is asked for every number."""
    return max(map(text.rfind, chars, repeat(start, len(chars)), repeat(end, len(chars))))


def positions_of(chars: str, text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where each of a few characters stands in text[start:end], in order: str.find for each, which scans a text
    several times faster than a regex class of them ([。!?.], [宗幅块]) does."""
    end = len(text) if end is None else end
    found = []
    for char in set(chars):
        at = text.find(char, start, end)
        while at != -1:
            found.append(at)
            at = text.find(char, at + 1, end)
    return sorted(found)


@_per_regex
def row_groups(regex: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """The named groups of each row of a regex joining rows as (?P<r0>…)|(?P<r1>…) …, the row's group first: a
    match's groups are its row's alone (a row it did not take holds none), read without a dict of them all."""
    by_row: list[list[str]] = []
    for name in sorted(regex.groupindex, key=regex.groupindex.__getitem__):
        if name == f"r{len(by_row)}":
            by_row.append([name])
        elif by_row:
            by_row[-1].append(name)
    return tuple(map(tuple, by_row))


def _scanned_for(items) -> bool:
    """The regex engine finds the pattern's first characters itself, much faster than a look-ahead can: it opens
    (past its groups) with a literal, a character class, or a branch whose every alternative opens with a literal."""
    from re import _constants as c

    while items and items[0][0] is c.SUBPATTERN:
        items = list(items[0][1][-1])
    if not items:
        return False
    op, arg = items[0]
    return op in (c.LITERAL, c.IN) or (op is c.BRANCH and all(b and b[0][0] is c.LITERAL for b in arg[1]))


def gated_union(alternatives: Iterable[str]) -> re.Pattern[str]:
    """The alternatives as one gated regex, each also behind a look-ahead for its own first characters, and
    runs of them in order behind one for the run's (_runs).

    The regex engine passes over a branch at once only when it opens with a
    literal or a character class; a branch that opens with a group (the code's
    (?P<c0>…) around a row) or a look-behind is entered at every position the
    union's gate lets through. Its own look-ahead fails it there at once (the
    period cues: a third less time). The matches are the same, in the same order.
    """
    from re import _parser

    parts = []
    for part in alternatives:
        items = list(_parser.parse(part))
        first = _first_chars(items)
        gated_part = part if not first or _opens_plainly(items) else f"(?={_class_of(first)}){part}"
        parts.append((gated_part, first))
    return gated("|".join(_runs(parts)))


def _runs(parts: list[tuple[str, set[str] | None]]) -> list[str]:
    """Consecutive alternatives joined in runs of about the square root of their number, each run behind a
    look-ahead for the characters any of its alternatives opens with: at a position, a run none of whose
    alternatives can open there fails at its gate, not at each alternative's (the exclusion cues: ~1.8 x
    faster). A position is tried against the alternatives in the same order, so the matches are the same."""
    size = math.isqrt(len(parts))
    if size < _RUN_MIN:
        return [part for part, _ in parts]
    runs = []
    for i in range(0, len(parts), size):
        run = parts[i : i + size]
        firsts = [first for _, first in run]
        body = "|".join(part for part, _ in run)
        opens = set().union(*firsts) if all(firsts) else None
        runs.append(f"(?={_class_of(opens)})(?:{body})" if opens else f"(?:{body})")
    return runs


_RUN_MIN = 4  # runs of fewer rows save less than their gates cost (13 rows: 45 -> 49 us; 31: 191 -> 96 us)


def _opens_plainly(items) -> bool:
    """The parsed regex opens with a literal or a character class (past non-capturing groups)."""
    from re import _constants as c

    while items and items[0][0] is c.SUBPATTERN and items[0][1][0] is None:
        items = list(items[0][1][-1])
    return bool(items) and items[0][0] in (c.LITERAL, c.IN)


def _class_of(chars: set[str], any_digit: bool = False) -> str:
    """A class of `chars`; any_digit: its ASCII digits as \\d, a digit of any script (opening_gated)."""
    digits = set("0123456789") if any_digit and chars & set("0123456789") else set()
    tail = r"\d" if digits else ""
    return f"[{''.join(re.escape(ch) for ch in sorted(chars - digits))}{tail}]"


@cache
def _index(path: Path, column: str) -> dict[tuple[str, str], dict[str, str]]:
    rows = rule_table(path.parent, path.stem, ("group", "key", "zh", "en"))
    return {(r["group"], r[column]): r for r in rows}

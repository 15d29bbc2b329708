"""Searching a text fast, finding what the plain search finds: regexes behind a look-ahead gate for the characters
their matches can open with, and a few characters found by str.find.

    gated(pattern)              the pattern compiled behind a look-ahead for its first characters
    gated_union(alternatives)   rule rows as one gated regex, each row and each run of rows gated too
    found_anywhere(regex)       for a yes/no search: a match exactly where `regex` finds one, found faster
    opening_chars(regex)        a class of what a match can open with (a big regex need not be tried elsewhere)
    opening_gated(regex)        `regex` behind a gate that takes a digit of any script
    row_groups(regex)           the named groups of each row of a joined union
    last_of, positions_of       where a few characters stand, by str.rfind / str.find

Split from rules.py (round 14, at 389 lines of the 420 bound): reading a rule table is one thing, compiling
its rows to be searched fast another. pairs.py reads a regex's first two characters for found_anywhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import wraps
from itertools import repeat

from .pairs import class_chars, opening_pairs

__all__ = [
    "found_anywhere",
    "gated",
    "gated_union",
    "last_of",
    "opening_chars",
    "opening_gated",
    "positions_of",
    "row_groups",
]


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

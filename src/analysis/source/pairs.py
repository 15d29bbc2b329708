"""The first two characters a regex's match can open with, for a yes/no search's gate (fast_search.found_anywhere).

    opening_pairs(regex)   '出[让租]|供[应地给]|个(?s:.)' or None where they cannot be told
    class_chars(items)     the characters of a parsed class (fast_search.gated's first characters too)

A cue row mostly opens with a word (出让, 供应, 成交): a position whose first character could open one of them
(出 of 出现, 成 of 完成) but whose second could not is passed over by a literal check, before the row's
look-ahead is tried there. The pairs are those of every match (a superset: look-arounds are not read, a
class after the first character may be any character), so a gate of them lets every match through.
"""

from __future__ import annotations

import re
from re import _constants as c
from re import _parser

__all__ = ["class_chars", "opening_pairs"]

_ANY = ""  # any character may stand there (only second)
_MOST = 256  # pairs beyond which the gate is not worth its alternatives


def _heads(items: list, k: int) -> set[tuple[str, ...]] | None:
    """The k first characters of every match of the parsed sequence; None where they cannot be told (a match
    may be shorter, or a character any)."""
    if k == 0:
        return {()}
    if not items:
        return None  # a match may end before its k-th character
    (op, arg), rest = items[0], items[1:]
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return _heads(rest, k)  # consumes nothing (what it asks, the regex itself checks)
    if op is c.SUBPATTERN and not arg[1] and not arg[2]:  # a group with no flags of its own
        return _heads(list(arg[3]) + rest, k)
    if op is c.BRANCH:
        found = [_heads(list(branch) + rest, k) for branch in arg[1]]
        return None if any(f is None for f in found) else set().union(*found)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[1] == 0:
        return _heads(rest, k)  # x{0}: nothing
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[2].getwidth()[0] > 0:
        low, high, body = arg
        high = high if high == c.MAXREPEAT else high - 1
        fewer = [(op, (max(low - 1, 0), high, body))] if high else []
        found = [_heads(list(body) + fewer + rest, k)] + ([_heads(rest, k)] if low == 0 else [])
        return None if any(f is None for f in found) else set().union(*found)
    chars = _chars(op, arg)
    if chars is None:
        return {(_ANY,)} if k == 1 else None
    after = {()} if k == 1 else _heads(rest, k - 1)
    if after is None or len(chars) * len(after) > _MOST:
        return None
    return {(ch, *tail) for ch in chars for tail in after}


def _chars(op, arg) -> set[str] | None:
    """The characters one item consumes, or None for any (a negated class, \\d, .)."""
    if op is c.LITERAL:
        return {chr(arg)}
    return class_chars(arg, categories=False) if op is c.IN else None


# every character \s matches (none above U+3000): sre's \s is str.isspace, 12,289 re.match calls at import were 5 ms
_SPACES = {chr(i) for i in range(0x3001) if chr(i).isspace()}


def class_chars(items, categories: bool = True) -> set[str] | None:
    """The characters of a parsed character class: literals, small ranges and (categories) digits and spaces;
    None otherwise. As a first character (fast_search.gated) \\d reads the NFKC text's ASCII digits."""
    chars: set[str] = set()
    for op, value in items:
        if op is c.LITERAL:
            chars.add(chr(value))
        elif op is c.RANGE and value[1] - value[0] < 256:
            chars |= {chr(v) for v in range(value[0], value[1] + 1)}
        elif categories and op is c.CATEGORY and value is c.CATEGORY_DIGIT:
            chars |= set("0123456789")  # the text is NFKC: full-width digits are folded
        elif categories and op is c.CATEGORY and value is c.CATEGORY_SPACE:
            chars |= _SPACES  # 自?\s*2012年…以来: a cue may open with spaces
        else:
            return None
    return chars


def opening_pairs(regex: re.Pattern[str]) -> str | None:
    """A regex of the first two characters of every match (each first character with the class of what may
    follow it), or None where a match may be shorter or its first character any."""
    if regex.flags & ~re.UNICODE:
        return None
    found = _heads(list(_parser.parse(regex.pattern, regex.flags)), 2)
    if not found or len(found) > _MOST or any(first == _ANY for first, _ in found):
        return None
    by_first: dict[str, set[str]] = {}
    for first, second in found:
        by_first.setdefault(first, set()).add(second)
    return "|".join(
        re.escape(first) + ("(?s:.)" if _ANY in seconds else f"[{''.join(map(re.escape, sorted(seconds)))}]")
        for first, seconds in sorted(by_first.items())
    )

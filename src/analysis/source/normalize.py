"""The text extraction reads, with a map back to the raw offsets.

Reports mix full-width and ASCII digits and punctuation (１２３，；（）), some
are written in traditional characters (供應, 公頃, 億元), and some write
counts in Chinese numerals (二十七宗). Extraction reads one folded form, but
every offset it reports must point into the raw text, where reviewers look:

    raw -> invisible characters out, NFKC (full-width forms) -> simplified characters
        -> counts in digits

NOTES
- Traditional characters are folded with OpenCC (t2s), a maintained
  converter, not a hand table. Its character map keeps the length of the
  text; where a phrase rule would change a length, that line is converted
  character by character, so each folded character still maps to one raw one.
- A simplified text is a fixed point of t2s (checked on the reports and the
  fixtures), so reports that need no folding read exactly as before.
- Invisible characters (format Cf: U+200B zero-width space, U+00AD soft hyphen,
  U+FEFF, bidi marks ...; control Cc other than tab and line breaks) are
  folded away: pasted from a web page into 15\u200b45亩 they would split a
  number in two (45亩). Nothing else in the text moves; `removed` keeps their
  raw offsets so that extraction can say it read past them.
- A footnote mark after a digit (3771.3¹亩) is read past, not folded by NFKC
  into a digit (3771.31亩); so is a line break inside a number (37⏎71.3亩,
  the line before ending in a digit or point, the next opening with a digit).
  So is a pinyin gloss after a character (國(guó)土, as content sites print
  traditional text): a tone mark inside brackets right after a CJK character.
  All are in `marks`, and extraction names them in a warning. A superscript
  after a letter (m², km²) is a unit's exponent and folds as NFKC says (m2).
- A Chinese-numeral count (二十七宗) becomes digits (27宗): the digits map to
  the raw numerals (the first digit to the first numeral, the last to the
  last), so a quote or a quantity still spans 二十七宗 in the raw text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .numerals import numeral_amounts, numeral_counts

__all__ = ["NormalizedText", "invisible", "normalize", "to_simplified"]


@dataclass(frozen=True)
class NormalizedText:
    raw: str
    text: str
    raw_index: Sequence[int]  # raw offset of each character of `text`, plus len(raw) (a range when 1:1)
    removed: tuple[int, ...] = ()  # raw offsets of the invisible characters folded away
    marks: tuple[
        int, ...
    ] = ()  # raw offsets of footnote marks after a digit and of line breaks inside a number

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering normalized [start, end)."""
        if end <= start:
            offset = self.raw_index[start]
            return offset, offset
        return self.raw_index[start], self.raw_index[end - 1] + 1

    def raw_slice(self, start: int, end: int) -> str:
        raw_start, raw_end = self.raw_span(start, end)
        return self.raw[raw_start:raw_end]

    def position(self, raw_offset: int) -> int:
        """The normalized offset of the first character that maps at or after a raw offset."""
        import bisect

        return bisect.bisect_left(self.raw_index, raw_offset, 0, len(self.text))


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _traditional() -> re.Pattern[str]:
    """The CJK characters t2s changes on their own: a text with none of them needs no folding."""
    cjk = "".join(chr(c) for c in range(0x4E00, 0xA000))
    changed = {a for a, b in zip(cjk, _converter().convert(cjk), strict=False) if a != b}
    return re.compile(f"[{''.join(sorted(changed))}]")


def to_simplified(text: str) -> str:
    """Traditional characters folded to simplified, one character for one (OpenCC t2s)."""
    if not _traditional().search(text):
        return text
    convert = _converter().convert
    folded = convert(text)
    if len(folded) == len(text):
        return folded
    lines = []
    for line in text.splitlines(keepends=True):
        done = convert(line)
        lines.append(done if len(done) == len(line) else "".join(convert(c) or c for c in line))
    return "".join(lines)


_KEPT_CONTROLS = "\t\n\r"  # layout, not noise: line breaks split paragraphs


@cache
def invisible() -> re.Pattern[str]:
    """Format (Cf) and control (Cc) characters, tab and line breaks excepted."""
    # They stand only in planes 0, 1 and 14; a scan of those is a tenth of a scan of all of Unicode.
    chars = (chr(c) for plane in (0, 1, 14) for c in range(plane << 16, (plane + 1) << 16))
    found = [ord(c) for c in chars if unicodedata.category(c) in ("Cf", "Cc") and c not in _KEPT_CONTROLS]
    runs: list[
        list[int]
    ] = []  # as ranges: a class of 25 ranges is read ten times faster than one of 225 characters
    for code in found:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return re.compile("[" + "".join(rf"\U{a:08x}-\U{b:08x}" for a, b in runs) + "]")


_SUPERSCRIPT_DIGITS = "¹²³⁰⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉"
_FOOTNOTE = re.compile(f"(?<=[\\d０-９])[{_SUPERSCRIPT_DIGITS}]+")
# a line break before a digit; a \r before it is the break's, and a digit or point before it is checked
_SPLIT_NUMBER = re.compile(r"\n(?=[\d０-９])")
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_NUMBER_END = re.compile(r"[\d０-９.．]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# 國(guó)土, 建設(shè)用地: a pinyin gloss in brackets after a character, as content sites print them
# (the character before it is checked on the match: a lookbehind first would run at every offset)
_GLOSS = re.compile(f"[(（](?=[a-z{_TONES}ü]*[{_TONES}])[a-z{_TONES}ü]{{1,7}}[)）]")


def _any_of(characters: str, raw: str) -> bool:
    """One fast substring test per character: most reports hold none, and then no regex runs at all."""
    return any(c in raw for c in characters)


def _marks(raw: str, normalized: bool) -> tuple[int, ...]:
    """Raw offsets of footnote marks after a digit and of line breaks inside a number."""
    found = []
    if not normalized and _any_of(_SUPERSCRIPT_DIGITS, raw):
        found = [m.start() + i for m in _FOOTNOTE.finditer(raw) for i in range(len(m.group()))]
    for m in _SPLIT_NUMBER.finditer(raw):
        start = m.start() - (raw[m.start() - 1 : m.start()] == "\r")
        if start and _NUMBER_END.match(raw, start - 1):
            found += range(start, m.end())
    if _any_of(_TONES, raw):
        found += [
            i
            for m in _GLOSS.finditer(raw)
            if m.start() and _CJK.match(raw, m.start() - 1)
            for i in range(m.start(), m.end())
        ]
    return tuple(sorted(found))


def _nfkc(raw: str) -> tuple[str, Sequence[int], tuple[int, ...], tuple[int, ...]]:
    """NFKC text without invisible characters and marks, the raw offset of each character, the offsets removed."""
    # isprintable() is false for every Cf and Cc character, and scans four times faster than the class
    printable = raw.replace("\n", "").replace("\t", "").replace("\r", "").isprintable()
    removed = () if printable else tuple(m.start() for m in invisible().finditer(raw))
    normalized = unicodedata.is_normalized("NFKC", raw)
    marks = _marks(raw, normalized)
    if not removed and not marks and normalized:
        # Nothing to fold (most reports): a character NFKC would change cannot stand in NFKC text.
        return raw, range(len(raw)), (), ()
    pieces: list[str] = []
    index: list[int] = []
    gone = set(removed) | set(marks)
    for offset, char in enumerate(raw):
        if offset in gone:
            continue
        folded = unicodedata.normalize("NFKC", char) if ord(char) > 0x7F else char
        pieces.append(folded)
        index.extend([offset] * len(folded))
    return "".join(pieces), index, removed, marks


def _fold_counts(text: str, index: Sequence[int]) -> tuple[str, Sequence[int]]:
    """二十七宗 -> 27宗, each digit mapped into the raw numerals it replaces."""
    counts = sorted(numeral_counts(text) + numeral_amounts(text))
    if not counts:
        return text, index
    pieces: list[str] = []
    new_index: list[int] = []
    at = 0
    for start, end, digits in counts:
        pieces.append(text[at:start])
        new_index.extend(index[at:start])
        pieces.append(digits)
        new_index.extend([index[start]] * (len(digits) - 1) + [index[end - 1]])
        at = end
    pieces.append(text[at:])
    new_index.extend(index[at:])
    return "".join(pieces), new_index


def normalize(raw: str) -> NormalizedText:
    """Invisible characters out; full-width forms, traditional characters and numeral counts folded; offsets kept."""
    text, index, removed, marks = _nfkc(raw)
    text = to_simplified(text)
    text, index = _fold_counts(text, index)
    if isinstance(index, range):  # one character for one: no table of offsets needed
        return NormalizedText(raw, text, range(len(raw) + 1))
    return NormalizedText(raw, text, (*index, len(raw)), removed, marks)

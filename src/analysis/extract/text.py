"""The structure of a text: paragraphs, sentences, segments, the words around a number.

    paragraphs(text)                 [(start, end)] split at line breaks
    sentences(text, start, end)      [(start, end)] split at 。!? and at a full stop '.' that ends a sentence
    segments(text, s, e, qs)         a sentence cut at ; at brackets that hold numbers, and before 其中
    words_before(text, q, ...)       the words that describe a number: back to the last comma or number

Lists written with 分别 are read in value_lists.py.

NOTES
- An ASCII '.' ends a sentence unless it stands between digits (74.3万亩.2023年
  全县… is two sentences; 74.3 is one number).
- Brackets that hold no number are words, not structure: 以作价出资（入股）方式
  供应21.8公顷 and 前三季度(1-9月)供应… read through them.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import cached_property

from ..errors import TextError
from ..source.fast_search import last_of, positions_of
from ..source.quantities import Quantity, find_quantities

__all__ = [
    "MAX_SENTENCE",
    "Layout",
    "Segment",
    "cjk_run",
    "paragraphs",
    "quote_start",
    "segments",
    "sentences",
    "span_at",
    "trailing_words",
    "words_before",
]

_SENTENCE_END = "。!?."
_BRACKET = re.compile(r"[()【】\[\]]")
_CUT = re.compile(r"[;()【】\[\]]|其中")
_OPENING = "(【["
_ASIDE_OPENERS = ("其中", "含", "包括")  # (其中…), (含…): among the figures of the record around them
_TRAIL_END = re.compile(r"[,:;()、。]")


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, begin = [], 0
    while (at := text.find("\n", begin)) != -1:
        if text[begin:at].strip():
            spans.append((begin, at))
        begin = at + 1
    if text[begin:].strip():
        spans.append((begin, len(text)))
    return spans


MAX_SENTENCE = 10_000  # characters of a sentence that is read; real ones have a few hundred
WORDS_REACH = 500  # characters before a number that may describe it
KEPT_SENTENCES = 16  # sentences whose quantities Layout keeps


class Layout:
    """A text read once: its paragraphs with their sentences; quantities found per sentence, when asked.

    A sentence longer than MAX_SENTENCE is refused when it is read: no report
    writes one. The quantities of the last KEPT_SENTENCES sentences read are
    kept (the passes over a text read a sentence close together), not those of
    the whole text: memory stays bounded however long the text.
    """

    def __init__(self, text: str):
        self.text = text
        stops = positions_of(_SENTENCE_END, text)  # (once for the text, not once a paragraph)
        self.paragraphs = [((s, e), sentences(text, s, e, stops)) for s, e in paragraphs(text)]
        self._found: OrderedDict[tuple[int, int], list[Quantity]] = OrderedDict()

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Every sentence of the text, in order (the paragraphs' sentences, flattened once)."""
        return [s for _, paragraph in self.paragraphs for s in paragraph]

    @cached_property
    def paragraph_spans(self) -> list[tuple[int, int]]:
        return [p for p, _ in self.paragraphs]

    def sentence_at(self, at: int) -> tuple[int, int]:
        """The sentence that holds offset `at`, or (at, at) between sentences."""
        return span_at(self.sentences, at)

    def paragraph_at(self, at: int) -> tuple[int, int]:
        """The paragraph that holds offset `at`, or (at, at) between paragraphs."""
        return span_at(self.paragraph_spans, at)

    def quantities_in(self, start: int, end: int) -> list[Quantity]:
        """The quantities of text[start:end] (a sentence), offsets into the whole text; read once."""
        found = self._found.get((start, end))
        if found is not None:
            self._found.move_to_end((start, end))
            return found
        if end - start > MAX_SENTENCE:
            raise TextError(
                start,
                f"a sentence of {end - start:,} characters; sentences are read up to {MAX_SENTENCE:,}"
                " (is a full stop 。 missing?)",
            )
        found = self._found[start, end] = find_quantities(self.text, start, end)
        if len(self._found) > KEPT_SENTENCES:
            self._found.popitem(last=False)
        return found


def span_at(spans: list[tuple[int, int]], at: int) -> tuple[int, int]:
    """The span of `spans` (in order, not overlapping) that holds `at`, or (at, at)."""
    i = bisect.bisect_right(spans, at, key=_START) - 1
    return spans[i] if i >= 0 and spans[i][0] <= at < spans[i][1] else (at, at)


_START = operator.itemgetter(0)  # a span's start (a C callable: bisect calls it at every step)


def sentences(text: str, start: int, end: int, stops: list[int] | None = None) -> list[tuple[int, int]]:
    """The sentences of text[start:end]; `stops`, the offsets of the text's 。!?. (Layout finds them once for all
    its paragraphs), else those of text[start:end] only (never the whole text's for one paragraph)."""
    spans, begin = [], start
    stops = positions_of(_SENTENCE_END, text, start, end) if stops is None else stops
    for at in stops[bisect.bisect_left(stops, start) : bisect.bisect_left(stops, end)]:
        if text[at] == "." and 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit():
            continue  # 74.3: a decimal point
        spans.append((begin, at + 1))
        begin = at + 1
    if begin < end:
        spans.append((begin, end))
    # a sentence that holds more than spaces and stops (most open with a word: no slice to strip)
    return [(s, e) for s, e in spans if text[s] not in " .。" or text[s:e].strip(" .。")]


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    opens_with_qizhong: bool  # 其中: what follows are parts of the record before it
    asides: tuple[tuple[int, int], ...] = ()  # bracketed 其中 inside it, brackets included: not its numbers
    aside_of: int | None = None  # for a segment inside a bracketed 其中: where its bracket opens


def _structural_brackets(
    text: str, start: int, end: int, numbers: list[Quantity]
) -> tuple[set[int], list[tuple[int, int]]]:
    """(offsets of the brackets that hold a number, the pairs of those that open with 其中); others are words."""
    keep, stack, asides = set(), [], []
    starts: list[int] | None = None  # made at the first closing bracket
    for match in _BRACKET.finditer(text, start, end):
        i = match.start()
        if text[i] in _OPENING:
            stack.append(i)
        elif stack:
            opened = stack.pop()
            starts = starts if starts is not None else [q.start for q in numbers]
            first = bisect.bisect_right(starts, opened)
            if first < len(starts) and starts[first] < i:
                keep |= {opened, i}
                if text[opened + 1 : i].lstrip(" :").startswith(_ASIDE_OPENERS):
                    asides.append((opened, i))
    outermost: list[tuple[int, int]] = []
    for opened, closed in sorted(asides):  # brackets nest: one that opens inside the last is inside it
        if not outermost or opened > outermost[-1][1]:
            outermost.append((opened, closed))
    return keep | set(stack), outermost


def segments(text: str, start: int, end: int, numbers: list[Quantity]) -> list[Segment]:
    """The segments of text[start:end]; a bracketed 其中 (27宗(其中…5宗),面积…) is an aside.

    An aside does not cut the segment it stands in: the record it follows goes
    on after it. Its own segments come right after that segment's, marked
    with where the aside opens.
    """
    brackets, asides = _structural_brackets(text, start, end, numbers)
    opens = [o for o, _ in asides]
    found: list[Segment] = []
    begin, next_aside = start, 0

    def close(at: int, next_begin: int) -> None:
        nonlocal begin
        piece = text[begin:at]
        own: tuple[tuple[int, int], ...] = ()
        if asides:
            first, last = bisect.bisect_left(opens, begin), bisect.bisect_left(opens, at)
            own = tuple((o, c + 1) for o, c in asides[first:last])
        if piece.strip(" ,、:;。."):
            found.append(Segment(begin, at, piece.lstrip(" ,:").startswith("其中"), own))
        for o, c in own:
            found.extend(replace(s, aside_of=o) for s in segments(text, o + 1, c, numbers))
        begin = next_begin

    for match in _CUT.finditer(text, start, end):
        i = match.start()
        while next_aside < len(asides) and asides[next_aside][1] < i:
            next_aside += 1
        if next_aside < len(asides) and asides[next_aside][0] <= i <= asides[next_aside][1]:
            continue  # inside an aside: its own segments cut it
        if match.group() == "其中":
            if i > begin:
                close(i, i)
        elif match.group() == ";" or i in brackets:
            close(i, i + 1)
    close(end, end)
    return found


def words_before(text: str, at: int, floor: int) -> int:
    """Where the words that describe the number at `at` begin: after the last clause separator.

    They reach back at most WORDS_REACH characters: a clause is never that
    long, and so the words of many numbers in a row are read in linear time.
    """
    floor = max(floor, at - WORDS_REACH)
    # after the last , : or ; (brackets holding numbers end segments)
    cut = last_of(",:;", text, floor, at)
    if (
        cut >= 0
        and text.rfind(")", cut, at) >= 0
        and (opened := text.rfind("(", floor, cut)) > text.rfind(")", floor, cut)
    ):  # 住宅类用地(含住宅用地及…综合性用地,下同)800宗: a comma inside the bracket ends no clause
        cut = last_of(",:;", text, floor, opened)
    return floor if cut < 0 else cut + 1


def cjk_run(text: str, end: int) -> tuple[int, int] | None:
    """(start, end) of the run of CJK characters that ends text[:end] (or stands before its last line break),
    or None: what re.search(r"[\u4e00-\u9fff]+$", text[:end]) finds, read from the end (the regex tries
    every start of a run, each to its end: quadratic in the run, 50 µs a long sentence)."""
    stop = end - 1 if end and text[end - 1] == "\n" else end
    i = stop
    while i > 0 and "\u4e00" <= text[i - 1] <= "\u9fff":
        i -= 1
    return (i, stop) if i < stop else None


def quote_start(text: str, start: int, limit: int) -> int:
    """Where a record's quote begins: its words without leading separators or 其中."""
    while start < limit and (text[start] in " 、,;:" or text.startswith("其中", start)):
        start += 2 if text[start] == "其" else 1
    return start


def trailing_words(text: str, after: int, limit: int) -> int:
    """End of the words right after a number up to the next separator (出让36宗国有土地使用权,…)."""
    found = _TRAIL_END.search(text, after, limit)
    return found.start() if found else limit


def clause(text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """(start, end) of the clause of text[start:end] in its sentence: from the words before it (words_before) to
    the end of the words after it (trailing_words): the one way a figure's or a record's clause is bounded."""
    return words_before(text, start, sentence[0]), trailing_words(text, end, sentence[1])

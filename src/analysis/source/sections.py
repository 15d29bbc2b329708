"""A report's raw text in parts: its sections (by the numbered headings of rules/headings.csv) and its sentences.

    sections_of(raw, normalized)   one Section a numbered heading; section 0 is the text before the first
    Sentences(raw).around(s, e)    the sentence around raw[s:e], one string a sentence however many quotes ask
    heading_markers()              the heading markers ((一), 3., 第二章 ...) with their style

Offsets are raw: a Section and a sentence are what the reader sees in the file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from .fast_search import positions_of
from .normalize import NormalizedText
from .rules import rule_regexes, rule_table, rules_dir

__all__ = ["Section", "Sentences", "heading_markers", "sections_of"]

RULES = rules_dir(__file__)  # (read when asked: a test points it at a copy)
_SENTENCE_END = "。!?！？\n"


@dataclass(frozen=True)
class Section:
    number: int  # 0 for the text before the first heading
    heading: str
    start: int  # raw offsets
    end: int
    marker_end: int  # raw offset just after the numbering ('(三)', '3.'); == start for section 0


@cache
def heading_markers() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(regex, style) of each heading marker of rules/headings.csv: the report's sections, and the levels of
    headings the extractor reads (extract/abstain.py)."""
    rows = rule_table(RULES, "headings", ("regex", "style"), ("note",))
    regexes = rule_regexes(RULES, "headings", rows)
    return tuple((rx, row["style"]) for rx, row in zip(regexes, rows, strict=True))


def sections_of(raw: str, normalized: NormalizedText) -> tuple[Section, ...]:
    """The sections of a raw text, found on its folded form (normalized) and given in raw offsets."""
    text = normalized.text
    starts = [(0, 0, "", 0)]
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        marker = next((m for rx, _ in heading_markers() if (m := rx.match(stripped))), None)
        if marker:
            start = offset + len(line) - len(stripped)
            end = offset + len(line.rstrip("\n"))
            full_stop = text.find("。", start, end)  # a run-in heading: 2.土地市场平稳运行。全年…
            raw_start, raw_end = normalized.raw_span(start, end if full_stop == -1 else full_stop)
            marker_end = normalized.raw_span(start, start + marker.end())[1]
            starts.append((len(starts), raw_start, raw[raw_start:raw_end].strip(), marker_end))
        offset += len(line)
    bounds = [s[1] for s in starts[1:]] + [len(raw)]
    return tuple(
        Section(number, heading, start, end, marker_end)
        for (number, start, heading, marker_end), end in zip(starts, bounds, strict=True)
    )


class Sentences:
    """The sentences of a raw text (between sentence ends), found by bisection: the same cost anywhere in it."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.ends = positions_of(_SENTENCE_END, raw)
        self._texts: dict[tuple[int, int], str] = {}

    def around(self, raw_start: int, raw_end: int) -> str:
        """The sentence around raw[raw_start:raw_end], its full stop kept."""
        ends, raw = self.ends, self.raw
        before, after = bisect.bisect_left(ends, raw_start), bisect.bisect_left(ends, raw_end)
        begin = ends[before - 1] + 1 if before else 0
        end = ends[after] if after < len(ends) else len(raw)
        if end < len(raw) and raw[end] != "\n":
            end += 1  # keep the full stop
        if (begin, end) not in self._texts:  # one string per sentence, however many facts it holds
            self._texts[begin, end] = raw[begin:end].strip()
        return self._texts[begin, end]

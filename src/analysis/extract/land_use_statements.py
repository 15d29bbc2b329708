"""Land-use statements: which sentences state the land survey's areas by class, and the land-class tables.

    statements_of(layout)   the statements, each its sentences and the classes named with their areas
    land_classes()          land_classes.csv by class: classification, item code, misprints (same_as)
    land_use_phrases()      land_use_phrases.csv by kind: the survey's name, scope, study, reference year ...

NOTES
- Two classifications are read (land_classes.csv): the three broad classes
  (农用地, 建设用地, 未利用地) and the survey's first-level classes (耕地, 园地,
  林地 ... 其他土地); 土地总面积 is the whole. 其他土地 listed beside 农用地 and
  建设用地 without 未利用地 is the third broad class (全市农用地、建设用地和其他
  土地面积分别为…); elsewhere it is a first-level class.
- A sentence is a land-use statement when it names the survey (调查, 三调,
  土地总面积 ...) or two broad classes, and names no supply (供应, 出让 ...):
  交通运输用地40.18公顷 in a 划拨 list is a use type, not the survey's class.
  The sentences that follow it in the paragraph continue it when they list
  classes or add one class of its classification, and so does a next
  paragraph that opens with 其中. Single classes in consecutive sentences
  (农用地…。建设用地…。未利用地…。) are one statement once together they name
  two broad classes or three classes. The survey named once (a bulletin's
  title) covers the following paragraphs while each names a class.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from ..source.fast_search import gated
from ..source.quantities import Quantity
from ..source.rules import rule_regexes, rule_table
from . import phrases, text, value_lists
from .records import MAX_RECORDS, too_many

__all__ = [
    "Mention",
    "Statement",
    "class_names",
    "is_broad",
    "land_classes",
    "land_use_phrases",
    "statements_of",
]

_LISTED = re.compile("分别")
_AREA = re.compile(r"\d\s*(?:万|亿)?(?:亩|公顷|平方公里|平方米)")  # a land area, as normalised text prints it


@cache
def land_classes() -> dict[str, dict[str, str]]:
    """land_classes.csv: class -> its row (item_code, classification, level, broad_in_place_of, same_as)."""
    columns = ("land_class", "item_code", "classification", "level")
    rows = rule_table(phrases.RULES, "land_classes", columns, ("broad_in_place_of", "same_as", "note"))
    return {r["land_class"]: r for r in rows}


@cache
def land_use_phrases() -> dict[str, tuple[re.Pattern[str], str]]:
    """land_use_phrases.csv: kind -> (its regex, its value)."""
    rows = rule_table(phrases.RULES, "land_use_phrases", ("kind", "regex"), ("value", "note"))
    regexes = rule_regexes(phrases.RULES, "land_use_phrases", rows)
    return {r["kind"]: (regex, r.get("value", "")) for r, regex in zip(rows, regexes, strict=True)}


def class_names() -> str:
    """Every land class as one alternation, the longest first (种植园地 before 园地)."""
    return "|".join(sorted(land_classes(), key=len, reverse=True))


@cache
def _class_regex() -> re.Pattern[str]:
    names = class_names()
    suffix = land_use_phrases()["class_suffix"][0].pattern
    return gated(rf"(?P<cls>{names}){suffix}(?=[\d约近逾超])")  # an area follows: a number next


@cache
def _not_before() -> re.Pattern[str]:
    return re.compile(f"(?:{land_use_phrases()['not_before'][0].pattern})$")


@cache
def _list_regex() -> re.Pattern[str]:
    return gated(rf"(?P<name>{class_names()})")


@dataclass
class Mention:
    """A class named in a statement with its area."""

    land_class: str
    start: int
    area: Quantity
    sentence: int  # index in the statement


@dataclass
class Statement:
    """The sentences of one land-use statement and the classes they name."""

    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    context: int | None = None  # where the sentence naming the survey starts, when that is earlier


def _mentions(layout: text.Layout, start: int, end: int) -> list[tuple[int, str, Quantity]]:
    """(class start, class, area) of each class followed by its area in text[start:end]."""
    txt = layout.text
    listed = txt.find("分别", start, end) != -1
    matches = [
        m
        for m in _class_regex().finditer(txt, start, end)
        if not _not_before().search(txt, max(start, m.start() - 8), m.start())
    ]
    if not listed and not matches:
        return []  # no class with a number after it: no quantity pass for this sentence
    areas = {q.start: q for q in layout.quantities_in(start, end) if q.kind == "land_area" and q.number >= 0}
    found = [(m.start(), _canonical(m["cls"]), areas[m.end()]) for m in matches if m.end() in areas]
    for value_list in (
        value_lists.respectively(txt, start, end, list(areas.values()), _list_regex()) if listed else []
    ):
        for (name_start, name_end), q in zip(value_list.names, value_list.values[0], strict=True):
            found.append((name_start, _canonical(txt[name_start:name_end]), q))
    found.sort()
    return found


def _canonical(name: str) -> str:
    """The class a name stands for: itself, or the class a misprint of it is (land_classes.csv same_as)."""
    return land_classes()[name].get("same_as") or name


def is_broad(name: str) -> bool:
    """The class is one of the three broad classes (三大类: 农用地, 建设用地, 未利用地)."""
    return land_classes()[name]["classification"] == "三大类"


def statements_of(layout: text.Layout) -> list[Statement]:
    """The text's land-use statements, in order."""
    reader = _Reader(layout)
    for (p_start, p_end), sentences in layout.paragraphs:
        reader.paragraph(p_start, p_end)
        for start, end in sentences:
            reader.sentence(start, end)
    return reader.statements


@cache
def _scope() -> re.Pattern[str]:
    return re.compile(f"(?:{land_use_phrases()['scope'][0].pattern})$")


def _scoped(txt: str, start: int, mention: tuple[int, str, Quantity]) -> bool:
    """A class's area for the whole place in a year (2007年全国耕地面积为18.26亿亩): the stock, surveyed or not."""
    at, _, area = mention
    if "面积" not in txt[at : area.start] or land_use_phrases()["not_stock"][0].search(txt, start, at):
        return False  # 规划到2035年全市耕地面积为…: a target, not the stock
    return bool(_scope().search(txt, start, at))


def _opens(classes: set[str]) -> bool:
    """Classes enough for a land-use statement without the survey's name: two broad classes or three classes."""
    return len({c for c in classes if is_broad(c)}) >= 2 or len(classes) >= 3


class _Reader:
    """Land-use statements read sentence by sentence (see NOTES: what opens one, what continues it)."""

    def __init__(self, layout: text.Layout):
        self.layout, self.txt = layout, layout.text
        self.survey = land_use_phrases()["survey"][0]
        self.supply = phrases.cue_found("channel", "kind")  # (yes/no searches)
        self.hits = sorted(
            [m.start() for m in _class_regex().finditer(self.txt)]
            + [m.start() for m in _LISTED.finditer(self.txt)]
        )
        self.statements: list[Statement] = []
        self.open: Statement | None = None
        self.pending: list[tuple[int, int, list]] = []  # single classes in a row (农用地…。建设用地…。)
        # the survey named before, in this run of paragraphs that name classes
        self.surveyed: int | None = None
        self.previous_start = 0
        self.read = 0
        self._named: dict[tuple[int, int], bool] = {}  # span -> whether it names the survey

    def paragraph(self, p_start: int, p_end: int) -> None:
        txt = self.txt
        if not (self.open is not None and txt[p_start:p_end].lstrip(" ,").startswith("其中")):
            self.open = None
        if self.surveyed is not None and self._elsewhere(p_start, p_end):
            self.surveyed = None  # a paragraph on something else ends what the survey's name covers
        self.previous_start, self.pending = p_start, []

    def _elsewhere(self, start: int, end: int) -> bool:
        """A paragraph on land supply, or with land areas and no class: the survey's name no longer covers it.

        Headings, 现将主要地类数据公布如下, dates and copy noise between the survey's
        name and its classes do not end it.
        """
        txt = self.txt
        if self.survey.search(txt, start, end) or _list_regex().search(txt, start, end):
            return bool(self.supply.search(txt, start, end))
        return bool(self.supply.search(txt, start, end) or _AREA.search(txt, start, end))

    def sentence(self, start: int, end: int) -> None:
        txt = self.txt
        at = bisect.bisect_left(self.hits, start)
        found = _mentions(self.layout, start, end) if at < len(self.hits) and self.hits[at] < end else []
        here = named = False  # asked where it can matter: a sentence with classes, or no survey named yet
        if found or self.surveyed is None:
            here = self._names_survey(start, end)
            named = here or self._names_survey(self.previous_start, start)
        if named and self.surveyed is None:  # the first naming: its year cues stay in reach
            self.surveyed = start if here else self.previous_start
        if not found or self.supply.search(txt, start, end):
            self.open, self.previous_start, self.pending = None, start, []
            return
        self.previous_start = start
        classes = {name for _, name, _ in found}
        if named or self.surveyed is not None or _opens(classes) or self._follows(txt, start, end, found):
            self._add(start, end, found)
            return
        if len(found) == 1 and _scoped(txt, start, found[0]):
            self.open = None
            # 2007年全国耕地面积为18.26亿亩: a statement of its own, continued by none
            self._add(start, end, found)
            self.open = None
            return
        self.open = None
        self.pending.append((start, end, found))
        if _opens({name for *_, f in self.pending for _, name, _ in f}):  # 农用地…。建设用地…。未利用地…。
            for pending in self.pending:
                self._add(*pending)
            self.pending = []

    def _names_survey(self, start: int, end: int) -> bool:
        """txt[start:end] names the survey; each span searched once (a sentence is the span before the next)."""
        named = self._named.get((start, end))
        if named is None:
            named = self._named[start, end] = bool(self.survey.search(self.txt, start, end))
        return named

    def _follows(self, txt: str, start: int, end: int, found: list) -> bool:
        """A sentence continues the open statement: two classes, 其中, or one more class of its classification."""
        if self.open is None:
            return False
        if len(found) >= 2 or txt[start:end].startswith("其中"):
            return True
        (_, name, _), before = found[0], {m.land_class for m in self.open.mentions}
        return name not in before and all(is_broad(name) == is_broad(c) for c in before)

    def _add(self, start: int, end: int, found: list) -> None:
        if self.open is None:
            self.open = Statement(context=self.surveyed)
            self.statements.append(self.open)
        index = len(self.open.sentences)
        self.open.sentences.append((start, end))
        self.open.mentions += [Mention(name, s, q, index) for s, name, q in found]
        self.read += len(found)
        if self.read > MAX_RECORDS:
            raise too_many(start, "land-use figures")

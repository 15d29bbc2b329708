"""Land-use statements: areas by class, as the land survey (三调, 年度国土变更调查) reports them.

    land_use_records(text, where)   (records, problems): each class with its area, classification and parent

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
- Parents are what the text says: a class after 其中 is part of the class
  before 其中 when that one is higher (耕地 in 农用地, 林地 in 土地总面积), and a
  class after 在农用地中 or 农用地中 is part of 农用地; a
  first-level class listed on its own (按一级地类分，耕地…) has no parent,
  because 交通运输用地 or 其他土地 lie partly in several broad classes.
- The reference year is the survey's (2022年度国土变更调查 -> 2022; 第三次全国
  国土调查 -> 2019), not the report's.
- The same class again in one statement, the same parent, with words before
  it in its clause is a part of it (按坡度分,2-6度耕地…): no row; named again at
  a clause's start (…,农用地37000公顷) it is a second figure, in conflict.
- The same class in two statements with the same area and year is one row
  (a headline's figure without a year takes the body's);
  with another area or year both rows are kept, each naming the other
  (`conflict`), and a warning quotes both (refused under --strict). A class
  listed again inside another broad class (在建设用地中，交通运输用地…) is such a
  second row.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from ..source.quantities import Quantity
from ..source.rules import gated, rule_regexes, rule_table
from . import phrases, text, value_lists
from .records import MAX_RECORDS, LandUseRecord, too_many

__all__ = ["land_use_records"]

_LISTED = re.compile("分别")
_AREA = re.compile(r"\d\s*(?:万|亿)?(?:亩|公顷|平方公里|平方米)")  # a land area, as normalised text prints it


@cache
def land_classes() -> dict[str, dict[str, str]]:
    columns = ("land_class", "item_code", "classification", "level")
    rows = rule_table(phrases.RULES, "land_classes", columns, ("broad_in_place_of", "same_as", "note"))
    return {r["land_class"]: r for r in rows}


@cache
def land_use_phrases() -> dict[str, tuple[re.Pattern[str], str]]:
    rows = rule_table(phrases.RULES, "land_use_phrases", ("kind", "regex"), ("value", "note"))
    regexes = rule_regexes(phrases.RULES, "land_use_phrases", rows)
    return {r["kind"]: (regex, r.get("value", "")) for r, regex in zip(rows, regexes, strict=True)}


@cache
def _class_regex() -> re.Pattern[str]:
    names = "|".join(sorted(land_classes(), key=len, reverse=True))
    suffix = land_use_phrases()["class_suffix"][0].pattern
    return gated(rf"(?P<cls>{names}){suffix}(?=[\d约近逾超])")  # an area follows: a number next


@cache
def _not_before() -> re.Pattern[str]:
    return re.compile(f"(?:{land_use_phrases()['not_before'][0].pattern})$")


@cache
def _list_regex() -> re.Pattern[str]:
    names = "|".join(sorted(land_classes(), key=len, reverse=True))
    return gated(rf"(?P<name>{names})")


@cache
def _inside_regex() -> re.Pattern[str]:
    names = "|".join(sorted(land_classes(), key=len, reverse=True))
    return gated(rf"(?P<cls>{names})中")


@dataclass
class _Mention:
    land_class: str
    start: int
    area: Quantity
    sentence: int  # index in the statement


@dataclass
class _Statement:
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[_Mention] = field(default_factory=list)
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


def _is_broad(name: str) -> bool:
    return land_classes()[name]["classification"] == "三大类"


def _statements(layout: text.Layout) -> list[_Statement]:
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
    return len({c for c in classes if _is_broad(c)}) >= 2 or len(classes) >= 3


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
        self.statements: list[_Statement] = []
        self.open: _Statement | None = None
        self.pending: list[tuple[int, int, list]] = []  # single classes in a row (农用地…。建设用地…。)
        self.surveyed: int | None = (
            None  # the survey named before, in this run of paragraphs that name classes
        )
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
            self._add(
                start, end, found
            )  # 2007年全国耕地面积为18.26亿亩: a statement of its own, continued by none
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
        return name not in before and all(_is_broad(name) == _is_broad(c) for c in before)

    def _add(self, start: int, end: int, found: list) -> None:
        if self.open is None:
            self.open = _Statement(context=self.surveyed)
            self.statements.append(self.open)
        index = len(self.open.sentences)
        self.open.sentences.append((start, end))
        self.open.mentions += [_Mention(name, s, q, index) for s, name, q in found]
        self.read += len(found)
        if self.read > MAX_RECORDS:
            raise too_many(start, "land-use figures")


def _reference_year(txt: str, statement: _Statement, before: int) -> int | None:
    phrases_ = land_use_phrases()
    year_rx, (third, third_year) = phrases_["reference_year"][0], phrases_["third_survey"]
    start = min(statement.sentences[0][0], statement.context if statement.context is not None else before)
    cues = [(m.start(), int(m.group(1))) for m in year_rx.finditer(txt, start, before)]
    cues += [(m.start(), int(third_year)) for m in third.finditer(txt, start, before)]
    if not cues:  # a headline naming the survey after its figure: 耕地面积19.179亿亩 第三次全国国土调查…公布
        end = statement.sentences[0][1]
        cues = [(-m.start(), int(m.group(1))) for m in year_rx.finditer(txt, before, end)]
        cues += [(-m.start(), int(third_year)) for m in third.finditer(txt, before, end)]
    if not cues:
        previous = txt.rfind("。", 0, max(0, start - 1)) + 1
        cues = [(m.start(), int(m.group(1))) for m in year_rx.finditer(txt, previous, start)]
        cues += [(m.start(), int(third_year)) for m in third.finditer(txt, previous, start)]
    return max(cues)[1] if cues else None


def _classification(name: str, statement: _Statement, mention: _Mention) -> str:
    row = land_classes()[name]
    same_sentence = {m.land_class for m in statement.mentions if m.sentence == mention.sentence}
    replaced = row.get("broad_in_place_of")
    if replaced and replaced not in same_sentence and any(_is_broad(c) for c in same_sentence):
        return "三大类"
    return row["classification"]


_LEVEL = {"总面积": 0, "三大类": 1, "三调一级类": 2}


def _records(txt: str, statement: _Statement) -> list[LandUseRecord]:
    classes = land_classes()
    year = _reference_year(txt, statement, statement.mentions[0].start)
    records: list[LandUseRecord] = []
    parent: LandUseRecord | None = None
    for i, mention in enumerate(statement.mentions):
        classification = _classification(mention.land_class, statement, mention)
        level = _LEVEL[classification]
        previous_end = statement.mentions[i - 1].area.end if i else statement.sentences[0][0]
        inside = _inside_regex().search(txt, previous_end, mention.start)  # 在农用地中，耕地…
        named = next((r for r in reversed(records) if inside and r.land_class == inside["cls"]), None)
        if named is not None and _LEVEL[named.classification] < level:
            parent = named
        elif (
            ("其中" in txt[previous_end : mention.start] or txt.startswith("中", previous_end))
            and records
            and _LEVEL[records[-1].classification] < level
        ):
            parent = records[-1]  # 土地总面积…，其中耕地…; 国土面积1246.8平方公里中，耕地…
        elif parent is not None and _LEVEL[parent.classification] >= level:
            parent = None
        records.append(
            LandUseRecord(
                land_class=mention.land_class,
                classification=classification,
                parent_class=parent.land_class if parent else None,
                item_code=classes[mention.land_class]["item_code"],
                reference_year=year,
                start=mention.start,
                end=mention.area.end,
                area=mention.area,
            )
        )
    return records


def land_use_records(layout: text.Layout, where) -> tuple[list[LandUseRecord], list[str], list[str]]:
    """Every land-use area of a text, with warnings about what a statement lacks, and the conflicts."""
    txt = layout.text
    if land_use_phrases()["study"][0].search(txt):
        return (
            [],
            [
                "no land-use statement: a study of land-use change (研究区, 转移矩阵 …), not a survey's figures"
            ],
            [],
        )
    statements = _statements(layout)
    if not statements:
        return [], ["no land-use statement (农用地…公顷, 耕地…万亩, 土地总面积…) found"], []
    kept: dict[str, LandUseRecord] = {}
    records, problems, conflicts = [], [], []
    for statement in statements:
        own: dict[str, LandUseRecord] = {}
        for record in _records(txt, statement):
            first = own.setdefault(record.land_class, record)
            earlier = kept.get(record.land_class)
            if (
                first is not record
                and first.parent_class == record.parent_class
                and _qualified(txt, record.start)
            ):
                continue  # 全县耕地45.6万亩…按坡度分,2度以下耕地30.2万亩: a part of the class by slope, no row
            if earlier is None:
                kept[record.land_class] = record
                records.append(record)
            elif earlier.area.base_value == record.area.base_value and _same_year(earlier, record):
                earlier.repeats.append(record.area)  # the same figure again; a year one lacks is the other's
                earlier.reference_year = earlier.reference_year or record.reference_year
            else:
                record.conflict, earlier.conflict = earlier, earlier.conflict or record
                records.append(record)
                conflicts.append(_disagreeing(record, earlier, where))
        problems += _lacks(list(own.values()))
    if any(r.reference_year is None for r in records):
        problems.append("land-use statement gives no reference year (…年农用地…, 2022年度国土变更调查)")
    _number(records)
    return records, problems, conflicts


_CLAUSE_START = re.compile(r"(?:^|[,;:。、\s]|其中|全[国省市县区])$")


def _qualified(txt: str, at: int) -> bool:
    """Words stand between the clause's start and the class (2度以下耕地, 水浇地…): a part of it, not the class."""
    return not _CLAUSE_START.search(txt, max(0, at - 2), at)


def _same_year(a: LandUseRecord, b: LandUseRecord) -> bool:
    """The same year, or one of them has none (a headline's figure without the survey's year)."""
    return a.reference_year == b.reference_year or None in (a.reference_year, b.reference_year)


def _number(records: list[LandUseRecord]) -> None:
    """Item ids, unique: land_use.<code>, then .2, .3 for the same class again."""
    seen: dict[str, int] = {}
    for record in records:
        base = f"land_use.{record.item_code}"
        seen[base] = seen.get(base, 0) + 1
        record.item_id = base if seen[base] == 1 else f"{base}.{seen[base]}"


def _disagreeing(record: LandUseRecord, earlier: LandUseRecord, where) -> str:
    places = "; ".join(where.quoted(r.start, r.end) for r in (earlier, record))
    return (
        f"{where.path}: ambiguous: {record.land_class} is given twice with different figures: {places};"
        " both are kept, each naming the other in `conflict`"
    )


def _lacks(records: list[LandUseRecord]) -> list[str]:
    broad = [c for c, row in land_classes().items() if row["classification"] == "三大类"]
    named = {
        r.land_class if r.classification != "三大类" or r.land_class in broad else "未利用地" for r in records
    }
    missing = [c for c in broad if c not in named]
    present = [r for r in records if r.classification == "三大类"]
    return [f"land-use statement lacks {', '.join(missing)}"] if len(present) >= 2 and missing else []

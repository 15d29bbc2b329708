"""Land-use statements: areas by class, as the land survey (三调, 年度国土变更调查) reports them.

    land_use_records(text, where)   (records, problems): each class with its area, classification and parent

NOTES
- Which sentences are land-use statements, and the two classifications read, are land_use_statements.py's.
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

import re
from functools import cache

from ..source.fast_search import gated
from . import text
from .land_use_statements import (
    Mention,
    Statement,
    class_names,
    is_broad,
    land_classes,
    land_use_phrases,
    statements_of,
)
from .records import LandUseRecord

__all__ = ["land_use_records"]


@cache
def _inside_regex() -> re.Pattern[str]:
    return gated(rf"(?P<cls>{class_names()})中")


def _reference_year(txt: str, statement: Statement, before: int) -> int | None:
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


def _classification(name: str, statement: Statement, mention: Mention) -> str:
    row = land_classes()[name]
    same_sentence = {m.land_class for m in statement.mentions if m.sentence == mention.sentence}
    replaced = row.get("broad_in_place_of")
    if replaced and replaced not in same_sentence and any(is_broad(c) for c in same_sentence):
        return "三大类"
    return row["classification"]


_LEVEL = {"总面积": 0, "三大类": 1, "三调一级类": 2}


def _records(txt: str, statement: Statement) -> list[LandUseRecord]:
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
    statements = statements_of(layout)
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

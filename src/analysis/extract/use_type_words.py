"""The use type a record's words name, as written: the words right before 用地, prefixes stripped.

    use_type_of(words)       商品住宅用地 -> 住宅, 2023年全市工业用地 -> 工业; None where the words name none
    supplied_known(words)    a known use type before the supply word (全年完成住房供地 -> 住房)
    known_land()             a known use type named as land (经营性土地, 商住地, 商业地块)
    short_names()            short forms land news writes for a use type (涉宅 -> 住宅; use_type_short.csv)

NOTES
- A use type is the words right before 用地, known prefixes stripped
  (use_type_prefixes.csv). A list of examples closed by 等 is dropped
  (学校、医院等公益性项目 -> 公益性项目); a fixed name with 等 stays
  (基础设施等其他用地 -> 基础设施等其他), because it has no list before 等.
- The periods and places before a name are no part of it (前三季度全国住宅, 北京市保障性): the period cues are
  periods.py's (period_cues.csv). phrases.reading_of asks here for a record's use type, so this module never
  imports phrases.
"""

from __future__ import annotations

import re
from functools import cache

from ..source.fast_search import gated
from ..source.rules import rule_table, rules_dir
from .periods import period_cues
from .text import cjk_run
from .vocabulary import known_ending, known_use_types

__all__ = ["known_land", "short_names", "supplied_known", "use_type_of"]

RULES = rules_dir(__file__)
_PLACE_ENDS = ("省", "市", "县", "区", "镇", "乡", "城")  # 20城经营性用地: twenty cities


@cache
def _use_type_words(kind: str) -> tuple[str, ...]:
    rows = rule_table(RULES, "use_type_prefixes", ("prefix", "kind"), ("note",))
    return tuple(sorted((r["prefix"] for r in rows if r["kind"] == kind), key=len, reverse=True))


@cache
def _prefix_regex() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(p) for p in _use_type_words("prefix")))


# a period cue inside a name has one of these (今年, 上半年, 三季度, 十四五)
_PERIOD_CHARS = frozenset("年月季五")


_PROVINCE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:省|自治区)(?=[\u4e00-\u9fff]{2})")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,5}?[市县区](?=[\u4e00-\u9fff]{2})")  # 北京市, 高新区 (not 城市, 园区)


def _lead_match(name: str, periods: re.Pattern[str]) -> re.Match[str] | None:
    return _prefix_regex().match(name) or periods.match(name) or _PLACE.match(name)


def _strip_prefixes(name: str) -> str:
    prefixes, periods = _use_type_words("prefix"), period_cues()[0]
    if ("省" in name or "自治区" in name) and (province := _PROVINCE.match(name)):
        name = name[province.end() :]  # 2011年安徽省房地产开发用地: the province is no part of the name
    while (m := _lead_match(name, periods)) and len(name) > m.end() > 0:
        # 前三季度全国住宅, 北京市保障性…: the period and the place are no part of the name
        name = name[m.end() :]
    if len(name) > 3 and _PERIOD_CHARS.intersection(name):
        inside = [m.end() for m in periods.finditer(name) if m.end() > m.start()]
        if inside and inside[-1] < len(name):
            name = name[inside[-1] :]  # 三地今年上半年经营性: what the period follows is the subject
    if name in prefixes or name.endswith(_use_type_words("generic")):
        return ""  # 国有用地, 建设用地: all land, no use type
    return name


def _past_period_digits(before: str, at: int, name: str) -> str:
    """1至2月全国房地产 -> 全国房地产: a period cue written with digits ends inside the run of characters."""
    if not (at and before[at - 1].isdigit()):
        return name
    cut = 0
    for match in period_cues()[0].finditer(before, max(0, at - 12)):
        if match.start() >= at:
            break  # the cues after `at`: none holds it (not a scan to the end of the words)
        if at < match.end():
            cut = max(cut, match.end() - at)
    return name[cut:] if cut else name


def _joint_name(before: str, at: int) -> str:
    """The names joined by 、 before a single 用地 that no 分别 splits: 商业、 of 商业、住宅用地."""
    begin = at
    while begin > 1 and before[begin - 1] == "、" and (run := cjk_run(before, begin - 1)):
        begin = run[0]
    return before[begin:at]


_USE, _SUPPLY_WORD = re.compile("用地"), re.compile("供地|供应(?!计划)")
_KINDS_NAMED = re.compile(r"[两二三四五六七八九]类[\u4e00-\u9fff]{1,6}?(?=用地)")


def use_type_of(words: str) -> str | None:
    """The use type as written: the words right before 用地, known prefixes stripped; None if none.
    A list closed by its count names them all (…用地和经济适用房用地、廉租房用地三类住房用地: 三类住房)."""
    if "类" in words and (kinds := _KINDS_NAMED.search(words)):
        return kinds.group()
    for match in _USE.finditer(words):
        before = words[: match.start()]
        run = cjk_run(before, len(before))
        if not run:
            continue
        at = run[0]
        name = _past_period_digits(before, at, before[at : run[1]])
        if before[at - 1 : at] == "、" and "分别" not in words:
            name = _joint_name(before, at) + name  # 商业、住宅用地15宗: one use type of both
        if "等" in name and before[:at].endswith("、"):
            name = name[name.rindex("等") + 1 :]  # 学校、医院等公益性项目: the examples go
        name = _strip_prefixes(_past_verb(name.rsplit("的", 1)[-1].removesuffix("地块")))  # 的, 商住地块用地
        known = known_ending(name)
        if known and name[: -len(known)].endswith(_PLACE_ENDS) and name[: -len(known)] != "城镇":
            return known  # 松岩市经营性用地: the place before a known use type is not part of it
        if name:
            return short_names().get(name, name)  # 66宗涉宅用地: 住宅 (use_type_short.csv, round 9, C2)
    if "地" not in words:
        bare = _bare_known().match(words)  # 其中住宅8宗、工业12宗: a known use type alone before its figure
        return bare["use"] if bare else None
    found = known_land().search(words)  # 经营性土地, 商住地: a known use type before 土地 or 地
    if found:
        return found["use"]
    short = _short_land().search(words)  # 宅地, 涉宅地块: a use type land news shortens
    return short_names()[short["short"]] if short else None


def supplied_known(words: str) -> str | None:
    """全年完成住房供地: a known use type before the supply word after prefixes only (十堰水域…供地量: a city's)."""
    word = _SUPPLY_WORD.search(words) if "供" in words else None
    found = cjk_run(words, word.start()) if word else None
    return (
        name if found and (name := _strip_prefixes(words[found[0] : found[1]])) in known_use_types() else None
    )


def _past_verb(name: str) -> str:
    """松岩市举行住宅, 青禾县出让工业 (a 分别 list's name, read unblanked): the name begins after the verb."""
    cut = 0
    for verb in _verb_regex().finditer(name):  # the last verb's end (matches run left to right)
        cut = verb.end()
    return name[cut:] if len(name) - cut >= 2 else name


@cache
def _verb_regex() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _use_type_words("verb"))))


@cache
def _bare_known() -> re.Pattern[str]:
    """Nothing but a known use type (类 after it) and list marks: the words of a part named without 用地."""
    known = "|".join(map(re.escape, known_use_types()))
    return re.compile(rf"[\s、,和及与]*(?:其中[\s,:]*)?(?P<use>{known})类?[\s、,]*$")


@cache
def short_names() -> dict[str, str]:
    return {
        r["short"]: r["use_type"]
        for r in rule_table(RULES, "use_type_short", ("short", "use_type"), ("reads", "note"))
        if r["reads"] != "label"  # 宅地: a label only (use_types.short_labels), never a reason for a row
    }


@cache
def _short_land() -> re.Pattern[str]:
    """A short use type right before 地 (宅地, 涉宅地块), not inside a longer word (住宅地 is known land)."""
    shorts = "|".join(map(re.escape, sorted(short_names(), key=len, reverse=True)))
    return gated(f"(?<![住民])(?P<short>{shorts})地(?![产区段方基])")


@cache
def known_land() -> re.Pattern[str]:
    """A known use type named as land: 经营性土地, 商住地, 商业地块, 商业用地 (never 房地产's 地产)."""
    return gated(f"(?P<use>{'|'.join(map(re.escape, known_use_types()))})(?:用地|土地|地(?![产区段方]))")

"""The phrasings of land statements, read once from extract/rules/*.csv and compiled.

    cues()["exclude"]         clauses that are not supply (计划, 征收 ...), each with a reason
    reading_of(words)         what a record's words name: channel, method, kind, use type, exclusion
    revenue_label_at(words)   the money label a record's amount follows (出让金, 成交价款 ...)

NOTES
- Words are read after their money labels are blanked: 出让 in 土地出让金 is
  not a channel, 成交 in 成交价款 is not a market statement.
- 入股 and 租赁 name a state channel (作价出资（入股）, 租赁) unless the record
  is a collective entry, where they are its methods (租赁入市, 入股).
- A use type is the words right before 用地, known prefixes stripped
  (use_type_prefixes.csv). A list of examples closed by 等 is dropped
  (学校、医院等公益性项目 -> 公益性项目); a fixed name with 等 stays
  (基础设施等其他用地 -> 基础设施等其他), because it has no list before 等.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..source.rules import found_anywhere, gated, gated_union, rule_regexes, rule_table, rules_dir
from . import vocabulary
from .text import cjk_run
from .vocabulary import known_ending, known_use_types

__all__ = [
    "Reading",
    "blank",
    "cue_at",
    "cue_ends",
    "cue_regex",
    "cues",
    "exclusions_but",
    "known_land",
    "known_use_types",
    "last_cue",
    "methods",
    "methods_in",
    "not_supply_label",
    "paid",
    "period_cues",
    "reading_of",
    "revenue_label_at",
    "revenue_labels",
    "use_type_of",
]

RULES = rules_dir(__file__)
_PLACE_ENDS = ("省", "市", "县", "区", "镇", "乡", "城")  # 20城经营性用地: twenty cities


@dataclass(frozen=True)
class Cue:
    kind: str
    regex: re.Pattern[str]
    value: str


@cache
def cues() -> dict[str, tuple[Cue, ...]]:
    """clause kind -> its cues, in the table's order."""
    rows = rule_table(RULES, "supply_clauses", ("clause_kind", "regex"), ("value", "note"))
    kinds: dict[str, list[Cue]] = {}
    for row, regex in zip(rows, rule_regexes(RULES, "supply_clauses", rows), strict=True):
        kinds.setdefault(row["clause_kind"], []).append(Cue(row["clause_kind"], regex, row.get("value", "")))
    return {kind: tuple(found) for kind, found in kinds.items()}


@cache
def cue_regex(*kinds: str) -> re.Pattern[str]:
    """One regex for every cue of the given kinds."""
    return gated_union(f"(?:{c.regex.pattern})" for k in kinds for c in cues().get(k, ()))


@cache
def cue_found(*kinds: str) -> re.Pattern[str]:
    """cue_regex for a yes/no search: a match exactly where it finds one, found faster (rules.found_anywhere)."""
    return found_anywhere(cue_regex(*kinds))


@cache
def exclusions_but(value: str) -> re.Pattern[str]:
    """One regex for the exclusion cues whose reason is not `value`."""
    return gated_union(f"(?:{c.regex.pattern})" for c in cues().get("exclude", ()) if c.value != value)


@cache
def methods() -> dict[str, tuple[tuple[str, str], ...]]:
    """channel -> ((keyword, method), ...), longest keyword first."""
    rows = rule_table(RULES, "supply_methods", ("channel", "keyword", "method"), ("note",))
    by_channel: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        by_channel.setdefault(row["channel"], []).append((row["keyword"], row["method"]))
    return {c: tuple(sorted(kw, key=lambda k: -len(k[0]))) for c, kw in by_channel.items()}


@cache
def revenue_labels() -> dict[str, str]:
    """label -> the channel it implies ('' for any)."""
    rows = rule_table(RULES, "revenue_labels", ("label",), ("channel", "note"))
    return {r["label"]: r.get("channel", "") for r in rows}


@cache
def _label_regex() -> re.Pattern[str]:
    labels = sorted(revenue_labels(), key=len, reverse=True)
    return gated("|".join(re.escape(label) for label in labels))


_GLUE = re.compile(r"[\s“”\"'‘’「」总總的]*")


def revenue_label_at(words: str) -> str | None:
    """The money label in the words before an amount (the last one), or None; a label naming no channel
    glued to one that names it is that one (土地出让金总金额, “卖地”金额: 出让's proceeds)."""
    found = list(_label_regex().finditer(words))
    if not found:
        return None
    last = found[-1]
    if len(found) > 1 and not revenue_labels()[last.group()]:
        before = found[-2]
        if revenue_labels()[before.group()] and _GLUE.fullmatch(words, before.end(), last.start()):
            return before.group()
    return last.group()


# characters after an amount that may say it was paid (以12亿元(人民币,下同)竞得, 将…地块收入囊中)
PAID_AFTER = 48


def paid(words: str, after: str) -> bool:
    """The amount is the price a parcel sold at: 以…元 before and 竞得/成交… after it, or 拍出 before it."""
    return bool(
        (cue_found("paid_before").search(words) and cue_regex("paid_after").match(after))
        or cue_found("sold_at").search(words)
    )


def blank(text: str, spans) -> str:
    """text with the given (relative) spans replaced by spaces, so words never run across them."""
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())


def blank_labels(words: str) -> str:
    return _label_regex().sub(_spaces, words)


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
        name = name[
            m.end() :
        ]  # 前三季度全国住宅, 北京市保障性…: the period and the place are not part of the name
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


def _supplied_known(words: str) -> str | None:
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


@dataclass(frozen=True)
class Reading:
    """What the words of one record name. None where they name nothing."""

    excluded: str | None = None  # reason key (not_supply group of the vocabulary)
    kind: str | None = None  # supply, market_offered, market_sold
    channel: str | None = None
    method: str | None = None  # zh, from supply_methods.csv
    use_type: str | None = None

    @property
    def names_anything(self) -> bool:
        return any((self.excluded, self.kind, self.channel, self.method, self.use_type))


@cache
def _kind_regex(kind: str) -> re.Pattern[str]:
    """The cues of a kind as one regex whose group c<i> is cue i (one pass instead of one per cue)."""
    return gated_union(f"(?P<c{i}>{c.regex.pattern})" for i, c in enumerate(cues().get(kind, ())))


def _first(kind: str, words: str) -> tuple[str, tuple[int, int]] | None:
    """(value, span) of the cue of this kind that stands last in the words."""
    if not cue_found(kind).search(words):
        return None  # (most words hold none: found faster by a yes/no search)
    last = None
    for last in _kind_regex(kind).finditer(words):  # noqa: B007 - the last match is wanted
        pass
    if last is None or not cues().get(kind):
        return None
    index = int(last.lastgroup[1:]) if last.lastgroup else 0
    return cues()[kind][index].value, last.span()


def cue_ends(kind: str, txt: str, start: int, end: int) -> list[tuple[int, str]]:
    """(where each cue of this kind ends, its value) in txt[start:end], in order: one pass."""
    rows = cues().get(kind, ())
    return [(m.end(), rows[int(m.lastgroup[1:])].value) for m in _kind_regex(kind).finditer(txt, start, end)]


def cue_at(kind: str, txt: str, at: int) -> str | None:
    """The value of the first cue of this kind (in the table's order) that matches at `at`: one match for all."""
    found = _kind_regex(kind).match(txt, at)
    return cues()[kind][int(found.lastgroup[1:])].value if found else None


def last_cue(kind: str, words: str) -> str | None:
    """The value of the cue of this kind that stands last in the words, or None."""
    found = _first(kind, words)
    return found[0] if found else None


def not_supply_label(reason: str) -> str:
    """The Chinese label of a not_supply reason key (计划, 土地征收 ...)."""
    return vocabulary.label("not_supply", reason)


def exclusion_of(words: str) -> str | None:
    found = _first("exclude", words)
    return found[0] if found else None


def methods_in(channel: str, words: str) -> tuple[set[str], list[tuple[int, int]]]:
    named, spans = set(), []
    for keyword, method in methods().get(channel, ()):
        at = words.find(keyword)
        while at != -1:
            named.add(method)
            spans.append((at, at + len(keyword)))
            words = blank(words, [spans[-1]])  # 招标拍卖挂牌 is 招拍挂, not also 招标, 拍卖, 挂牌
            at = words.find(keyword, at + len(keyword))
    return named, spans


_OPEN_MARKET = frozenset(("招标", "拍卖", "挂牌", "招拍挂"))  # 拍卖和挂牌出让: the methods together


def reading_of(words: str, context_channel: str | None = None, use_type: bool = True) -> Reading:
    """What the words of a record name (money labels already blanked); context decides 入股, 租赁."""
    excluded = exclusion_of(words)
    found = list(_kind_regex("channel").finditer(words))  # one pass: the spans, the last cue's value
    channel_spans = [m.span() for m in found]
    channel = cues()["channel"][int(found[-1].lastgroup[1:])].value if found else None
    if channel == "collective" or (context_channel == "collective" and channel in (None, "equity", "lease")):
        channel = "collective"
    named, method_spans = set(), []
    if channel in (None, "transfer", "collective"):  # 划拨 names its channel and its only method at once
        named, method_spans = methods_in(channel or "transfer", words)
    kind_hit = _first("kind", words)
    if channel is None and named and kind_hit and kind_hit[0] == "market_sold":
        named = set()  # 挂牌成交了54块: what the market sold, however it was offered
    if channel == "transfer" and kind_hit and kind_hit[0] == "market_offered":
        # 推出6宗地块挂牌出让: lots put up for transfer are offered, not transferred
        channel, named = None, set()
    if channel is None and named:
        channel = "transfer"  # 挂牌27宗 inside a transfer statement: the method names the channel
    if use_type:  # use_type=False: all but the use type (drafts asks whether two clauses name the same)
        named_kinds = kind_hit is not None or excluded is not None  # (else neither cue stands in the words)
        kind_spans = [m.span() for m in cue_regex("kind", "exclude").finditer(words)] if named_kinds else []
        plain = blank(words, channel_spans + method_spans + kind_spans)
    return Reading(
        excluded=excluded,
        kind=kind_hit[0] if kind_hit else None,
        channel=channel,
        method=named.pop() if len(named) == 1 else "招拍挂" if named and named <= _OPEN_MARKET else None,
        use_type=(use_type_of(plain) or _supplied_known(words)) if use_type else None,
    )


@cache
def period_cues() -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    """(one regex whose group r<i> is row i, ((kind, value), ...) by row)."""
    rows = rule_table(RULES, "period_cues", ("regex", "kind"), ("value", "note"))
    rule_regexes(RULES, "period_cues", rows)  # each compiles, no group name twice: the join compiles
    regex = gated_union(f"(?P<r{i}>{r['regex']})" for i, r in enumerate(rows))
    return regex, tuple((r["kind"], r.get("value", "")) for r in rows)

"""The phrasings of land statements, read once from extract/rules/*.csv and compiled.

    cues()["exclude"]         clauses that are not supply (计划, 征收 ...), each with a reason
    reading_of(words)         what a record's words name: channel, method, kind, use type, exclusion
    revenue_label_at(words)   the money label a record's amount follows (出让金, 成交价款 ...)

NOTES
- Words are read after their money labels are blanked: 出让 in 土地出让金 is
  not a channel, 成交 in 成交价款 is not a market statement.
- 入股 and 租赁 name a state channel (作价出资（入股）, 租赁) unless the record
  is a collective entry, where they are its methods (租赁入市, 入股).
- A record's use type is read by use_type_words.py (the words before 用地); the period cues are periods.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..source.fast_search import found_anywhere, gated, gated_union
from ..source.rules import rule_regexes, rule_table, rules_dir
from . import vocabulary
from .use_type_words import supplied_known, use_type_of

__all__ = [
    "OPEN_MARKET_METHODS",
    "Reading",
    "blank",
    "cue_at",
    "cue_ends",
    "cue_regex",
    "cues",
    "exclusions_but",
    "last_cue",
    "methods",
    "methods_in",
    "not_supply_label",
    "paid",
    "reading_of",
    "revenue_label_at",
    "revenue_labels",
]

RULES = rules_dir(__file__)


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
    """cue_regex for a yes/no search: a match exactly where it finds one, found faster
    (fast_search.found_anywhere)."""
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


# the methods of selling on the open market, each or together (拍卖和挂牌出让: 招拍挂)
OPEN_MARKET_METHODS = frozenset(("招标", "拍卖", "挂牌", "招拍挂"))


def _one_method(named: set[str]) -> str | None:
    """The method the words name: the one named; methods of the open market named together are 招拍挂."""
    if len(named) == 1:
        return named.pop()
    return "招拍挂" if named and named <= OPEN_MARKET_METHODS else None


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
        method=_one_method(named),
        use_type=(use_type_of(plain) or supplied_known(words)) if use_type else None,
    )

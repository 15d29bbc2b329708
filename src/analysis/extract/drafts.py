"""Drafts: the numbers of a segment that belong together, before they are read as a record.

    drafts(txt, segment, numbers, used)   parcels, area, proceeds, share grouped (see supply.py NOTES)
    (lists.py: the drafts of 分别为 lists; measures.py: what each number is)
    draft_words(txt, draft)               the words of a draft, its figures blanked

NOTES
- After a total's proceeds, the parts of a 其中 list may print their amounts
  without a money label (成交总金额229亿元。其中，经营性用地221.0亿元): drafts()
  reads them as proceeds when told so (money_is_revenue).
- The numbers of a bracketed 其中 (an aside, text.segments) are not the
  numbers of the segment around it, and the words of a number after the
  aside begin after it: 27宗(其中新型产业用地5宗),面积1545亩 gives 1545亩 to
  the 27 parcels, read with the words 面积, not 新型产业用地.
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass, field

from ..source.fast_search import opening_chars
from ..source.quantities import Quantity
from . import phrases, text
from .measures import MORE_THAN, measure_of, parcel_counters
from .periods import Period, period_cues
from .records import Excluded
from .text import Segment
from .use_type_words import use_type_of

__all__ = [
    "Draft",
    "clause_lead",
    "draft_words",
    "drafts",
    "excluded_sentences",
]

_START = operator.attrgetter("start")
_FEW = 32  # numbers of a sentence below which a plain scan beats a binary search


@dataclass
class Draft:
    measures: dict[str, Quantity]
    start: int  # where the quote starts
    spans: list[tuple[int, int]] = field(default_factory=list)  # the words describing it
    use_type: str | None = None  # a use type the words name without 用地 (a list's name, 基础设施占…)
    compared: bool = False  # 较2014年同期的10890亿元: the figure of the draft before, for another period
    period: Period | None = None  # 2011—2013年…分别完成a、b、c: each value's own year
    listed: bool = False  # a 分别 list's (lists.py): its use type is the list's name

    @property
    def end(self) -> int:
        return max([q.end for q in self.measures.values()])  # (a list: asked for every draft, faster)


def draft_words(txt: str, draft: Draft) -> str:
    """The words of a draft, numbers and money labels blanked, pieces joined by spaces (none for a
    figure compared with: it names what the draft before names)."""
    if draft.compared:
        return ""
    pieces, figures = [], [(q.start, q.end) for q in draft.measures.values()]
    for start, end in sorted(draft.spans):
        piece = txt[start:end]
        for s, e in figures if end > start else ():
            if start <= s < end:  # its figure blanked (phrases.blank, inline: asked for every draft)
                piece = piece[: s - start] + " " * (e - s) + piece[e - start :]
        pieces.append(piece)
    return phrases.blank_labels(" ".join(pieces))


def drafts(
    txt: str, segment: Segment, numbers: list[Quantity], used: set[int], money_is_revenue: bool = False
) -> list[Draft]:
    """Group a segment's numbers into drafts (see NOTES: where a record ends; money_is_revenue)."""
    found: list[Draft] = []
    previous_end, inside = segment.start, _within(numbers, segment, used)
    aside_ends = [c for _, c in segment.asides]
    cue = phrases.cue_found("channel", "kind", "exclude")  # (yes/no searches)
    current_named = False  # whether the current draft's words already name a channel or a kind
    current_names: tuple = ()  # what they name (kind, channel): the same again does not end the draft
    in_unread_list = False
    for i, q in enumerate(inside):
        if aside_ends:  # the words of a number never reach back into an aside
            passed = bisect.bisect_right(aside_ends, q.start)
            previous_end = max(previous_end, aside_ends[passed - 1] if passed else previous_end)
        word_start = _own_words_start(txt, text.words_before(txt, q.start, previous_end), q)
        words = txt[word_start : q.start]
        measure = measure_of(q, words, money_is_revenue, txt[q.end : q.end + phrases.PAID_AFTER])
        measure = measure or _bare_proceeds(txt, found, words, q) or _won_at(txt, q)
        if found and "同期" in words and _SAME_PERIOD.search(words):  # (同期 first: most words hold none)
            _add_compared(found, q, measure, word_start)
            previous_end = q.end
            continue
        excluded = phrases.exclusion_of(words) if measure is not None else None  # (the cue last in the words)
        if measure is None or (measure != "share" and excluded == "change") or _shared(txt, numbers, used, q):
            continue  # 较前一周增加32宗: a change; 建筑面积72.38万㎡,占前三季度的62%: another figure's share
        if _UNREAD_LIST.search(words) or (in_unread_list and _LIST_JOIN.fullmatch(words)):
            in_unread_list, previous_end = True, q.end
            continue  # a 分别 list no list reading took (天津、大连分别推出…): by place, not by use
        in_unread_list = False
        subject = _share_subject(words) if measure == "share" else None
        limit = inside[i + 1].start if i + 1 < len(inside) else segment.end
        trail_end = text.trailing_words(txt, q.end, limit)
        described = phrases.blank_labels(words + " " + txt[q.end : trail_end])
        current = found[-1] if found else None
        names = bool(cue.search(described))
        if subject is not None:  # 基础设施占供应总量的45.2%: what follows 占 names the total, not this row
            names = bool(cue.search(subject[1]))
        named = asked = _named(described) if names and current_named else ()  # compared only when both name
        if measure == "revenue" and _proceeds_leave(current_names, words, (txt, current)):
            names, current_named = True, True  # 供应建设用地2.35万亩,实现土地出让收入41.6亿元: two rows
            named = ("revenue", "transfer", None)
        if (
            current is None
            or current.compared
            or measure in current.measures
            or excluded is not None  # an exclusion cue in the words: what exclusion_of found
            or (names and current_named and not _same_statement(named, current_names))
            or (subject is not None and subject[0] and current.measures)
        ):
            current = Draft({}, text.quote_start(txt, word_start, q.start))
            found.append(current)
            current_named, current_names = False, ()
        if names and not current_named:
            current_names = asked or _named(described)  # asked once
        current_named = current_named or names
        current.measures[measure] = q
        _describe(current, subject, word_start, q, trail_end)
        previous_end = q.end
    return found


def _shared(txt: str, numbers: list[Quantity], used: set[int], q: Quantity) -> bool:
    """A percentage that is another figure's share: right after a figure set aside (a floor area: no quantity, or
    one read otherwise: 成交规划建筑面积72.38万㎡,占前三季度的62%), or of another period's whole (占前三季度的66%)."""
    if q.kind != "percent":
        return False
    at = bisect.bisect_left(numbers, q.start, key=_START)
    before = numbers[at - 1] if at else None
    after = before.end if before is not None else max(0, q.start - WORDS_AFTER)
    if before is not None and before.start in used and _SHARE_AFTER.fullmatch(txt, before.end, q.start):
        return True
    if before is not None and txt[before.end : q.start].strip() in ("的", ""):  # 占…总底价12.21亿元的2.75%
        whole = _SHARE_OF_FIGURE.search(txt, max(0, before.start - 14), before.start)
        if whole and phrases.cue_found("not_revenue").search(whole.group()):
            return True  # a share of a reserve or starting price, never a row's share
    if _share_of_period(txt, max(0, q.start - 16), q.start):
        return True  # 成交总额25.43亿元,占前三季度的66%: of the three quarters' total, not the quarter's row
    return _SHARE_OF_UNREAD.search(txt, after, q.start) is not None


def _share_of_period(txt: str, start: int, end: int) -> bool:
    """txt[start:end] ends on 占 (了), a period cue of period_cues.csv and a few words naming no figure (占前三季度的,
    占全年, 占10月的): the share is of that period's whole."""
    at = txt.rfind("占", start, end)
    if at < 0:
        return False
    at += 1 + txt.startswith("了", at + 1)
    cue = period_cues()[0].match(txt, at, end)
    return bool(cue and _AFTER_PERIOD.fullmatch(txt, cue.end(), end))


_AFTER_PERIOD = re.compile(r"[^\d,，;。]{0,8}")
_SHARE_AFTER = re.compile(r"\s*[,，]\s*(?:约|约占|占|占比)[^\d,，;。]{0,12}?")
_SHARE_OF_FIGURE = re.compile(r"占[^\d,，;。]{0,12}?$")  # the whole a share is of, named with its figure
_SHARE_OF_UNREAD = re.compile(r"\d[^\d,，;。]{0,4}[,，]\s*(?:约|约占|占|占比)[^\d,，;。]{0,12}?$")
# characters before a share, when no figure stands before it in the text, that may hold its figure
WORDS_AFTER = 40
_NOUN_JOINED = re.compile(r"[^,;。]*?用地(?:以及|及|和|与|、)\s*(?=$)")
_NOUN_AFTER = re.compile(r"[^\d,;。]{1,12}?用地")


def _own_words_start(txt: str, word_start: int, q: Quantity) -> int:
    """Where a count's words start: past the noun of the count before it in a joined list
    (3幅商住用地及1幅停车场用地: 商住 is the 3's, 停车场 the 1's)."""
    joined = q.unit in parcel_counters() and _NOUN_JOINED.match(txt, word_start, q.start)  # (counts only)
    if joined and _NOUN_AFTER.match(txt, q.end):
        return joined.end()
    return word_start


def _describe(current: Draft, subject, word_start: int, q: Quantity, trail_end: int) -> None:
    """The words that describe q in its draft: those before 占 for a share, else those around it."""
    if subject is not None:
        current.use_type = current.use_type or subject[0] or None
        current.spans += [(word_start, word_start + len(subject[1])), (q.end, q.end)]
    else:
        current.spans += [(word_start, q.end), (q.end, trail_end)]


def _add_compared(found: list[Draft], q: Quantity, measure: str | None, word_start: int) -> None:
    """较2014年同期的10890亿元, 相比去年同期的11.92亿平方米: the draft before's figure for that period."""
    measure = measure or ("revenue" if q.kind == "money" else None)
    if measure in found[-1].measures:
        found.append(Draft({measure: q}, word_start, [(word_start, q.end)], compared=True))


_SOLD_BY_TRANSFER = {(None, "transfer", None), ("market_sold", None, None)}


def _same_statement(named: tuple, current: tuple) -> bool:
    """共出让6宗地块,总成交面积约512.6亩,总成交金额约38.4亿元: 成交 after 出让 is of the same parcels."""
    return named == current or {named, current} == _SOLD_BY_TRANSFER


def _named(described: str) -> tuple:
    """(kind, channel, exclusion) the words name: 合计推出土地面积 names what 共推出…295宗 named."""
    reading = phrases.reading_of(described, use_type=False)
    return (reading.kind, reading.channel, reading.excluded)


def _proceeds_leave(current_names: tuple, words: str, where: tuple) -> bool:
    """Proceeds whose label names a channel or a sale leave a draft that cannot have them.

    供应建设用地2.35万亩,实现土地出让收入41.6亿元: a supply total above the channels;
    成交5宗,1宗流拍,成交总价23.5亿元: a draft of parcels not sold; where is (txt, the current draft).
    """
    if _total_after_method(*where, words):
        return True
    label = phrases.revenue_label_at(words) or ""
    if current_names[:2] == ("supply", None):
        return bool(phrases.revenue_labels().get(label))
    return len(current_names) == 3 and current_names[2] is not None and "成交" in label


_BARE = re.compile(r"\s*(?:达到|达|为|计|约)+\s*")


def _bare_proceeds(txt: str, found: list[Draft], words: str, q: Quantity) -> str | None:
    """revenue: an amount with only 达/为 before it, right after a draft whose words hold a money label and no
    amount (招拍挂出让价款占总价款的94.9%,达15098.5亿元: the amount of the share's subject)."""
    if q.kind != "money" or not found or "revenue" in found[-1].measures or not _BARE.fullmatch(words):
        return None
    return "revenue" if phrases.revenue_label_at(txt[found[-1].start : q.start]) is not None else None


def _won_at(txt: str, q: Quantity) -> str | None:
    """…被…摇中,总价4.53亿元: the price said in the clause right after the win is the price paid."""
    won = q.kind == "money" and phrases.cue_found("won_before").search(txt, max(0, q.start - 24), q.start)
    return "revenue" if won and not MORE_THAN.search(q.printed) else None


def _total_after_method(txt: str, current: Draft | None, words: str) -> bool:
    """出让总收入 after a method's or a use type's part (其中招拍挂出让土地11.53万公顷,…,土地出让总收入达1.3万亿元;
    出让73宗住宅用地以及43宗商业用地,土地出让总额达到1068.7亿元): the channel's."""
    label = phrases.revenue_label_at(words) or ""
    if current is None or "总" not in label or not phrases.revenue_labels().get(label):
        return False
    own = " ".join(txt[s:e] for s, e in current.spans)  # 43宗、1130亩商业用地: the noun after the count too
    return bool(phrases.methods_in("transfer", own)[0] or current.use_type or use_type_of(own))


_SAME_PERIOD = re.compile(
    r"(?:[比较与]|相比)\s*(?:(?:19|20)\d\d\s*年|上年|去年|前年|上一年)?\s*同期(?:的|为)?\s*$"
)
_UNREAD_LIST = re.compile(r"分别[\u4e00-\u9fff]{0,8}$")  # 武汉和重庆分别成交土地面积127万平方米和56万平方米
_LIST_JOIN = re.compile(r"\s*(?:、|和|及|与)?\s*")


_SHARE_SUBJECT = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:用地)?(?:供应量|面积)?(?:所)?占")


def _share_subject(words: str) -> tuple[str, str] | None:
    """(use type named before 占 or '', the words before 占) of a share; None without 占."""
    at = words.rfind("占")
    if at < 0:
        return None
    before = words[:at]
    match = _SHARE_SUBJECT.search(words, 0, at + 1)
    name = match.group(1) if match and match.end() == at + 1 else ""
    name = name.removeprefix("其中").removeprefix("从")
    if phrases.cue_found("channel", "kind", "exclude").search(name) or len(name) < 2:
        name = ""
    return name, before


def _within(numbers: list[Quantity], segment: Segment, used: set[int]) -> list[Quantity]:
    """The numbers of a segment that no list took, outside its asides (numbers are in text order)."""
    start, end, asides = segment.start, segment.end, segment.asides
    if len(numbers) > _FEW:
        first = bisect.bisect_left(numbers, start, key=_START)
        numbers = numbers[first : bisect.bisect_left(numbers, end, first, key=_START)]
    found = [q for q in numbers if start <= q.start and q.end <= end and q.start not in used]
    if not asides:
        return found
    outside, k = [], 0  # both in text order: one walk
    for q in found:
        while k < len(asides) and asides[k][1] <= q.start:
            k += 1
        if not (k < len(asides) and asides[k][0] < q.start):
            outside.append(q)
    return outside


_SPACES = re.compile(r"\s*")
_CLAUSE_END = re.compile(r"\s*[,，]\s*")


def clause_lead(txt: str, first: int, floor: int) -> int:
    """Where a draft's period words start: back over a clause after ; holding only its period, cues of
    period_cues.csv (…502.7亿元;2009年,土地成交243宗; …;2月,出让土地9宗): the period of the clause after it."""
    start = max(floor, first - 16)
    semicolon = max(txt.rfind(";", start, first), txt.rfind("；", start, first))
    if semicolon < 0:
        return first
    at, regex = _SPACES.match(txt, semicolon + 1, first).end(), period_cues()[0]
    opens, cues = opening_chars(regex), 0  # (most clauses open with no character a cue opens with: not tried)
    while (
        (opens is None or opens.match(txt, at, first))
        and (cue := regex.match(txt, at, first))
        and cue.end() > at
    ):  # 2009年6月: a year, then a month
        at, cues = _SPACES.match(txt, cue.end(), first).end(), cues + 1
    return semicolon + 1 if cues and _CLAUSE_END.fullmatch(txt, at, first) else first


def excluded_sentences(layout: text.Layout) -> list[Excluded]:
    """Sentences with parcels or land areas and the exclusion cues they hold (for an empty table's reason)."""
    found = []
    for _, sentences in layout.paragraphs:
        for start, end in sentences:
            numbers = layout.quantities_in(start, end)
            if not any(q.kind == "land_area" or q.unit in parcel_counters() for q in numbers):
                continue
            reasons = []
            for cue in phrases.cues()["exclude"]:
                if cue.regex.search(layout.text, start, end) and cue.value not in reasons:
                    reasons.append(cue.value)
            found.append(Excluded(start, end, tuple(reasons)))
    return found

"""What a whole sentence says about its figures, each read once when first asked (the sentence is read in one pass).

    SentenceFacts(txt, start, end, first)   .supplies: the sentence names supply and nothing else
                                            .put_up_only: lots told by their starting price, no sale
                                            .announced(draft): 发布了…出让公告,该地块…出让面积约58亩
                                            .not_its_own(draft, ...): …732亿元,仅次于北京;
                                            .not_land(draft): …出让矿业权321宗,2024年出让111宗;
                                            .own_reading(draft, reading, sibling): the reading with both

A draft whose own words name nothing excluded may still be no row because of its sentence (a notice, a plan,
a rank after it, minerals sold before it); earlier.py attaches figures to records stated before them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..source.fast_search import found_anywhere
from ..source.units import threshold_qualifiers
from . import phrases
from .drafts import Draft
from .records import MARKET

__all__ = ["SentenceFacts"]

_THRESHOLD = re.compile(r"\s*(?:及?以上|及?以下)?的[^,;。\d]{0,8}?(?:地块|宗地|用地|土地|地)")
_FRAME_END = re.compile(r"[^,;。\d]{0,6}?中\s*[,:]")  # 在…的15宗地块中,: a frame, not a statement
# a plan or a forecast covers its sentence until it says what was done
_UNTIL_DONE = frozenset(("plan", "target"))


class SentenceFacts:
    """What a whole sentence names, each read once, when first asked (the sentence is read in one pass)."""

    def __init__(self, txt: str, start: int, end: int, first: int | None = None):
        self.txt, self.start, self.end = txt, start, end
        self.first = end if first is None else first  # where its first number stands
        self._supplies: bool | None = None
        self._sold: tuple[list[int], list[str]] | None = None
        self._announced: tuple[int, str] | None = None
        self._put_up: bool | None = None

    @property
    def supplies(self) -> bool:
        """The sentence names supply and no other kind, channel or exclusion but a change: its use types are."""
        if self._supplies is None:
            whole = phrases.blank_labels(self.txt[self.start : self.end])
            kinds = {phrases.last_cue("kind", m.group()) for m in phrases.cue_regex("kind").finditer(whole)}
            other = found_anywhere(phrases.exclusions_but("change"))  # 同比增加36.1% says nothing of it
            self._supplies = (
                kinds == {"supply"}
                and not phrases.cue_found("channel").search(whole)
                and not other.search(whole)
            )
        return self._supplies

    @property
    def put_up_only(self) -> bool:
        """The sentence tells lots by their starting price and no sale (a sale word after 预计/将 is none)."""
        if self._put_up is None:
            txt, start, end, may_be = self.txt, self.start, self.end, phrases.cue_found("may_be")
            self._put_up = bool(phrases.cue_found("starting_price").search(txt, start, end)) and not any(
                not may_be.search(txt, max(start, txt.rfind(",", start, m.start())), m.start())
                for m in phrases.cue_regex("sold_word").finditer(txt, start, end)
            )
        return self._put_up

    def announced(self, draft: Draft) -> str | None:
        """announcement, plan, target or backlog, when the sentence says before the draft that it reports a notice,
        follows a plan, is about one or forecasts (发布了…公告, 根据土拍计划, 供应计划出台, 预计), or supplies out of
        approved land (批准…已供应). A plan or forecast is the sentence's only when named before its first number,
        and not past words saying what was done (实际, 已, 完成)."""
        if self._announced is None:
            found = phrases.cue_ends("announced", self.txt, self.start, self.end)
            self._announced = found[0] if found else (self.end + 1, "")
        end, why = self._announced
        if end > draft.start:
            return None
        if why not in _UNTIL_DONE:
            return why
        if end > self.first:
            return (
                None  # …出让金7亿元,2025年计划出让…;住宅用地…: a plan in passing, not the sentence's subject
            )
        first = min([q.start for q in draft.measures.values()])
        done = phrases.cue_found("done").search(self.txt, end, first)
        return None if done else why  # 计划供应260公顷,实际供应271.4公顷: what was done, after the plan

    def own_reading(
        self, draft: Draft, reading: phrases.Reading, sibling: phrases.Reading | None
    ) -> phrases.Reading:
        """The reading with why the draft is no row (not_its_own), and lots put up in a sentence that tells them
        by their starting price and no sale read as offered, not transferred (…共有16宗,…,总起拍价240亿元)."""
        if not reading.excluded and (why := self.not_its_own(draft, reading, sibling)) != reading.excluded:
            reading = replace(reading, excluded=why)
        if reading.channel == "transfer" and self.put_up_only:
            reading = replace(reading, kind="market_offered", channel=None, method=None)
        return reading

    def not_its_own(
        self, draft: Draft, reading: phrases.Reading, sibling: phrases.Reading | None
    ) -> str | None:
        """Why a draft is no row although its words name nothing excluded, or None.

        A rank right after it (…土地出让金收入732亿元,仅次于北京): one place among others;
        places counted before a threshold (12个城市土地出让收入超500亿元): no total.
        A market area with no count whose sentence names no land up to it (成交总面积
        242.05万平方米 under a heading on housing): floor space or homes, maybe.
        Only a use type after an excluded figure (推出地块45宗,其中含宅用地28宗): of the same.
        """
        after = phrases.cue_at("figure_after", self.txt, end := draft.end)  # (end: a max over its measures)
        if after:
            return after  # …732亿元,仅次于北京 (a rank); 与…中的51宗相比 (a comparison)
        # 12个城市土地出让收入超500亿元
        over = [q for q in draft.measures.values() if q.qualifier in threshold_qualifiers()]
        if over and phrases.cue_found("places_counted").search(self.txt, draft.start, end):
            return "condition"
        if any(
            _THRESHOLD.match(self.txt, q.end)
            and (q.qualifier in threshold_qualifiers() or self.txt[q.end] in "以及")
            for q in draft.measures.values()
        ):
            return "condition"  # 拍出超过10亿元的地块48宗, 面积超过600亩的巨型地块: lots of a size or price, counted
        clause = max(self.start, self.txt.rfind(",", self.start, draft.start))
        if _FRAME_END.match(self.txt, end) and "在" in self.txt[clause : draft.start]:
            return (
                "condition"  # 在成交的15宗地块中,11宗地块底价成交: the set the clause speaks of, named again
            )
        market_area = reading.kind in MARKET and not reading.channel and set(draft.measures) == {"area"}
        if market_area and not phrases.cue_found("land").search(self.txt, self.start, end):
            return "no_land"
        only_use = reading.use_type is not None and not (reading.channel or reading.kind or reading.method)
        return sibling.excluded if sibling is not None and only_use else None

    def not_land(self, draft: Draft) -> str | None:
        """What the sentence sells before the draft when it is not land (矿业权, 商品房), if the draft names no land."""
        if self._sold is None:
            found = phrases.cue_ends("not_land", self.txt, self.start, self.end)
            self._sold = ([e for e, _ in found], [value for _, value in found])
        ends, values = self._sold
        before = bisect.bisect_right(ends, draft.start)
        if not before:
            return None
        first, last = min([s for s, _ in draft.spans]), max([e for _, e in draft.spans])
        return (
            None
            if phrases.cue_found("land").search(self.txt, min(first, draft.start), last)
            else values[before - 1]
        )

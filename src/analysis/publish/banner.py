"""The banner every reviewer page of a report carries: what its own checks found, then how far rows of its
kind of text came out right on the yardstick. Chinese first, English under it, a sentence a line.

    banner(report)   # Banner(zh=('本报告自身的核对：…', '本文读来像工作总结。…'), en=(...), marked='plain')

Its words are the rules' (present/rules/wording.csv group own_check; extract/rules/reliability_words.csv),
its figures counted from the report's tables and the measured reliability.csv: nothing is typed for one report.
"""

from __future__ import annotations

from typing import NamedTuple

from ..present.reader import WORDING

__all__ = ["NO_BANNER", "Banner", "banner"]


class Banner(NamedTuple):
    """The banner of a report's pages: its sentences in Chinese and in English (the report's own checks, then
    its kind's measure), each on a line of its own; `marked`, the class its box is drawn with."""

    zh: tuple[str, ...]
    en: tuple[str, ...]
    marked: str
    said_short: tuple[str, str] = ("", "")  # the inner pages' one line, Chinese and English

    def short(self, lang: str) -> str:
        """The line the pages after the front carry in `lang`: the report's own checks in short (only the
        problems they found, else that they found none) and the kind's advice; the front page says it all."""
        return self.said_short[0 if lang == "zh" else 1]


NO_BANNER = Banner((), (), "")  # a page of no one report (the library's): no banner


def banner(report) -> Banner:
    """The banner every page of a report carries, Chinese first: what the report's own checks say (its
    digits, its totals against their parts, its statements read), then its kind of text and how far rows of
    that kind came out right. A problem its own checks found marks it `check`, whatever its kind."""
    from ..extract.text_kind import advice, report_kind, told
    from ..present.notes import own_checks

    kind, own = report_kind(report), own_checks(report)
    marked = advice(kind) if own.sound else "check"
    short = tuple(
        own.problems[lang]
        or ("" if lang == "zh" else " ").join(  # Chinese sentences run on; English ones take a space
            filter(None, (WORDING.label("own_check", k, lang) for k in ("short_sound", f"advice_{marked}")))
        )
        for lang in ("zh", "en")
    )
    return Banner((own.zh, told(kind, "zh", "banner")), (own.en, told(kind, "en", "banner")), marked, short)

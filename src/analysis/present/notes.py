"""Sentences a notebook says about its report, made from the report's tables (never typed for one report).

    note("parts_agree", REPORT, LANG)      # 报告分别列出合计和各分项：3项核对中，2项不完全一致（均在舍入容差之内）。
    note("land_use_total", REPORT, LANG)   # 合计是三大类之和（报告未列合计）。

A notebook's prose is generic; what is true of one report only (whether its
totals agree with their parts, whether it states a total) is one of these,
filled in from its tables, or its registry's findings and caveats.
"""

from __future__ import annotations

from .reader import WORDING
from .shown import LANGS, Shown, esc

__all__ = ["NOTES", "note", "note_text"]


def _parts_agree(report) -> tuple[str, dict]:
    from .. import tables

    frame = tables.reconcile(report)
    if frame.empty:
        return "no_parts", {}
    differ = frame[~frame["is_consistent"].astype(bool)]
    if differ.empty:
        return "parts_agree", {"n": len(frame)}
    rounding = int(differ["is_within_rounding"].astype(bool).sum())
    key = "parts_within_rounding" if rounding == len(differ) else "parts_differ"
    return key, {"n": len(frame), "m": len(differ), "r": rounding}


def _land_use_total(report) -> tuple[str, dict]:
    from .. import tables

    frame = tables.land_use(report)
    if frame.empty:
        return "no_land_use", {}
    stated = bool((frame["item_id"] == "land_use.total").any())
    return ("total_stated" if stated else "total_summed"), {}


NOTES = {"parts_agree": _parts_agree, "land_use_total": _land_use_total}


def note_text(key: str, report=None, lang: str = "zh") -> str:
    """The sentence `key` says of `report`, in `lang`."""
    wording, values = NOTES[key](report)
    return WORDING.label("note", wording, lang).format(**values)


def note(key: str, report=None, lang: str = "zh") -> Shown:
    """The sentence `key` says of `report`, as a paragraph in both languages."""
    texts = {each: note_text(key, report, each) for each in LANGS}
    return Shown({each: f"<p>{esc(texts[each])}</p>" for each in LANGS}, lang, text=texts[lang])

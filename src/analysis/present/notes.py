"""Sentences a notebook says about its report, made from the report's tables (never typed for one report).

    note("parts_agree", REPORT, LANG)      # 报告分别列出合计和各分项：3项核对中，2项不完全一致（均在舍入容差之内）。
    note("land_use_total", REPORT, LANG)   # 合计是三大类之和（报告未列合计）。
    own_checks(REPORT)   # OwnChecks(zh='本报告自身的核对：原文95处数字均已读入表格或注明不计；…', en=..., problems=...)

A notebook's prose is generic; what is true of one report only (whether its
totals agree with their parts, whether it states a total) is one of these,
filled in from its tables, or its registry's findings and caveats.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reader import WORDING
from .shown import LANGS, Shown, esc

__all__ = ["NOTES", "OwnChecks", "digits_said", "note", "note_text", "own_checks"]


@dataclass(frozen=True)
class OwnChecks:
    """What a report's own checks say, one sentence per language; `problems`, the same sentence with only what
    they found wrong ('' for each language when they found nothing), for the inner pages."""

    zh: str
    en: str
    problems: dict[str, str]

    @property
    def sound(self) -> bool:
        """None of the checks found a problem."""
        return not any(self.problems.values())


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


def _key_by_count(check: str, n: int) -> str:
    """The wording of a check by how many problems it found: none (check_all), one or some (wording.csv)."""
    return f"{check}_{'all' if not n else 'one' if n == 1 else 'some'}"


def _digits(report) -> tuple[str, dict]:
    from .. import tables

    counts = tables.numbers(report)["status"].value_counts()
    total, loose = int(counts.sum()), int(counts.get("unaccounted", 0))
    return _key_by_count("digits", loose), {"total": total, "n": loose}


def digits_said(report, lang: str) -> str:
    """What the report's digits come to, as a clause (no opening, no full stop): all accounted for, or how many
    of them are not (tables.numbers)."""
    key, values = _digits(report)
    return WORDING.label("own_check", key, lang).format(**values)


def _statements(report) -> list[tuple[str, dict]]:
    """The statements not read, and apart from them the rows read but withheld (said only when there are)."""
    from .withheld import unread_apart

    unread, withheld = (len(found) for found in unread_apart(report))
    said = [(_key_by_count("read", unread), {"n": unread})]
    return said + ([(_key_by_count("withheld", withheld), {"n": withheld})] if withheld else [])


def own_checks(report=None) -> OwnChecks:
    """The checks the library computes of every report, said in one sentence per language: its digits all
    accounted for (tables.numbers), its totals against their parts (tables.reconcile), its statements all read
    (extraction's unread). Every figure is counted from the report's tables, never typed."""
    key, values = _parts_agree(report)
    if key in ("parts_within_rounding", "parts_differ"):
        values = {**values, "k": values["m"] - values["r"]}  # checks whose difference rounding cannot explain
    found = [_digits(report), (key, values), *_statements(report)]
    wrong = [(k, v) for k, v in found if k in PROBLEMS]
    texts, problems = ({lang: _said(said, lang) for lang in LANGS} for said in (found, wrong))
    return OwnChecks(texts["zh"], texts["en"], problems if wrong else dict.fromkeys(LANGS, ""))


PROBLEMS = {
    "digits_one",
    "digits_some",
    "parts_differ",
    "withheld_one",
    "withheld_some",
    "read_one",
    "read_some",
}  # what own_checks finds wrong


def _said(found: list[tuple[str, dict]], lang: str) -> str:
    """The checks `found` in one sentence, ending with 'check these first' when one of them is a problem."""
    sound = not {k for k, _ in found} & PROBLEMS
    return (
        WORDING.label("own_check", "opening", lang)
        + WORDING.label("own_check", "joint", lang).join(
            WORDING.label("own_check", k, lang).format(**v) for k, v in found
        )
        + WORDING.label("own_check", "end" if sound else "end_check", lang)
    )

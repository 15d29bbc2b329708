"""The vocabulary of land statements in Chinese and English (extract/rules/vocabulary.csv).

Groups: channel, method, use_type, land_class (what the extractor reads and
the tables name), and topic, kind, exclusion_reason (what the curated
registry may say about a number).

    label("channel", "transfer")        # 国有建设用地出让
    code_of("use_type", "工业")          # industrial
    en_of("land_class", "耕地")          # Cultivated land
"""

from __future__ import annotations

from functools import cache

from ..source.rules import LabelTable, rules_dir

__all__ = ["VOCABULARY", "code_of", "en_of", "known_ending", "known_use_types", "label", "zh_labels"]

VOCABULARY = LabelTable(rules_dir(__file__) / "vocabulary.csv")
label = VOCABULARY.label
code_of = VOCABULARY.code_of
en_of = VOCABULARY.en_of
zh_labels = VOCABULARY.zh_labels


@cache
def known_use_types() -> tuple[str, ...]:
    """Use types of the vocabulary, longest first (住宅房地产及商业 before 商业)."""
    known = set(zh_labels("use_type")) - {label("use_type", "total"), label("use_type", "not_stated")}
    return tuple(sorted(known, key=len, reverse=True))


def known_ending(name: str) -> str | None:
    """The longest known use type the name ends with (住宅房地产及商业 before 商业), or None."""
    lengths, known = _known_lengths()
    for n in lengths:  # (a loop, not a generator: asked for every use type read)
        if name[-n:] in known:
            return name[-n:]
    return None


@cache
def _known_lengths() -> tuple[tuple[int, ...], frozenset[str]]:
    """(the lengths of the known use types, longest first; the set): a set lookup a length, not an endswith a type."""
    known = known_use_types()
    return tuple(sorted({len(k) for k in known} - {0}, reverse=True)), frozenset(known)

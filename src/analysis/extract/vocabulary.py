"""The vocabulary of land statements in Chinese and English (extract/rules/vocabulary.csv).

Groups: channel, method, use_type, land_class (what the extractor reads and
the tables name), and topic, kind, exclusion_reason (what the curated
registry may say about a number).

    label("channel", "transfer")        # 国有建设用地出让
    code_of("use_type", "工业")          # industrial
    en_of("land_class", "耕地")          # Cultivated land
"""

from __future__ import annotations

from ..source.rules import LabelTable, rules_dir

__all__ = ["VOCABULARY", "code_of", "en_of", "label", "zh_labels"]

VOCABULARY = LabelTable(rules_dir(__file__) / "vocabulary.csv")
label = VOCABULARY.label
code_of = VOCABULARY.code_of
en_of = VOCABULARY.en_of
zh_labels = VOCABULARY.zh_labels

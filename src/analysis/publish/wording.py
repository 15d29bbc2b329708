"""The words of the decks and the workbook in Chinese and English (publish/rules/wording.csv).

Groups: deck (title slide, speaker notes, file properties), workbook (the
README sheet), manifest and field (the labels of the provenance and columns
sheets).
"""

from __future__ import annotations

from ..source.rules import LabelTable, rules_dir

__all__ = ["WORDING"]

WORDING = LabelTable(rules_dir(__file__) / "wording.csv")

"""The words of the charts in Chinese and English (charts/rules/wording.csv).

Groups: chart_title (one per chart), chart_text (subtitles, notes, labels,
axis titles, with {placeholders}), unit_suffix (万元/亩, 公顷, ...).
"""

from __future__ import annotations

from ..source.rules import LabelTable, rules_dir

__all__ = ["WORDING"]

WORDING = LabelTable(rules_dir(__file__) / "wording.csv")

"""Which ratios are standard (a named definition, rules/standard_ratios.csv) and which are for reference.

    is_standard("price_per_mu.industrial")        # True: 亩均出让价款 = 出让金 ÷ 出让面积
    is_standard("farmland_restored_vs_quota")     # False: two figures side by side, 参考 only
    reference_name("恢复耕地与…之比", "farmland_restored_vs_quota", "zh")   # 恢复耕地与…之比（参考）

A headline (a front-page card, a finding on the front page) is a figure the
report states or a standard ratio; a nonstandard ratio is shown with the
word 参考 / reference and is never a headline. A ratio's kind is its id up
to the first dot (price_per_mu.industrial is a price_per_mu); development
intensity without unused land (development_intensity.excluding_unused) is
not the standard definition and is listed by its whole id nowhere, so it is
a reference figure.
"""

from __future__ import annotations

from functools import cache

from ..source.rules import rule_table, rules_dir

_RULES = rules_dir(__file__)

__all__ = ["definition", "is_standard", "reference_name"]

_NONSTANDARD_VARIANTS = ("excluding_unused",)  # a standard measure computed another way


@cache
def _definitions() -> dict[str, dict[str, str]]:
    rows = rule_table(_RULES, "standard_ratios", ("ratio", "definition_zh", "definition_en"))
    return {r["ratio"]: r for r in rows}


def _kind(ratio_id: str) -> str | None:
    if ratio_id in _definitions():
        return ratio_id
    head, _, tail = ratio_id.partition(".")
    if tail in _NONSTANDARD_VARIANTS:
        return None
    return head if head in _definitions() else None


def is_standard(ratio_id: str) -> bool:
    """True when the ratio has a named, standard definition."""
    return _kind(ratio_id) is not None


def definition(ratio_id: str, lang: str = "zh") -> str | None:
    """The named definition of a standard ratio, or None."""
    kind = _kind(ratio_id)
    return _definitions()[kind][f"definition_{lang}"] if kind else None


def reference_name(name: str, ratio_id: str, lang: str) -> str:
    """A ratio's name as readers see it: a nonstandard one carries 参考 / reference."""
    if is_standard(ratio_id):
        return name
    return f"{name}（参考）" if lang == "zh" else f"{name} (reference)"
